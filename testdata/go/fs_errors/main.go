// fs_errors: the error paths of Go's file system calls, in the work
// directory given as the first argument. Node reports failures as error
// objects whose `code` is an errno name ("ENOENT"); Go maps the name to its
// syscall.Errno (an unknown name makes Go panic) and prints its own text for
// it. Some errors never reach the host: Go checks NUL bytes, empty paths,
// negative offsets, closed files and O_SYNC itself. Each line shows the
// error text with the work directory as $DIR, the errno, and the io/fs
// sentinel errors it matches.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"

	. "gowasm.test/testdata/fs_common"
)

func show(label string, err error) {
	Say("%s: %s kinds=%s", label, E(err), Kinds(err))
}

func openErr(flag int, path string) error {
	f, err := os.OpenFile(path, flag, 0644)
	if err == nil {
		f.Close()
	}
	return err
}

func main() {
	Start()
	Must("setup file", os.WriteFile(P("file"), []byte("content"), 0644))
	Must("setup dir", os.MkdirAll(P("dir", "sub"), 0755))
	Must("setup dir file", os.WriteFile(P("dir", "sub", "x"), []byte("x"), 0644))
	Must("setup empty", os.Mkdir(P("empty"), 0755))

	Section("not found")
	_, err := os.Open(P("missing"))
	show("open missing", err)
	Say("  errors.Is(fs.ErrNotExist)=%v os.IsNotExist=%v errors.Is(ENOENT)=%v", errors.Is(err, fs.ErrNotExist),
		os.IsNotExist(err), errors.Is(err, syscall.ENOENT))
	var pe *fs.PathError
	if errors.As(err, &pe) {
		Say("  PathError op=%s path=%s err=%v", pe.Op, pe.Path, pe.Err)
	}
	show("open missing/inside", openErr(os.O_RDONLY, P("missing", "inside")))
	show("create in missing dir", openErr(os.O_CREATE|os.O_WRONLY, P("missing", "new")))
	_, err = os.Stat(P("missing"))
	show("stat missing", err)
	_, err = os.Lstat(P("missing"))
	show("lstat missing", err)
	_, err = os.ReadFile(P("missing"))
	show("ReadFile missing", err)
	_, err = os.ReadDir(P("missing"))
	show("ReadDir missing", err)
	show("Remove missing", os.Remove(P("missing")))
	show("Rename missing", os.Rename(P("missing"), P("other")))
	show("Chmod missing", os.Chmod(P("missing"), 0644))
	show("Chown missing", os.Chown(P("missing"), os.Getuid(), os.Getgid()))
	show("Lchown missing", os.Lchown(P("missing"), os.Getuid(), os.Getgid()))
	show("Truncate missing", os.Truncate(P("missing"), 0))
	show("Chtimes missing", func() error { fi, _ := os.Stat(P("file")); return os.Chtimes(P("missing"), fi.ModTime(), fi.ModTime()) }())
	_, err = os.Readlink(P("missing"))
	show("Readlink missing", err)
	show("Link missing", os.Link(P("missing"), P("hl")))
	show("Mkdir in missing", os.Mkdir(P("missing", "d"), 0755))
	show("Chdir missing", os.Chdir(P("missing")))

	Section("exists")
	show("O_CREATE|O_EXCL existing file", openErr(os.O_CREATE|os.O_EXCL|os.O_WRONLY, P("file")))
	show("O_CREATE|O_EXCL existing dir", openErr(os.O_CREATE|os.O_EXCL|os.O_RDONLY, P("dir")))
	err = os.Mkdir(P("dir"), 0755)
	show("Mkdir existing dir", err)
	Say("  os.IsExist=%v errors.Is(EEXIST)=%v", os.IsExist(err), errors.Is(err, syscall.EEXIST))
	show("Mkdir over file", os.Mkdir(P("file"), 0755))
	show("MkdirAll over file", os.MkdirAll(P("file"), 0755))
	show("MkdirAll through file", os.MkdirAll(P("file", "sub"), 0755))
	show("Symlink over existing", os.Symlink("file", P("file")))
	show("Link over existing", os.Link(P("file"), P("dir", "sub", "x")))

	Section("not a directory / is a directory")
	show("open file/x", openErr(os.O_RDONLY, P("file", "x")))
	_, err = os.Stat(P("file", "x"))
	show("stat file/x", err)
	_, err = os.ReadDir(P("file"))
	show("ReadDir on a file", err)
	f, err := os.Open(P("file"))
	Must("open file", err)
	_, err = f.Readdirnames(-1)
	show("Readdirnames on a file", err)
	f.Close()
	show("Chdir to a file", os.Chdir(P("file")))
	show("open dir O_WRONLY", openErr(os.O_WRONLY, P("dir")))
	show("open dir O_RDWR", openErr(os.O_RDWR, P("dir")))
	show("open dir O_CREATE|O_WRONLY", openErr(os.O_CREATE|os.O_WRONLY, P("dir")))
	show("WriteFile to dir", os.WriteFile(P("dir"), []byte("x"), 0644))
	d, err := os.Open(P("dir"))
	Must("open dir", err)
	_, err = d.Read(make([]byte, 10))
	show("Read from a directory", err)
	_, err = d.ReadAt(make([]byte, 10), 0)
	show("ReadAt from a directory", err)
	_, err = d.Write([]byte("x"))
	show("Write to a directory", err)
	d.Close()
	_, err = os.ReadFile(P("dir"))
	show("ReadFile of a directory", err)
	show("Truncate a directory", os.Truncate(P("dir"), 0))
	show("syscall.Unlink dir", syscall.Unlink(P("dir")))
	show("syscall.Rmdir file", syscall.Rmdir(P("file")))
	show("Rename dir over file", os.Rename(P("empty"), P("file")))
	show("Rename file over dir", os.Rename(P("file"), P("empty")))
	show("Rename dir into itself", os.Rename(P("dir"), P("dir", "sub", "inside")))
	show("Link a directory", os.Link(P("dir"), P("dirlink")))

	Section("not empty")
	err = os.Remove(P("dir"))
	show("Remove non-empty dir", err)
	show("syscall.Rmdir non-empty", syscall.Rmdir(P("dir")))
	os.MkdirAll(P("full", "x"), 0755)
	show("syscall.Rename dir over non-empty", syscall.Rename(P("empty"), P("full")))

	Section("closed file")
	f, err = os.Create(P("closed.txt"))
	Must("create", err)
	show("first Close", f.Close())
	_, err = f.Read(make([]byte, 4))
	show("Read", err)
	Say("  errors.Is(os.ErrClosed)=%v", errors.Is(err, os.ErrClosed))
	_, err = f.Write([]byte("x"))
	show("Write", err)
	_, err = f.WriteString("x")
	show("WriteString", err)
	_, err = f.ReadAt(make([]byte, 4), 0)
	show("ReadAt", err)
	_, err = f.Seek(0, io.SeekStart)
	show("Seek", err)
	_, err = f.Stat()
	show("Stat", err)
	show("Sync", f.Sync())
	show("Truncate", f.Truncate(0))
	show("Chmod", f.Chmod(0600))
	show("Chown", f.Chown(os.Getuid(), os.Getgid()))
	show("Chdir", f.Chdir())
	_, err = f.Readdirnames(-1)
	show("Readdirnames", err)
	show("second Close", f.Close())
	var nilFile *os.File
	_, err = nilFile.Read(make([]byte, 1))
	show("Read on nil *File", err)

	Section("symlinks")
	_, err = os.Readlink(P("file"))
	show("Readlink of a regular file", err)
	_, err = os.Readlink(P("dir"))
	show("Readlink of a directory", err)
	os.Symlink("loop-b", P("loop-a"))
	os.Symlink("loop-a", P("loop-b"))
	_, err = os.Stat(P("loop-a"))
	show("stat symlink loop", err)
	show("open symlink loop", openErr(os.O_RDONLY, P("loop-a")))
	fi, err := os.Lstat(P("loop-a"))
	if err == nil {
		Say("lstat symlink loop: ok %v", fi.Mode())
	}
	os.Symlink("missing-target", P("dangling"))
	show("open dangling", openErr(os.O_RDONLY, P("dangling")))
	show("create through dangling", openErr(os.O_CREATE|os.O_WRONLY, P("dangling")))
	b, err := os.ReadFile(P("missing-target"))
	Say("  created the target: %q %s", b, E(err))
	show("O_EXCL through dangling", openErr(os.O_CREATE|os.O_EXCL|os.O_WRONLY, P("dangling")))

	// Paths reach the host as written, not cleaned: ".." after a symbolic
	// link climbs from the link's target, and "x/." or "x/" must be a
	// directory (filepath.Join would clean them, so these are concatenated).
	Section("paths as written")
	Must("setup sublink", os.Symlink("dir/sub", P("sublink")))
	_, err = os.Stat(Dir + "/file/.")
	show("stat file/.", err)
	_, err = os.Stat(Dir + "/file/")
	show("stat file/", err)
	_, err = os.Stat(Dir + "/dir/.")
	show("stat dir/.", err)
	data, err := os.ReadFile(Dir + "/sublink/../sub/x")
	Say("read sublink/../sub/x: %q %s", data, E(err))
	show("rename dir/.", os.Rename(Dir+"/dir/.", P("moved")))
	show("remove file/", os.Remove(Dir+"/file/"))
	show("remove dir/..", os.Remove(Dir+"/dir/sub/.."))
	show("link file/", os.Link(Dir+"/file/", P("hard")))
	show("mkdir newdir/", os.Mkdir(Dir+"/newdir/", 0755))
	_, err = os.Stat(P("newdir"))
	show("stat newdir", err)

	Section("checked by Go")
	_, err = os.Open("")
	show("open empty path", err)
	show("Mkdir empty path", os.Mkdir("", 0755))
	_, err = os.Open(P("nul\x00byte"))
	show("open with NUL", strip(err))
	show("Mkdir with NUL", strip(os.Mkdir(P("nul\x00dir"), 0755)))
	show("Rename with NUL", strip(os.Rename(P("file"), P("a\x00b"))))
	_, err = os.OpenFile(P("sync.txt"), os.O_CREATE|os.O_WRONLY|os.O_SYNC, 0644)
	show("O_SYNC", err)
	_, err = os.Stat(P("sync.txt"))
	show("  O_SYNC file created?", err)
	_, err = syscall.Dup(1)
	show("syscall.Dup", err)
	show("syscall.Pipe", syscall.Pipe(make([]int, 2)))
	_, err = syscall.Read(12345, make([]byte, 1))
	show("syscall.Read unknown fd", err)
	_, err = syscall.Seek(12345, 0, 0)
	show("syscall.Seek unknown fd", err)

	Section("host errors on descriptors")
	// Go keeps no table entry for descriptors it did not open itself, so
	// these calls go straight to Node with a descriptor number it never gave.
	show("syscall.Fsync unknown fd", syscall.Fsync(12345))
	show("syscall.Ftruncate unknown fd", syscall.Ftruncate(12345, 0))
	show("syscall.Fchmod unknown fd", syscall.Fchmod(12345, 0644))
	var st syscall.Stat_t
	show("syscall.Fstat unknown fd", syscall.Fstat(12345, &st))
	_, err = syscall.Pread(12345, make([]byte, 1), 0)
	show("syscall.Pread unknown fd", err)
	show("syscall.Close unknown fd", syscall.Close(12345))

	Section("permissions")
	// As root these succeed (root ignores permission bits): the output then
	// differs from an ordinary user's, but not between runners.
	os.WriteFile(P("noaccess.txt"), []byte("secret"), 0644)
	os.Chmod(P("noaccess.txt"), 0)
	show("open mode-0 file for reading", openErr(os.O_RDONLY, P("noaccess.txt")))
	show("open mode-0 file for writing", openErr(os.O_WRONLY, P("noaccess.txt")))
	os.Mkdir(P("rodir"), 0555)
	show("create in a 0555 dir", openErr(os.O_CREATE|os.O_WRONLY, P("rodir", "new")))
	show("Mkdir in a 0555 dir", os.Mkdir(P("rodir", "sub"), 0755))
	os.Chmod(P("noaccess.txt"), 0644)
	os.Chmod(P("rodir"), 0755)

	Section("names too long")
	long := strings.Repeat("n", 300)
	show("open 300-byte name", short(openErr(os.O_RDONLY, P(long)), long))
	show("create 300-byte name", short(openErr(os.O_CREATE|os.O_WRONLY, P(long)), long))
	show("Mkdir 300-byte name", short(os.Mkdir(P(long), 0755), long))
	deep := strings.Repeat("d/", 2100) + "f"
	show("open 4200-byte path", short(openErr(os.O_RDONLY, P(deep)), deep))
	fmt.Println("done")
}

// strip replaces the NUL byte in an error's text so that output stays text.
func strip(err error) error {
	if err == nil {
		return nil
	}
	return &textErr{strings.ReplaceAll(err.Error(), "\x00", `\0`), err}
}

// short replaces a long path element in an error's text.
func short(err error, long string) error {
	if err == nil {
		return nil
	}
	return &textErr{strings.ReplaceAll(err.Error(), long, fmt.Sprintf("<%d bytes>", len(long))), err}
}

type textErr struct {
	text string
	err  error
}

func (e *textErr) Error() string { return e.text }
func (e *textErr) Unwrap() error { return e.err }
