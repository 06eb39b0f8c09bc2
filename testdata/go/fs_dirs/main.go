// fs_dirs: directories through package os in the work directory given as
// the first argument: Mkdir/MkdirAll (fs.mkdir), listing (Go reads a whole
// directory with fs.readdir when it opens it, then hands the names out in
// the order Node gave them: Readdirnames prints that order unsorted), entry
// types (os.ReadDir lstats each entry), Remove/RemoveAll (fs.unlink,
// fs.rmdir), the working directory (process.cwd, process.chdir) and paths
// relative to it, os.CreateTemp/os.MkdirTemp, os.DirFS with fs.WalkDir,
// filepath.Walk and filepath.Glob.
package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	. "gowasm.test/testdata/fs_common"
)

func names(entries []os.DirEntry) string {
	var s []string
	for _, e := range entries {
		s = append(s, e.Name())
	}
	return strings.Join(s, " ")
}

func list(label, path string) {
	entries, err := os.ReadDir(path)
	if err != nil {
		Say("%s: %s", label, E(err))
		return
	}
	Say("%s: [%s]", label, names(entries))
}

func main() {
	Start()

	Section("mkdir")
	Check("Mkdir a", os.Mkdir(P("a"), 0755))
	Check("Mkdir private 0700", os.Mkdir(P("private"), 0700))
	Check("Mkdir 0777 (umask applies)", os.Mkdir(P("open"), 0777))
	Check("MkdirAll a/b/c/d", os.MkdirAll(P("a", "b", "c", "d"), 0755))
	Check("MkdirAll again", os.MkdirAll(P("a", "b", "c", "d"), 0755))
	Check("MkdirAll existing prefix", os.MkdirAll(P("a", "b", "x"), 0750))
	for _, d := range []string{"a", "private", "open", "a/b/c/d", "a/b/x"} {
		fi, err := os.Stat(P(d))
		if err != nil {
			Say("stat %s: %s", d, E(err))
			continue
		}
		Describe("stat "+d, fi)
	}

	Section("listing")
	// Created out of order, with names whose byte order differs from
	// case-insensitive and numeric order.
	Must("mkdir list", os.Mkdir(P("list"), 0755))
	for _, n := range []string{"zeta", "Alpha", "beta", "10", "9", "_under", "a b", "ünï", ".hidden", "mid"} {
		Must("write "+n, os.WriteFile(P("list", n), []byte(n), 0644))
	}
	os.Mkdir(P("list", "subdir"), 0755)
	os.Symlink("beta", P("list", "link-to-beta"))
	list("ReadDir (sorted by Go)", P("list"))
	entries, _ := os.ReadDir(P("list"))
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			Say("  %s: info %s", e.Name(), E(err))
			continue
		}
		Say("  %-13s type=%v dir=%v mode=%v", e.Name(), e.Type(), e.IsDir(), info.Mode())
	}
	f, err := os.Open(P("list"))
	Must("open list", err)
	all, err := f.Readdirnames(-1)
	Say("Readdirnames(-1) in Node's order: %s %s", strings.Join(all, " "), E(err))
	sorted := append([]string(nil), all...)
	sort.Strings(sorted)
	Say("sorted: %s", strings.Join(sorted, " "))
	rest, err := f.Readdirnames(-1)
	Say("Readdirnames again: %d names %s", len(rest), E(err))
	_, err = f.Readdirnames(1)
	Say("Readdirnames(1) at end: %s eof=%v", E(err), err == io.EOF)
	// A new file is not seen by a directory that is already open: Go lists
	// what fs.readdir returned at open.
	os.WriteFile(P("list", "late"), nil, 0644)
	pos, err := f.Seek(0, io.SeekStart)
	Say("Seek dir to 0: %d %s", pos, E(err))
	var chunks []string
	for {
		part, err := f.Readdirnames(3)
		if err != nil {
			Say("chunks end: %s eof=%v", E(err), err == io.EOF)
			break
		}
		chunks = append(chunks, strings.Join(part, ","))
	}
	Say("in chunks of 3: %s", strings.Join(chunks, " | "))
	f.Close()
	f, err = os.Open(P("list"))
	Must("reopen list", err)
	infos, err := f.Readdir(4)
	Say("Readdir(4): %d %s", len(infos), E(err))
	for _, fi := range infos {
		Describe("  ", fi)
	}
	des, err := f.ReadDir(-1)
	Say("File.ReadDir(-1) rest: %d %s", len(des), E(err))
	f.Close()
	list("empty dir", P("a", "b", "x"))

	Section("remove")
	os.WriteFile(P("a", "file.txt"), []byte("x"), 0644)
	Check("Remove file", os.Remove(P("a", "file.txt")))
	Check("Remove empty dir", os.Remove(P("a", "b", "x")))
	list("a/b", P("a", "b"))
	Check("RemoveAll a", os.RemoveAll(P("a")))
	_, err = os.Stat(P("a"))
	Say("a after RemoveAll: %s", E(err))
	Check("RemoveAll missing", os.RemoveAll(P("never-existed")))
	// RemoveAll of a tree with a read-only directory and a symlink to
	// outside the tree: the link goes, its target stays.
	os.MkdirAll(P("tree", "ro", "deep"), 0755)
	os.WriteFile(P("tree", "ro", "deep", "f"), []byte("f"), 0644)
	os.WriteFile(P("keep.txt"), []byte("keep"), 0644)
	os.Symlink(P("keep.txt"), P("tree", "link"))
	os.Chmod(P("tree", "ro"), 0555)
	err = os.RemoveAll(P("tree"))
	Say("RemoveAll tree: %s", E(err))
	_, err = os.Stat(P("keep.txt"))
	Say("link target kept: %s", E(err))
	os.Chmod(P("tree", "ro"), 0755)
	os.RemoveAll(P("tree"))

	Section("working directory")
	wd, err := os.Getwd()
	Say("Getwd: %s %s", wd, E(err))
	os.MkdirAll(P("w", "inner"), 0755)
	Check("Chdir w", os.Chdir(P("w")))
	wd, err = os.Getwd()
	Say("Getwd: %s %s", wd, E(err))
	Check("WriteFile relative", os.WriteFile("rel.txt", []byte("relative"), 0644))
	list("ReadDir .", ".")
	list("ReadDir inner (relative)", "inner")
	fi, err := os.Stat("rel.txt")
	if err == nil {
		Describe("Stat relative", fi)
	}
	b, err := os.ReadFile(P("w", "rel.txt"))
	Say("read back absolute: %q %s", b, E(err))
	Check("Chdir inner (relative)", os.Chdir("inner"))
	wd, _ = os.Getwd()
	Say("Getwd: %s", wd)
	b, err = os.ReadFile("../rel.txt")
	Say("read ../rel.txt: %q %s", b, E(err))
	Check("Chdir ..", os.Chdir(".."))
	wd, _ = os.Getwd()
	Say("Getwd: %s", wd)
	Check("Chdir ./inner/../inner/.", os.Chdir("./inner/../inner/."))
	wd, _ = os.Getwd()
	Say("Getwd: %s", wd)
	Check("Chdir missing", os.Chdir(P("missing")))
	Check("Chdir to a file", os.Chdir(P("w", "rel.txt")))
	wd, _ = os.Getwd()
	Say("Getwd unchanged: %s", wd)
	d, err := os.Open(P("w"))
	Must("open w", err)
	Check("File.Chdir", d.Chdir())
	d.Close()
	wd, _ = os.Getwd()
	Say("Getwd: %s", wd)
	Check("Mkdir relative", os.Mkdir("made-here", 0755))
	list("w", P("w"))
	fi, err = os.Stat(".")
	if err == nil {
		Say("Stat . name: %s", fi.Name())
	}
	abs, err := filepath.Abs("x/../y")
	Say("filepath.Abs: %s %s", abs, E(err))
	Check("Chdir back", os.Chdir(Dir))
	wd, _ = os.Getwd()
	Say("Getwd: %s", wd)

	Section("temporary files")
	tf, err := os.CreateTemp(Dir, "pre-*.txt")
	if err == nil {
		base := filepath.Base(tf.Name())
		Say("CreateTemp: ok in dir=%v pattern=%v", filepath.Dir(tf.Name()) == Dir,
			strings.HasPrefix(base, "pre-") && strings.HasSuffix(base, ".txt") && len(base) > len("pre-.txt"))
		fi, _ := tf.Stat()
		Say("  perm %v", fi.Mode())
		tf.WriteString("temp")
		tf.Close()
		Check("  remove", os.Remove(tf.Name()))
	} else {
		Say("CreateTemp: %s", E(err))
	}
	td, err := os.MkdirTemp(Dir, "tmpdir-")
	if err == nil {
		fi, _ := os.Stat(td)
		Say("MkdirTemp: ok in dir=%v dir=%v perm=%v", filepath.Dir(td) == Dir, fi.IsDir(), fi.Mode())
		t2, err := os.CreateTemp(td, "")
		Say("  CreateTemp inside: %s", E(err))
		if err == nil {
			t2.Close()
		}
		Check("  RemoveAll", os.RemoveAll(td))
	} else {
		Say("MkdirTemp: %s", E(err))
	}
	// The error names the random file name: print its kind only.
	_, err = os.CreateTemp(P("no-such-dir"), "x")
	Say("CreateTemp in missing dir: %s %s", ErrnoName(err), Kinds(err))
	_, err = os.CreateTemp(Dir, "bad/pattern")
	Say("CreateTemp bad pattern: %s", E(err))

	Section("walking")
	os.MkdirAll(P("walk", "b", "c"), 0755)
	os.MkdirAll(P("walk", "a"), 0755)
	os.WriteFile(P("walk", "b", "c", "leaf.txt"), []byte("leaf"), 0644)
	os.WriteFile(P("walk", "a", "one.go"), []byte("package a"), 0644)
	os.WriteFile(P("walk", "top.txt"), []byte("top"), 0644)
	var walked []string
	err = fs.WalkDir(os.DirFS(P("walk")), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		walked = append(walked, fmt.Sprintf("%s(%v)", path, d.IsDir()))
		return nil
	})
	Say("fs.WalkDir: %s %s", strings.Join(walked, " "), E(err))
	walked = nil
	err = filepath.Walk(P("walk"), func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		walked = append(walked, fmt.Sprintf("%s:%d", Hide(path), map[bool]int64{true: -1, false: info.Size()}[info.IsDir()]))
		return nil
	})
	Say("filepath.Walk: %s %s", strings.Join(walked, " "), E(err))
	matches, err := filepath.Glob(P("walk", "*", "*"))
	Say("Glob: %s %s", Hide(strings.Join(matches, " ")), E(err))
	b, err = fs.ReadFile(os.DirFS(P("walk")), "b/c/leaf.txt")
	Say("fs.ReadFile via DirFS: %q %s", b, E(err))
	fmt.Println("done")
}
