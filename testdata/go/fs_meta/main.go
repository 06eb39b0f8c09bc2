// fs_meta: metadata through package os in the work directory given as the
// first argument: os.Stat/os.Lstat/File.Stat (fs.stat, fs.lstat, fs.fstat),
// the fields of syscall.Stat_t that are stable (mode bits, size, nlink,
// owner), Chmod and File.Chmod (fs.chmod, fs.fchmod), Chown, File.Chown and
// Lchown to the caller's own uid and gid (fs.chown, fs.fchown, fs.lchown),
// Chtimes (fs.utimes, whole seconds), Symlink/Readlink (fs.symlink,
// fs.readlink), Link (fs.link) with os.SameFile, and Rename (fs.rename).
package main

import (
	"fmt"
	"os"
	"syscall"
	"time"

	. "gowasm.test/testdata/fs_common"
)

func stat(label, path string) os.FileInfo {
	fi, err := os.Stat(path)
	if err != nil {
		Say("%s: %s", label, E(err))
		return nil
	}
	Describe(label, fi)
	return fi
}

func lstat(label, path string) os.FileInfo {
	fi, err := os.Lstat(path)
	if err != nil {
		Say("%s: %s", label, E(err))
		return nil
	}
	Describe(label, fi)
	return fi
}

func sys(label string, fi os.FileInfo) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		Say("%s: Sys() is %T", label, fi.Sys())
		return
	}
	size := "-" // a directory's size depends on the host filesystem
	if !fi.IsDir() {
		size = fmt.Sprint(st.Size)
	}
	Say("%s: st_mode=%#o nlink=%d size=%s own uid=%v own gid=%v ino>0=%v blksize>0=%v",
		label, st.Mode, st.Nlink, size, int(st.Uid) == os.Getuid(), int(st.Gid) == os.Getgid(), st.Ino > 0, st.Blksize > 0)
}

func perm(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return E(err)
	}
	return fmt.Sprintf("%v %#o", fi.Mode(), uint32(fi.Mode().Perm()))
}

func utc(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func times(label, path string) {
	fi, err := os.Stat(path)
	if err != nil {
		Say("%s: %s", label, E(err))
		return
	}
	st := fi.Sys().(*syscall.Stat_t)
	atime := time.Unix(st.Atime, st.AtimeNsec)
	Say("%s: mtime=%s atime=%s", label, utc(fi.ModTime()), utc(atime))
}

func main() {
	Start()
	os.WriteFile(P("f.txt"), []byte("twelve bytes"), 0644)
	os.Mkdir(P("d"), 0755)

	Section("stat")
	fi := stat("stat f.txt", P("f.txt"))
	sys("sys f.txt", fi)
	fi = stat("stat d", P("d"))
	sys("sys d (nlink)", fi)
	stat("stat dir itself", Dir)
	f, err := os.Open(P("f.txt"))
	Must("open", err)
	fi, err = f.Stat()
	Must("fstat", err)
	Describe("File.Stat", fi)
	f.Close()
	f, err = os.Open(P("d"))
	Must("open d", err)
	fi, err = f.Stat()
	Must("fstat d", err)
	Describe("File.Stat d", fi)
	f.Close()

	Section("chmod")
	for _, m := range []os.FileMode{0600, 0755, 0400, 0, 0777, 0640} {
		Check(fmt.Sprintf("Chmod %#o", uint32(m)), os.Chmod(P("f.txt"), m))
		Say("  now %s", perm(P("f.txt")))
	}
	// The sticky, setuid and setgid bits travel through os.FileMode.
	Check("Chmod sticky dir", os.Chmod(P("d"), 0755|os.ModeSticky))
	Say("  now %s", perm(P("d")))
	Check("Chmod setgid dir", os.Chmod(P("d"), 0750|os.ModeSetgid))
	Say("  now %s", perm(P("d")))
	Check("Chmod d back", os.Chmod(P("d"), 0755))
	Say("  now %s", perm(P("d")))
	f, err = os.OpenFile(P("f.txt"), os.O_RDWR, 0)
	Must("open f.txt", err)
	Check("File.Chmod 0604", f.Chmod(0604))
	Say("  now %s", perm(P("f.txt")))
	Check("File.Chmod 0644", f.Chmod(0644))
	Say("  now %s", perm(P("f.txt")))

	Section("chown to self")
	uid, gid := os.Getuid(), os.Getgid()
	Say("uid>=0 %v gid>=0 %v", uid >= 0, gid >= 0)
	Check("Chown", os.Chown(P("f.txt"), uid, gid))
	Check("File.Chown", f.Chown(uid, gid))
	Check("Chown -1 -1 (no change)", os.Chown(P("f.txt"), -1, -1))
	f.Close()
	sys("after chown", stat("stat", P("f.txt")))

	Section("chtimes")
	at := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	mt := time.Date(2010, 11, 12, 13, 14, 15, 0, time.UTC)
	Check("Chtimes", os.Chtimes(P("f.txt"), at, mt))
	times("read back", P("f.txt"))
	// Go passes whole seconds only: the fraction is dropped.
	Check("Chtimes with nanoseconds", os.Chtimes(P("f.txt"), at.Add(987654321), mt.Add(123456789)))
	times("read back", P("f.txt"))
	// Beyond 2^32 seconds.
	far := time.Date(2200, 1, 2, 3, 4, 5, 0, time.UTC)
	Check("Chtimes 2200", os.Chtimes(P("f.txt"), far, far))
	times("read back", P("f.txt"))
	Check("Chtimes dir", os.Chtimes(P("d"), at, mt))
	times("dir read back", P("d"))
	// Node replaces a negative time (before 1970) with the current time.
	Check("Chtimes 1969", os.Chtimes(P("f.txt"), time.Date(1969, 7, 20, 20, 17, 0, 0, time.UTC), mt))
	fi, _ = os.Stat(P("f.txt"))
	st := fi.Sys().(*syscall.Stat_t)
	Say("  mtime=%s atime recent=%v", utc(fi.ModTime()), Recent(time.Unix(st.Atime, 0)))
	// Writing moves the modification time to now.
	os.WriteFile(P("f.txt"), []byte("rewritten"), 0644)
	fi, _ = os.Stat(P("f.txt"))
	Say("after write: mtime recent=%v", Recent(fi.ModTime()))

	Section("symlinks")
	// Under gowasm-run --dir, a mount is the root for its symbolic links
	// (absolute targets resolve inside it, like a chroot), unlike Node's
	// whole host; the --dir case passes "relative-links" and makes the
	// "absolute" link relative so that both runners agree.
	absolute := P("f.txt")
	if len(os.Args) > 2 && os.Args[2] == "relative-links" {
		absolute = "f.txt"
	}
	Check("Symlink f.txt", os.Symlink("f.txt", P("link-rel")))
	Check("Symlink absolute", os.Symlink(absolute, P("link-abs")))
	Check("Symlink dir", os.Symlink("d", P("link-dir")))
	Check("Symlink dangling", os.Symlink("does-not-exist", P("link-dangling")))
	Check("Symlink chain", os.Symlink("link-rel", P("link-chain")))
	for _, name := range []string{"link-rel", "link-abs", "link-dir", "link-dangling", "link-chain"} {
		target, err := os.Readlink(P(name))
		Say("Readlink %s: %q %s", name, Hide(target), E(err))
		lfi := lstat("  lstat", P(name))
		if lfi != nil {
			Say("  lstat symlink=%v", lfi.Mode()&os.ModeSymlink != 0)
		}
		stat("  stat", P(name))
	}
	b, err := os.ReadFile(P("link-chain"))
	Say("read through chain: %q %s", b, E(err))
	Check("write through link", os.WriteFile(P("link-abs"), []byte("via link"), 0644))
	b, _ = os.ReadFile(P("f.txt"))
	Say("f.txt now: %q", b)
	os.WriteFile(P("d", "inner.txt"), []byte("inner"), 0644)
	b, err = os.ReadFile(P("link-dir", "inner.txt"))
	Say("read through dir link: %q %s", b, E(err))
	Check("Lchown link", os.Lchown(P("link-rel"), os.Getuid(), os.Getgid()))
	Check("Remove link", os.Remove(P("link-dangling")))
	_, err = os.Lstat(P("link-dangling"))
	Say("lstat removed link: %s", E(err))
	_, err = os.Stat(P("link-dir", "inner.txt"))
	Say("target kept: %s", E(err))

	Section("hard links")
	os.WriteFile(P("orig.txt"), []byte("shared content"), 0644)
	Check("Link", os.Link(P("orig.txt"), P("hard.txt")))
	a, _ := os.Stat(P("orig.txt"))
	h, _ := os.Stat(P("hard.txt"))
	sys("orig", a)
	sys("hard", h)
	Say("SameFile: %v", os.SameFile(a, h))
	Say("SameFile with f.txt: %v", os.SameFile(a, stat("f", P("f.txt"))))
	os.WriteFile(P("hard.txt"), []byte("changed via hard link"), 0644)
	b, _ = os.ReadFile(P("orig.txt"))
	Say("orig reads: %q", b)
	Check("Remove orig", os.Remove(P("orig.txt")))
	h, _ = os.Stat(P("hard.txt"))
	sys("hard after remove", h)

	Section("rename")
	os.WriteFile(P("r1.txt"), []byte("first"), 0644)
	os.WriteFile(P("r2.txt"), []byte("second"), 0644)
	Check("Rename r1 -> r3", os.Rename(P("r1.txt"), P("r3.txt")))
	_, err = os.Stat(P("r1.txt"))
	Say("old name: %s", E(err))
	Check("Rename r3 over r2", os.Rename(P("r3.txt"), P("r2.txt")))
	b, _ = os.ReadFile(P("r2.txt"))
	Say("r2: %q", b)
	Check("Rename into d", os.Rename(P("r2.txt"), P("d", "r2.txt")))
	Check("Rename dir", os.Rename(P("d"), P("d2")))
	b, err = os.ReadFile(P("d2", "r2.txt"))
	Say("d2/r2.txt: %q %s", b, E(err))
	os.Mkdir(P("empty"), 0755)
	Check("Rename dir over empty dir", os.Rename(P("d2"), P("empty")))
	b, err = os.ReadFile(P("empty", "inner.txt"))
	Say("empty/inner.txt: %q %s", b, E(err))
	Check("Rename to itself", os.Rename(P("f.txt"), P("f.txt")))
	Check("Rename relative", func() error {
		wd, _ := os.Getwd()
		if err := os.Chdir(Dir); err != nil {
			return err
		}
		defer os.Chdir(wd)
		return os.Rename("f.txt", "g.txt")
	}())
	Say("g.txt: %s", perm(P("g.txt")))
	fmt.Println("done")
}
