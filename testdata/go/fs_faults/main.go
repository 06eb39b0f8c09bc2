// fs_faults: faults of the host file system as the guest meets them, in the
// work directory given as the first argument, one scenario per run (the
// second argument). The test harness provides the conditions:
//
//	eacces        run as an unprivileged user (root bypasses permissions);
//	              rootfile and rootdir in DIR belong to root
//	enospc        DIR is a small tmpfs (256 KiB)
//	emfile        run under a low limit of open descriptors
//	deleted       files and directories removed or replaced while open
//	cwd_deleted   the working directory removed under the guest
//	renamed       the directory the guest is in renamed (by the guest)
//	renamed_escape  the same, then attempts to climb out of the mount
//	              (gowasm-run only, DIR mounted, secrets next to it)
//	renamed_out   the harness moves the working directory out of the
//	              mount (gowasm-run only, DIR mounted); the guest writes
//	              DIR/ready and waits for DIR/a to disappear
//
// Node reports a host failure as an error whose `code` names the errno;
// Go maps it to its syscall.Errno. Every error is printed with its text
// (the work directory as $DIR), the errno's name and number, so a wrong
// code shows even where the text would agree.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"syscall"
	"time"

	. "gowasm.test/testdata/fs_common"
)

// R describes an error as "text [NAME=number]", or "ok".
func R(err error) string {
	if err == nil {
		return "ok"
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return fmt.Sprintf("%s [%s=%d]", Hide(err.Error()), ErrnoName(err), int(errno))
	}
	return fmt.Sprintf("%s [no errno]", Hide(err.Error()))
}

func say(label string, err error) { Say("%s: %s", label, R(err)) }

func readFile(label, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		say(label, err)
		return
	}
	Say("%s: %q", label, b)
}

func list(label, path string) {
	entries, err := os.ReadDir(path)
	if err != nil {
		say(label, err)
		return
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	Say("%s: [%s]", label, strings.Join(names, " "))
}

func stat(label, path string) {
	fi, err := os.Stat(path)
	if err != nil {
		say(label, err)
		return
	}
	Say("%s: dir=%v mode=%v", label, fi.IsDir(), fi.Mode())
}

func openErr(path string, flag int) error {
	f, err := os.OpenFile(path, flag, 0644)
	if err == nil {
		f.Close()
	}
	return err
}

func getwd(label string) {
	wd, err := os.Getwd()
	if err != nil {
		say(label, err)
		return
	}
	Say("%s: %s", label, wd)
}

func main() {
	Start()
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: fs_faults DIR SCENARIO")
		os.Exit(2)
	}
	scenarios := map[string]func(){
		"eacces": eacces, "enospc": enospc, "emfile": emfile, "deleted": deleted,
		"cwd_deleted": cwdDeleted, "renamed": renamed, "renamed_escape": renamedEscape,
		"renamed_out": renamedOut,
	}
	run, ok := scenarios[os.Args[2]]
	if !ok {
		fmt.Fprintln(os.Stderr, "unknown scenario", os.Args[2])
		os.Exit(2)
	}
	run()
	fmt.Println("done")
}

func eacces() {
	Say("uid=%d euid=%d", os.Getuid(), os.Geteuid())
	Must("setup f000", os.WriteFile(P("f000"), []byte("secret"), 0644))
	Must("chmod f000", os.Chmod(P("f000"), 0))
	Must("setup f444", os.WriteFile(P("f444"), []byte("read only"), 0644))
	Must("chmod f444", os.Chmod(P("f444"), 0444))
	Must("setup d000", os.Mkdir(P("d000"), 0755))
	Must("setup d000/x", os.WriteFile(P("d000", "x"), []byte("x"), 0644))
	Must("chmod d000", os.Chmod(P("d000"), 0))
	Must("setup d555", os.Mkdir(P("d555"), 0755))
	Must("setup d555/x", os.WriteFile(P("d555", "x"), []byte("x"), 0644))
	Must("chmod d555", os.Chmod(P("d555"), 0555))
	Must("setup d111", os.Mkdir(P("d111"), 0755))
	Must("setup d111/x", os.WriteFile(P("d111", "x"), []byte("in d111"), 0644))
	Must("chmod d111", os.Chmod(P("d111"), 0111))

	Section("mode 000 file")
	readFile("ReadFile f000", P("f000"))
	say("Open f000", openErr(P("f000"), os.O_RDONLY))
	say("OpenFile f000 O_WRONLY", openErr(P("f000"), os.O_WRONLY))
	stat("Stat f000", P("f000"))
	say("Truncate f000", os.Truncate(P("f000"), 0))

	Section("mode 444 file")
	say("OpenFile f444 O_WRONLY", openErr(P("f444"), os.O_WRONLY))
	say("OpenFile f444 O_RDWR", openErr(P("f444"), os.O_RDWR))
	say("OpenFile f444 O_APPEND", openErr(P("f444"), os.O_WRONLY|os.O_APPEND))
	say("OpenFile f444 O_TRUNC", openErr(P("f444"), os.O_RDWR|os.O_TRUNC))
	say("WriteFile f444", os.WriteFile(P("f444"), []byte("x"), 0644))
	say("Truncate f444", os.Truncate(P("f444"), 0))
	readFile("ReadFile f444", P("f444"))

	Section("mode 000 directory")
	list("ReadDir d000", P("d000"))
	stat("Stat d000", P("d000"))
	stat("Stat d000/x", P("d000", "x"))
	readFile("ReadFile d000/x", P("d000", "x"))
	say("Create d000/new", openErr(P("d000", "new"), os.O_CREATE|os.O_WRONLY))
	say("Chdir d000", os.Chdir(P("d000")))
	getwd("Getwd after Chdir d000")

	Section("mode 555 directory")
	list("ReadDir d555", P("d555"))
	say("Create d555/new", openErr(P("d555", "new"), os.O_CREATE|os.O_WRONLY))
	say("WriteFile d555/new", os.WriteFile(P("d555", "new"), []byte("x"), 0644))
	say("Mkdir d555/sub", os.Mkdir(P("d555", "sub"), 0755))
	say("Remove d555/x", os.Remove(P("d555", "x")))
	say("Rename d555/x d555/y", os.Rename(P("d555", "x"), P("d555", "y")))
	say("Rename d555/x out", os.Rename(P("d555", "x"), P("moved")))
	say("Symlink in d555", os.Symlink("x", P("d555", "link")))
	say("Link in d555", os.Link(P("f444"), P("d555", "hard")))
	say("OpenFile d555/x O_WRONLY", openErr(P("d555", "x"), os.O_WRONLY))

	Section("mode 111 directory")
	list("ReadDir d111", P("d111"))
	readFile("ReadFile d111/x", P("d111", "x"))
	say("Chdir d111", os.Chdir(P("d111")))
	list("ReadDir . in d111", ".")
	readFile("ReadFile x in d111", "x")
	say("Create new in d111", openErr("new", os.O_CREATE|os.O_WRONLY))
	say("Chdir back", os.Chdir(Dir))

	Section("owned by root")
	say("Chmod rootfile", os.Chmod(P("rootfile"), 0600))
	say("Chown rootfile", os.Chown(P("rootfile"), os.Getuid(), os.Getgid()))
	say("Lchown rootfile", os.Lchown(P("rootfile"), os.Getuid(), os.Getgid()))
	t := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	say("Chtimes rootfile", os.Chtimes(P("rootfile"), t, t))
	say("OpenFile rootfile O_WRONLY", openErr(P("rootfile"), os.O_WRONLY))
	readFile("ReadFile rootfile", P("rootfile"))
	say("Create rootdir/new", openErr(P("rootdir", "new"), os.O_CREATE|os.O_WRONLY))
	say("Mkdir rootdir/sub", os.Mkdir(P("rootdir", "sub"), 0755))
	say("Chmod rootdir", os.Chmod(P("rootdir"), 0777))
	say("Remove rootdir (not empty)", os.Remove(P("rootdir")))
	say("Remove rootdir/file", os.Remove(P("rootdir", "file")))
	say("Rename rootfile (DIR is ours)", os.Rename(P("rootfile"), P("rootfile2")))
	say("Rename back", os.Rename(P("rootfile2"), P("rootfile")))

	Section("through a descriptor")
	f, err := os.Open(P("f444"))
	if err == nil {
		_, err = f.Write([]byte("x"))
		say("Write on read-only descriptor", err)
		say("f.Chmod f444", f.Chmod(0644))
		f.Close()
	}
	f, err = os.Open(P("rootfile"))
	if err == nil {
		say("f.Chmod rootfile", f.Chmod(0600))
		say("f.Chown rootfile", f.Chown(os.Getuid(), os.Getgid()))
		f.Close()
	}

	// Leave the tree removable for the harness (it runs as root anyway).
	for _, d := range []string{"d000", "d555", "d111"} {
		Must("chmod back "+d, os.Chmod(P(d), 0755))
	}
}

func enospc() {
	// Fill the tmpfs with one big file written in 64 KiB pieces.
	f, err := os.Create(P("big"))
	Must("create big", err)
	chunk := make([]byte, 64<<10)
	for i := range chunk {
		chunk[i] = byte(i)
	}
	total := 0
	var werr error
	for total < 4<<20 {
		n, err := f.Write(chunk)
		total += n
		if err != nil {
			werr = err
			break
		}
	}
	Say("wrote %d bytes before the error", total)
	say("Write", werr)
	n, err := f.Write([]byte("more"))
	Say("Write again: n=%d %s", n, R(err))
	n, err = f.WriteAt([]byte("overwrite inside"), 100)
	Say("WriteAt inside the file: n=%d %s", n, R(err))
	say("Sync", f.Sync())
	fi, err := f.Stat()
	if err == nil {
		Say("size after the failed writes: %d", fi.Size())
	}
	say("Close", f.Close())
	say("WriteFile another big", os.WriteFile(P("big2"), make([]byte, 1<<20), 0644))
	fi, err = os.Stat(P("big2"))
	if err == nil {
		Say("big2 size: %d", fi.Size())
	}
	say("Mkdir while full", os.Mkdir(P("dir"), 0755))

	say("Remove big", os.Remove(P("big")))
	say("Remove big2", os.Remove(P("big2")))
	say("WriteFile small", os.WriteFile(P("small"), []byte("fits now\n"), 0644))
	readFile("ReadFile small", P("small"))
}

func emfile() {
	Must("setup file", os.WriteFile(P("file"), []byte("content"), 0644))
	Must("setup dir", os.Mkdir(P("dir"), 0755))
	var open []*os.File
	var err error
	for len(open) < 4096 {
		var f *os.File
		f, err = os.Open(P("file"))
		if err != nil {
			break
		}
		open = append(open, f)
	}
	// Not the count: Node holds other descriptors than gowasm-run does.
	Say("opened more than 8 files: %v", len(open) > 8)
	say("Open at the limit", err)

	Section("at the limit")
	// Node needs no descriptor for these: they must work.
	stat("Stat file", P("file"))
	_, err = os.Lstat(P("file"))
	say("Lstat file", err)
	say("Mkdir", os.Mkdir(P("newdir"), 0755))
	say("Rename", os.Rename(P("newdir"), P("newdir2")))
	say("Remove", os.Remove(P("newdir2")))
	say("Symlink", os.Symlink("file", P("link")))
	l, err := os.Readlink(P("link"))
	Say("Readlink: %q %s", l, R(err))
	say("Link", os.Link(P("file"), P("hard")))
	say("Remove link", os.Remove(P("link")))
	say("Remove hard", os.Remove(P("hard")))
	say("Chmod", os.Chmod(P("file"), 0600))
	t := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	say("Chtimes", os.Chtimes(P("file"), t, t))
	say("Chown", os.Chown(P("file"), os.Getuid(), os.Getgid()))
	say("Chdir dir", os.Chdir(P("dir")))
	getwd("Getwd")
	stat("Stat . (relative)", ".")
	say("Chdir ..", os.Chdir(".."))
	getwd("Getwd")
	// These need a descriptor under Node too.
	readFile("ReadFile", P("file"))
	list("ReadDir", P("dir"))
	say("Create", openErr(P("new"), os.O_CREATE|os.O_WRONLY))
	say("Truncate (opens the file)", os.Truncate(P("file"), 3))
	// Descriptors already open still work.
	b := make([]byte, 3)
	n, err := open[0].ReadAt(b, 0)
	Say("ReadAt on an open file: %q %s", b[:n], R(err))

	Section("closed again")
	closeErrs := 0
	for _, f := range open {
		if f.Close() != nil {
			closeErrs++
		}
	}
	Say("close errors: %d", closeErrs)
	readFile("ReadFile", P("file"))
	list("ReadDir", P("dir"))
	say("Create", openErr(P("new"), os.O_CREATE|os.O_WRONLY))
	stat("Stat new", P("new"))
}

func deleted() {
	Must("setup file", os.WriteFile(P("file"), []byte("hello"), 0644))
	f, err := os.OpenFile(P("file"), os.O_RDWR, 0)
	Must("open file", err)
	say("Remove while open", os.Remove(P("file")))
	b := make([]byte, 16)
	n, err := f.Read(b)
	Say("Read: %q %s", b[:n], R(err))
	n, err = f.Write([]byte(" world"))
	Say("Write: %d %s", n, R(err))
	off, err := f.Seek(0, io.SeekStart)
	Say("Seek start: %d %s", off, R(err))
	all, err := io.ReadAll(f)
	Say("ReadAll: %q %s", all, R(err))
	off, err = f.Seek(-3, io.SeekEnd)
	Say("Seek end-3: %d %s", off, R(err))
	n, err = f.ReadAt(b[:4], 1)
	Say("ReadAt 1: %q %s", b[:n], R(err))
	n, err = f.WriteAt([]byte("J"), 6)
	Say("WriteAt 6: %d %s", n, R(err))
	fi, err := f.Stat()
	if err != nil {
		say("f.Stat", err)
	} else {
		Say("f.Stat: name=%s size=%d mode=%v", fi.Name(), fi.Size(), fi.Mode())
	}
	say("f.Chmod", f.Chmod(0600))
	say("f.Truncate", f.Truncate(5))
	say("f.Sync", f.Sync())
	stat("Stat by name", P("file"))
	say("Open by name", openErr(P("file"), os.O_RDONLY))
	say("Remove again", os.Remove(P("file")))
	say("Rename by name", os.Rename(P("file"), P("other")))
	say("Close", f.Close())
	_, err = f.Read(b)
	say("Read after Close", err)

	Section("replaced while open")
	Must("setup old", os.WriteFile(P("target"), []byte("old contents"), 0644))
	Must("setup new", os.WriteFile(P("replacement"), []byte("new contents"), 0644))
	g, err := os.Open(P("target"))
	Must("open target", err)
	say("Rename replacement over target", os.Rename(P("replacement"), P("target")))
	all, err = io.ReadAll(g)
	Say("read through the open file: %q %s", all, R(err))
	readFile("read by name", P("target"))
	say("Close", g.Close())

	Section("directory removed while open")
	Must("setup dir", os.Mkdir(P("dir"), 0755))
	d, err := os.Open(P("dir"))
	Must("open dir", err)
	say("Remove dir while open", os.Remove(P("dir")))
	names, err := d.Readdirnames(-1)
	Say("Readdirnames: %v %s", names, R(err))
	fi, err = d.Stat()
	if err != nil {
		say("d.Stat", err)
	} else {
		Say("d.Stat: name=%s dir=%v", fi.Name(), fi.IsDir())
	}
	say("d.Chdir", d.Chdir())
	getwd("Getwd")
	say("Close", d.Close())
}

func cwdDeleted() {
	Must("setup gone", os.Mkdir(P("gone"), 0755))
	// No Getwd in between: Node would answer the next from its cache.
	Must("chdir gone", os.Chdir(P("gone")))
	say("Remove the working directory", os.Remove(P("gone")))
	getwd("Getwd")
	getwd("Getwd again")
	// The kernel still has the directory: "." is it. (Not os.Open(".") or
	// ReadDir("."): Go then asks path.resolve, whose process.cwd() throws,
	// and Go panics, under Node too.)
	stat("Stat .", ".")
	stat("Stat ./.", "./.")
	_, err := os.Lstat(".")
	say("Lstat .", err)
	say("Create .", openErr(".", os.O_CREATE|os.O_WRONLY))
	say("Open . O_WRONLY", openErr(".", os.O_WRONLY))
	say("Chdir .", os.Chdir("."))
	getwd("Getwd after Chdir .")
	say("WriteFile relative", os.WriteFile("new.txt", []byte("x"), 0644))
	readFile("ReadFile relative", "new.txt")
	say("Mkdir relative", os.Mkdir("sub", 0755))
	stat("Stat gone by name", P("gone"))
	say("Chdir back by absolute path", os.Chdir(Dir))
	getwd("Getwd")
	list("ReadDir .", ".")
}

func setupA() {
	Must("setup a/sub", os.MkdirAll(P("a", "sub"), 0755))
	Must("setup a/sub/file.txt", os.WriteFile(P("a", "sub", "file.txt"), []byte("in sub\n"), 0644))
	Must("setup a/sibling.txt", os.WriteFile(P("a", "sibling.txt"), []byte("next to sub\n"), 0644))
}

func renamed() {
	setupA()
	say("Chdir a/sub", os.Chdir(P("a", "sub")))
	say("Rename a b", os.Rename(P("a"), P("b")))
	// Node asks the kernel after a chdir: the directory's new name.
	getwd("Getwd")
	readFile("ReadFile file.txt", "file.txt")
	readFile("ReadFile ./file.txt", "./file.txt")
	say("WriteFile new.txt", os.WriteFile("new.txt", []byte("made after the rename\n"), 0644))
	readFile("ReadFile b/sub/new.txt", P("b", "sub", "new.txt"))
	stat("Stat a/sub/new.txt", P("a", "sub", "new.txt"))
	list("ReadDir ..", "..")
	list("ReadDir .", ".")
	stat("Stat .", ".")
	readFile("ReadFile ../sibling.txt", "../sibling.txt")
	f, err := os.Open("file.txt")
	if err == nil {
		Say("opened file.txt as %s", Hide(f.Name()))
		f.Close()
	}

	// Node caches process.cwd() until the next chdir: Getwd keeps the name
	// it had, while relative paths follow the directory.
	say("Rename b c", os.Rename(P("b"), P("c")))
	getwd("Getwd (cached)")
	readFile("ReadFile file.txt", "file.txt")
	say("Mkdir newdir", os.Mkdir("newdir", 0755))
	stat("Stat c/sub/newdir", P("c", "sub", "newdir"))
	list("ReadDir ..", "..")
	say("Chdir .", os.Chdir("."))
	getwd("Getwd after Chdir .")
	say("Chdir ..", os.Chdir(".."))
	getwd("Getwd after Chdir ..")
	list("ReadDir .", ".")

	// A directory renamed while the guest is in a directory below it.
	say("Chdir sub/newdir", os.Chdir("sub/newdir"))
	getwd("Getwd")
	say("Rename c/sub d", os.Rename(P("c", "sub"), P("d")))
	say("WriteFile deep.txt", os.WriteFile("deep.txt", []byte("deep\n"), 0644))
	readFile("ReadFile d/newdir/deep.txt", P("d", "newdir", "deep.txt"))
	list("ReadDir ../..", "../..")
	say("Chdir ../..", os.Chdir("../.."))
	getwd("Getwd")
	say("Chdir DIR", os.Chdir(Dir))
	list("ReadDir DIR", ".")
}

// renamedEscape: after renames inside the mount, ".." leads no further than
// it did before (gowasm-run only; files next to DIR hold SECRET).
func renamedEscape() {
	setupA()
	say("Chdir a/sub", os.Chdir(P("a", "sub")))
	say("Rename a b", os.Rename(P("a"), P("b")))
	getwd("Getwd")
	readFile("ReadFile file.txt", "file.txt")
	AttemptRead("dotdot-outside-file", "../../../outside-file")
	AttemptRead("dotdot-outside-dir", "../../../outside-dir/secret.txt")
	AttemptRead("deep-dotdot", "../../../../../../../outside-file")
	entries, err := os.ReadDir("../../..")
	if err != nil {
		Say("attempt list-above-mount: refused (%s)", Refusal(err))
	} else {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		sort.Strings(names)
		Say("attempt list-above-mount: %d names", len(names))
		for _, n := range names {
			if strings.Contains(n, "outside") || n == "hostcwd" || n == "ro" {
				Say("attempt list-above-mount: ALLOWED (sees %s)", n)
			}
		}
	}
	say("Chdir ../../..", os.Chdir("../../.."))
	AttemptRead("after-chdir-up-outside-file", "outside-file")
	say("Chdir DIR/b/sub", os.Chdir(P("b", "sub")))
	// A directory inside the mount moves, and nothing outside comes into
	// view; the mount's own directory cannot be moved out of it.
	say("Rename DIR/b DIR/c", os.Rename(P("b"), P("c")))
	say("Rename DIR to outside", os.Rename(Dir, Dir+"-moved"))
	AttemptRead("dotdot-outside-file-again", "../../../outside-file")
	getwd("Getwd")
}

// renamedOut: the harness moves DIR/a out of the mount while the guest is
// in DIR/a/sub. The directory leaves the guest's world: relative paths
// reach nothing, and certainly not what lies next to it on the host.
func renamedOut() {
	setupA()
	say("Chdir a/sub", os.Chdir(P("a", "sub")))
	getwd("Getwd before")
	readFile("ReadFile file.txt before", "file.txt")
	Must("ready", os.WriteFile(P("ready"), nil, 0644))
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := os.Stat(P("a")); err != nil {
			break
		}
		if time.Now().After(deadline) {
			Say("FATAL the harness did not move DIR/a")
			os.Exit(1)
		}
		time.Sleep(10 * time.Millisecond)
	}
	Say("DIR/a is gone")
	getwd("Getwd (cached)")
	AttemptRead("relative-file", "file.txt")
	AttemptRead("dotdot-sibling", "../sibling.txt")
	AttemptRead("dotdot-outside-secret", "../../secret.txt")
	AttemptRead("deep-dotdot", "../../../../../../../outside-file")
	err := os.WriteFile("made-by-guest.txt", []byte("x"), 0644)
	Attempt("write-relative", err, "written")
	err = os.Mkdir("guest-dir", 0755)
	Attempt("mkdir-relative", err, "made")
	_, err = os.ReadDir(".")
	Attempt("list-cwd", err, "listed")
	_, err = os.ReadDir("..")
	Attempt("list-parent", err, "listed")
	_, err = os.Stat(".")
	Attempt("stat-cwd", err, "stat")
	err = os.Chdir("..")
	Attempt("chdir-parent", err, "changed")
	err = os.Chdir(".")
	Attempt("chdir-dot", err, "changed")
	getwd("Getwd")
	say("Chdir DIR", os.Chdir(Dir))
	getwd("Getwd")
	list("ReadDir DIR", ".")
}
