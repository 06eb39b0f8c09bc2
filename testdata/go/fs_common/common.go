// Package fs_common holds the helpers the fs_* test programs share: the work
// directory they are given, and printing that hides it. Each program runs in
// a fresh temporary directory whose path is the same for both runners, but
// it changes from run to run, so every line printed goes through Say, which
// writes it as "$DIR"; errors also get the name of their errno, since the
// text alone ("file exists") does not say which code the host reported.
package fs_common

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Dir is the work directory, os.Args[1], as given (absolute).
var Dir string

// Start reads the work directory from the command line; the program stops
// with exit code 2 when it is missing or not an existing directory.
func Start() string {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: PROGRAM WORKDIR")
		os.Exit(2)
	}
	Dir = os.Args[1]
	if fi, err := os.Stat(Dir); err != nil || !fi.IsDir() {
		fmt.Fprintf(os.Stderr, "work directory unusable: %v\n", err)
		os.Exit(2)
	}
	return Dir
}

// P joins names onto the work directory.
func P(names ...string) string { return filepath.Join(append([]string{Dir}, names...)...) }

// Hide replaces the work directory in s with "$DIR".
func Hide(s string) string {
	if Dir == "" {
		return s
	}
	return strings.ReplaceAll(s, Dir, "$DIR")
}

// Say prints one line with the work directory hidden.
func Say(format string, args ...any) { fmt.Println(Hide(fmt.Sprintf(format, args...))) }

// Section prints a heading, so a differing line is easy to place.
func Section(name string) { fmt.Println("==", name) }

var errnoNames = map[syscall.Errno]string{
	syscall.EPERM: "EPERM", syscall.ENOENT: "ENOENT", syscall.EIO: "EIO", syscall.EBADF: "EBADF",
	syscall.EAGAIN: "EAGAIN", syscall.EACCES: "EACCES", syscall.EBUSY: "EBUSY", syscall.EEXIST: "EEXIST",
	syscall.EXDEV: "EXDEV", syscall.ENOTDIR: "ENOTDIR", syscall.EISDIR: "EISDIR", syscall.EINVAL: "EINVAL",
	syscall.EMFILE: "EMFILE", syscall.EFBIG: "EFBIG", syscall.ENOSPC: "ENOSPC", syscall.ESPIPE: "ESPIPE",
	syscall.EROFS: "EROFS", syscall.EMLINK: "EMLINK", syscall.ENAMETOOLONG: "ENAMETOOLONG",
	syscall.ENOSYS: "ENOSYS", syscall.ENOTEMPTY: "ENOTEMPTY", syscall.ELOOP: "ELOOP",
	syscall.EOVERFLOW: "EOVERFLOW", syscall.ENOTSUP: "ENOTSUP",
}

// ErrnoName is the errno under err ("ENOENT"), "-" when it wraps none.
func ErrnoName(err error) string {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return "-"
	}
	if n, ok := errnoNames[errno]; ok {
		return n
	}
	return fmt.Sprintf("errno%d", int(errno))
}

// E describes an error as "text [ERRNO]", or "ok" for nil.
func E(err error) string {
	if err == nil {
		return "ok"
	}
	return fmt.Sprintf("%s [%s]", Hide(err.Error()), ErrnoName(err))
}

// Kinds says which of the io/fs sentinel errors err matches.
func Kinds(err error) string {
	var k []string
	for _, s := range []struct {
		name string
		err  error
	}{{"notexist", fs.ErrNotExist}, {"exist", fs.ErrExist}, {"permission", fs.ErrPermission},
		{"closed", fs.ErrClosed}, {"invalid", fs.ErrInvalid}} {
		if errors.Is(err, s.err) {
			k = append(k, s.name)
		}
	}
	if len(k) == 0 {
		return "none"
	}
	return strings.Join(k, ",")
}

// Check prints "label: ok" or the error, and says whether err was nil.
func Check(label string, err error) bool {
	Say("%s: %s", label, E(err))
	return err == nil
}

// Must stops the program when a step that later output depends on fails.
func Must(label string, err error) {
	if err != nil {
		Say("FATAL %s: %s", label, E(err))
		os.Exit(1)
	}
}

// Recent says whether t lies within a minute of now: modification times
// come from the host clock, which both runners share, but never twice the
// same value.
func Recent(t time.Time) bool {
	d := time.Since(t)
	return d > -time.Minute && d < time.Minute
}

// Describe prints what is stable about a FileInfo: name, mode, size (for
// non-directories: directory sizes depend on the host filesystem), IsDir,
// and whether ModTime is recent.
func Describe(label string, fi os.FileInfo) {
	size := "-"
	if !fi.IsDir() {
		size = fmt.Sprint(fi.Size())
	}
	Say("%s: name=%s mode=%v perm=%#o size=%s dir=%v regular=%v recent=%v", label, fi.Name(), fi.Mode(),
		uint32(fi.Mode().Perm()), size, fi.IsDir(), fi.Mode().IsRegular(), Recent(fi.ModTime()))
}

// Refusal describes why an attempt was refused: the errno and its text when
// there is one (the same under every runner), else the error with the
// directory hidden.
func Refusal(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return fmt.Sprintf("%s: %s", ErrnoName(err), errno.Error())
	}
	return Hide(err.Error())
}

// Attempt prints one line for an attempt to reach something: refused, or
// ALLOWED with what happened (never the data itself).
func Attempt(name string, err error, allowed string) {
	if err != nil {
		Say("attempt %s: refused (%s)", name, Refusal(err))
	} else {
		Say("attempt %s: ALLOWED (%s)", name, allowed)
	}
}

// AttemptRead tries to read a file, printing only how much it got.
func AttemptRead(name, path string) {
	b, err := os.ReadFile(path)
	Attempt(name, err, fmt.Sprintf("read %d bytes", len(b)))
}
