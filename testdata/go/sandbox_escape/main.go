// sandbox_escape: tries to get out of gowasm-run's mounts. Run (by gowasm-run
// only; Node has no sandbox) with the work directory D mounted read-write
// at its own path, and a read-only directory mounted at /ro:
//
//	gowasm-run --dir D --dir R:/ro:ro sandbox_escape.wasm D
//
// The harness prepares, next to D (in its parent P): P/outside-file and
// P/outside-dir/secret.txt, which hold the marker SECRET-OUTSIDE; inside D
// the symlinks etc-link -> /etc, outside-link -> ../outside-file,
// outside-abs-link -> P/outside-file, outside-dir-link -> ../outside-dir,
// and the file inside.txt; in R: hello.txt and ro-escape-link ->
// ../outside-file. Every attempt prints one line, "attempt NAME: refused
// (ERRNO: text)" or "attempt NAME: ALLOWED (...)"; contents read from
// outside are never printed, only their length. The harness also checks
// afterwards that nothing outside D changed.
package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	. "gowasm.test/testdata/fs_common"
)

var parent string // the parent of D, on the host; not mounted

var someTime = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

// refusal describes an error as "ERRNO: text" with the work directory hidden.

func write(name, path string) {
	Attempt(name, os.WriteFile(path, []byte("written by sandbox_escape\n"), 0644), "wrote")
}

func open(name, path string, flag int) {
	f, err := os.OpenFile(path, flag, 0644)
	if err == nil {
		f.Close()
	}
	Attempt(name, err, "opened")
}

func stat(name, path string) {
	fi, err := os.Stat(path)
	allowed := ""
	if err == nil {
		allowed = fmt.Sprintf("size %d", fi.Size())
	}
	Attempt(name, err, allowed)
}

// list may show the names of mount points (and the directories leading to
// them), nothing else.
func list(name, path string, allowed ...string) {
	entries, err := os.ReadDir(path)
	if err != nil {
		Say("attempt %s: refused (%s)", name, Refusal(err))
		return
	}
	extra := 0
	for _, e := range entries {
		ok := false
		for _, a := range allowed {
			ok = ok || e.Name() == a
		}
		if !ok {
			extra++
		}
	}
	if extra == 0 {
		Say("attempt %s: only mount points", name)
	} else {
		Say("attempt %s: ALLOWED (%d names besides mount points)", name, extra)
	}
}

// hostDescriptors tries every descriptor number the guest did not open:
// none may reach a file of the runner's.
func hostDescriptors() {
	usable := 0
	var refused error = syscall.EBADF // or the first other error seen
	for fd := 3; fd < 256; fd++ {
		var st syscall.Stat_t
		err := syscall.Fstat(fd, &st)
		if err == nil {
			usable++
			continue
		}
		if !errors.Is(err, syscall.EBADF) && errors.Is(refused, syscall.EBADF) {
			refused = err
		}
		if _, err := syscall.Pread(fd, make([]byte, 1), 0); err == nil {
			usable++
		}
	}
	if usable > 0 {
		refused = nil
	}
	Attempt("host-descriptors", refused, fmt.Sprintf("%d descriptors usable", usable))
}

func main() {
	// Before anything is opened: no descriptor besides 0, 1, 2 may work.
	hostDescriptors()
	Start()
	parent = filepath.Dir(Dir)
	Must("chdir D", os.Chdir(Dir))

	Section("reading outside")
	AttemptRead("dotdot-relative", "../../etc/passwd")
	AttemptRead("dotdot-deep", strings.Repeat("../", 40)+"etc/passwd")
	AttemptRead("absolute-etc-passwd", "/etc/passwd")
	AttemptRead("dotdot-sibling", "../outside-file")
	AttemptRead("absolute-sibling", filepath.Join(parent, "outside-file"))
	AttemptRead("absolute-dotdot-sibling", Dir+"/../outside-file")
	AttemptRead("through-file-dotdot", "inside.txt/../../outside-file")
	AttemptRead("dot-segments", "./././../outside-file")
	AttemptRead("double-slashes", "//"+strings.TrimPrefix(parent, "/")+"//outside-file")
	AttemptRead("proc-environ", "/proc/self/environ")
	AttemptRead("proc-cwd", "/proc/self/cwd/../outside-file")
	AttemptRead("proc-root", "/proc/self/root/etc/passwd")
	stat("stat-sibling", "../outside-file")
	_, err := os.Lstat("../outside-file")
	Attempt("lstat-sibling", err, "lstat worked")
	_, err = os.Readlink("/proc/self/exe")
	Attempt("readlink-proc-exe", err, "readlink worked")

	Section("host symlinks in D")
	AttemptRead("symlink-etc", "etc-link/passwd")
	AttemptRead("symlink-outside-relative", "outside-link")
	AttemptRead("symlink-outside-absolute", "outside-abs-link")
	AttemptRead("symlink-outside-dir", "outside-dir-link/secret.txt")
	stat("stat-symlink-outside", "outside-link")
	list("list-symlink-etc", "etc-link")
	list("list-symlink-outside-dir", "outside-dir-link")
	err = os.Chdir("etc-link")
	if err == nil {
		b, rerr := os.ReadFile("passwd")
		err = rerr
		_ = b
	}
	Attempt("chdir-symlink-etc-then-read", err, "read passwd")
	Must("chdir D", os.Chdir(Dir))

	Section("listing outside")
	list("list-parent", "..", "work")
	list("list-root", "/", "tmp", "ro")
	list("list-absolute-parent", parent, "work")
	err = os.Chdir("..")
	if err == nil {
		_, err = os.ReadFile("outside-file")
	}
	Attempt("chdir-parent-then-read", err, "read outside-file")
	Must("chdir D", os.Chdir(Dir))
	err = os.Chdir("/")
	if err == nil {
		_, err = os.ReadFile("etc/passwd")
	}
	Attempt("chdir-root-then-read", err, "read etc/passwd")
	Must("chdir D", os.Chdir(Dir))

	Section("links made by the guest")
	os.Symlink("/etc/passwd", "guest-abs-link")
	AttemptRead("guest-symlink-absolute", "guest-abs-link")
	os.Symlink("../outside-file", "guest-rel-link")
	AttemptRead("guest-symlink-relative", "guest-rel-link")
	os.Symlink("../outside-file", "chain2")
	os.Symlink("chain2", "chain1")
	AttemptRead("guest-symlink-chain", "chain1")
	os.Symlink("..", "guest-parent-link")
	AttemptRead("guest-symlink-parent-dir", "guest-parent-link/outside-file")
	os.Mkdir("sub", 0755)
	os.Symlink("../../outside-file", "sub/up2")
	AttemptRead("guest-symlink-nested", "sub/up2")
	Attempt("hardlink-etc-passwd", os.Link("/etc/passwd", "hl-passwd"), "linked")
	err = os.Link("../outside-file", "hl-outside")
	Attempt("hardlink-sibling", err, "linked")
	AttemptRead("read-hardlink-sibling", "hl-outside")
	os.Link("outside-link", "hl-of-symlink") // link(2) links the symlink itself
	AttemptRead("read-hardlink-of-symlink", "hl-of-symlink")
	Attempt("rename-outside-in", os.Rename("../outside-file", "stolen"), "renamed")
	AttemptRead("read-renamed-in", "stolen")

	Section("writing outside")
	write("write-dotdot", "../escaped.txt")
	write("write-absolute-sibling", filepath.Join(parent, "escaped-abs.txt"))
	write("write-through-symlink-dir", "outside-dir-link/new.txt")
	write("write-through-symlink-file", "outside-link")
	open("truncate-open-through-symlink", "outside-link", os.O_WRONLY|os.O_TRUNC)
	open("append-through-symlink", "outside-link", os.O_WRONLY|os.O_APPEND)
	Attempt("truncate-through-symlink", os.Truncate("outside-link", 0), "truncated")
	Attempt("chmod-through-symlink", os.Chmod("outside-link", 0777), "chmod worked")
	Attempt("chown-through-symlink", os.Chown("outside-link", os.Getuid(), os.Getgid()), "chown worked")
	Attempt("chtimes-through-symlink", os.Chtimes("outside-link", someTime, someTime), "chtimes worked")
	Attempt("mkdir-dotdot", os.Mkdir("../escaped-dir", 0755), "made")
	Attempt("mkdir-through-symlink-dir", os.Mkdir("outside-dir-link/newdir", 0755), "made")
	Attempt("remove-through-symlink-dir", os.Remove("outside-dir-link/secret.txt"), "removed")
	Attempt("removeall-through-symlink-dir", os.RemoveAll("outside-dir-link/"), "removed")
	Attempt("rename-inside-out", os.Rename("inside.txt", "../moved-out.txt"), "renamed")
	Attempt("symlink-outside-dir-entry", os.Symlink("x", "../escaped-link"), "linked")
	Attempt("hardlink-to-outside", os.Link("inside.txt", "../escaped-hardlink"), "linked")
	Attempt("chmod-parent", os.Chmod("..", 0777), "chmod worked")

	Section("read-only mount")
	b, err := os.ReadFile("/ro/hello.txt")
	if err != nil {
		Say("ro read: %s", E(err))
	} else {
		Say("ro read: %q", b)
	}
	entries, err := os.ReadDir("/ro")
	if err != nil {
		Say("ro list: %s", E(err))
	} else {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		Say("ro list: %s", strings.Join(names, " "))
	}
	f, err := os.Open("/ro/hello.txt")
	if err == nil {
		fi, _ := f.Stat()
		buf := make([]byte, 4)
		n, rerr := f.ReadAt(buf, 5)
		Say("ro ReadAt: %q %v size=%d", buf[:n], rerr, fi.Size())
		_, werr := f.Write([]byte("x"))
		Attempt("ro-write-readonly-descriptor", werr, "wrote")
		f.Close()
	}
	write("ro-create", "/ro/x")
	open("ro-open-wronly", "/ro/hello.txt", os.O_WRONLY)
	open("ro-open-rdwr", "/ro/hello.txt", os.O_RDWR)
	open("ro-open-append", "/ro/hello.txt", os.O_WRONLY|os.O_APPEND)
	open("ro-open-trunc", "/ro/hello.txt", os.O_RDONLY|os.O_TRUNC)
	open("ro-open-create-existing", "/ro/hello.txt", os.O_CREATE|os.O_RDONLY)
	Attempt("ro-mkdir", os.Mkdir("/ro/d", 0755), "made")
	Attempt("ro-remove", os.Remove("/ro/hello.txt"), "removed")
	Attempt("ro-rename", os.Rename("/ro/hello.txt", "/ro/renamed.txt"), "renamed")
	Attempt("ro-rename-out", os.Rename("/ro/hello.txt", "taken.txt"), "renamed")
	Attempt("ro-rename-in", os.Rename("inside.txt", "/ro/inside.txt"), "renamed")
	Attempt("ro-chmod", os.Chmod("/ro/hello.txt", 0777), "chmod worked")
	Attempt("ro-chown", os.Chown("/ro/hello.txt", os.Getuid(), os.Getgid()), "chown worked")
	Attempt("ro-chtimes", os.Chtimes("/ro/hello.txt", someTime, someTime), "chtimes worked")
	Attempt("ro-truncate", os.Truncate("/ro/hello.txt", 0), "truncated")
	Attempt("ro-symlink", os.Symlink("hello.txt", "/ro/link"), "linked")
	Attempt("ro-hardlink-in", os.Link("inside.txt", "/ro/hl"), "linked")
	Attempt("ro-removeall", os.RemoveAll("/ro/hello.txt"), "removed")
	AttemptRead("ro-symlink-outside", "/ro/ro-escape-link")
	b, err = os.ReadFile("/ro/hello.txt")
	Say("ro read again: %q %s", b, E(err))

	Section("malformed paths")
	AttemptRead("long-path", strings.Repeat("a/", 2100)+"x")
	AttemptRead("long-name", strings.Repeat("n", 300))
	write("long-name-create", strings.Repeat("n", 300))
	_, err = os.ReadFile("inside\x00.txt")
	Attempt("nul-byte", err, "read")
	_, err = os.ReadFile("../outside-file\x00inside.txt")
	Attempt("nul-byte-outside", err, "read")
	AttemptRead("empty-path", "")

	Section("still inside")
	b, err = os.ReadFile("inside.txt")
	Say("inside.txt: %q %s", b, E(err))
	wd, err := os.Getwd()
	Say("Getwd: %s %s", wd, E(err))
	// What was not refused above may have left files; nothing below reads
	// them.
	var leaked int64
	for _, name := range []string{"stolen", "hl-outside", "hl-passwd"} {
		if fi, err := os.Lstat(name); err == nil && fi.Mode().IsRegular() {
			leaked += fi.Size()
		}
	}
	Say("bytes in files taken from outside: %d", leaked)
	fmt.Println("done")
}
