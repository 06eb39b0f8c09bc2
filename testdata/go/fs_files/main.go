// fs_files: opening, reading and writing regular files through package os,
// in the work directory given as the first argument. Covers the flag
// combinations Go maps to Node's O_* constants (fs.open), sequential reads
// and writes (fs.read/fs.write with position null), positioned ones
// (ReadAt/WriteAt and everything after a Seek use an explicit position),
// Seek (emulated by Go, SEEK_END through fs.fstat), truncation (fs.truncate,
// fs.ftruncate), File.Sync (fs.fsync), a multi-megabyte file, and several
// goroutines with file operations in flight at once.
package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"sync"

	. "gowasm.test/testdata/fs_common"
)

func readAll(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "ERR " + E(err)
	}
	return fmt.Sprintf("%q", b)
}

func size(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return "ERR " + E(err)
	}
	return fmt.Sprint(fi.Size())
}

// pattern is n bytes of a fixed pseudo-random sequence (xorshift).
func pattern(n int, seed uint32) []byte {
	b := make([]byte, n)
	x := seed | 1
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

func main() {
	Start()

	Section("create and write")
	f, err := os.OpenFile(P("a.txt"), os.O_CREATE|os.O_WRONLY, 0644)
	Must("create a.txt", err)
	Say("name: %s", f.Name())
	n, err := f.Write([]byte("hello, "))
	Say("write: %d %s", n, E(err))
	n, err = f.WriteString("world\n")
	Say("write string: %d %s", n, E(err))
	fi, err := f.Stat()
	Must("fstat", err)
	Describe("fstat", fi)
	Check("sync", f.Sync())
	Check("close", f.Close())
	Say("content: %s", readAll(P("a.txt")))

	Section("O_CREATE|O_EXCL")
	f, err = os.OpenFile(P("excl.txt"), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0600)
	Say("new: %s", E(err))
	if err == nil {
		f.WriteString("exclusive")
		f.Close()
	}
	fi, err = os.Stat(P("excl.txt"))
	Must("stat excl.txt", err)
	Describe("stat", fi)
	_, err = os.OpenFile(P("excl.txt"), os.O_CREATE|os.O_EXCL|os.O_RDWR, 0600)
	Say("again: %s kinds=%s", E(err), Kinds(err))

	f, err = os.OpenFile(P("exec.sh"), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0777)
	Say("new with 0777: %s", E(err))
	if err == nil {
		f.Close()
	}
	fi, err = os.Stat(P("exec.sh"))
	Must("stat exec.sh", err)
	Describe("stat (umask 022 applies)", fi)

	Section("O_TRUNC")
	f, err = os.OpenFile(P("a.txt"), os.O_WRONLY|os.O_TRUNC, 0)
	Must("open O_TRUNC", err)
	Say("size after open: %s", size(P("a.txt")))
	f.WriteString("short")
	f.Close()
	Say("content: %s", readAll(P("a.txt")))
	f, err = os.OpenFile(P("created-truncated.txt"), os.O_CREATE|os.O_TRUNC|os.O_RDWR, 0640)
	Must("open O_CREATE|O_TRUNC|O_RDWR", err)
	f.WriteString("0123456789")
	f.Close()
	Say("content: %s", readAll(P("created-truncated.txt")))
	Check("os.Create over existing", func() error {
		f, err := os.Create(P("created-truncated.txt"))
		if err == nil {
			f.Close()
		}
		return err
	}())
	Say("size after os.Create: %s", size(P("created-truncated.txt")))

	Section("O_APPEND")
	os.WriteFile(P("log.txt"), []byte("line 1\n"), 0644)
	f, err = os.OpenFile(P("log.txt"), os.O_APPEND|os.O_WRONLY, 0)
	Must("open O_APPEND", err)
	f.WriteString("line 2\n")
	f.WriteString("line 3\n")
	_, err = f.WriteAt([]byte("X"), 0)
	Say("WriteAt on O_APPEND: %s", E(err))
	f.Close()
	f, err = os.OpenFile(P("log.txt"), os.O_APPEND|os.O_CREATE|os.O_RDWR, 0644)
	Must("open O_APPEND|O_CREATE|O_RDWR", err)
	f.WriteString("line 4\n")
	buf := make([]byte, 6)
	n, err = f.ReadAt(buf, 0)
	Say("ReadAt in append mode: %d %q %s", n, buf[:n], E(err))
	// After a Seek Go writes with an explicit position; on Linux pwrite on
	// an O_APPEND descriptor still appends.
	pos, err := f.Seek(0, io.SeekStart)
	Say("seek: %d %s", pos, E(err))
	n, err = f.Write([]byte("line 5\n"))
	Say("write after seek: %d %s", n, E(err))
	f.Close()
	Say("content: %s", readAll(P("log.txt")))

	Section("O_RDWR reads and writes")
	os.WriteFile(P("rw.txt"), []byte("abcdefghijklmnopqrstuvwxyz"), 0644)
	f, err = os.OpenFile(P("rw.txt"), os.O_RDWR, 0)
	Must("open O_RDWR", err)
	buf = make([]byte, 5)
	n, err = f.Read(buf)
	Say("read: %d %q %s", n, buf[:n], E(err))
	n, err = f.Write([]byte("XYZ"))
	Say("write at current position: %d %s", n, E(err))
	n, err = f.Read(buf)
	Say("read: %d %q %s", n, buf[:n], E(err))
	pos, err = f.Seek(0, io.SeekCurrent)
	Say("position: %d %s", pos, E(err))
	pos, err = f.Seek(-3, io.SeekEnd)
	Say("seek end-3: %d %s", pos, E(err))
	n, err = f.Read(buf)
	Say("read: %d %q %s", n, buf[:n], E(err))
	n, err = f.Read(buf)
	Say("read at EOF: %d %s eof=%v", n, E(err), err == io.EOF)
	pos, err = f.Seek(2, io.SeekStart)
	Say("seek 2: %d %s", pos, E(err))
	n, err = f.Write([]byte("--"))
	Say("write: %d %s", n, E(err))
	pos, err = f.Seek(-1, io.SeekStart)
	Say("seek -1: %d %s", pos, E(err))
	pos, err = f.Seek(0, 7)
	Say("seek whence 7: %d %s", pos, E(err))
	// Beyond the end: the gap reads back as zeros.
	pos, err = f.Seek(30, io.SeekStart)
	Say("seek 30: %d %s", pos, E(err))
	f.Write([]byte("END"))
	Say("size: %s", size(P("rw.txt")))
	f.Close()
	Say("content: %s", readAll(P("rw.txt")))

	Section("ReadAt and WriteAt")
	f, err = os.OpenFile(P("rw.txt"), os.O_RDWR, 0)
	Must("open", err)
	n, err = f.WriteAt([]byte("@@"), 10)
	Say("WriteAt 10: %d %s", n, E(err))
	n, err = f.WriteAt([]byte("tail"), 40)
	Say("WriteAt 40 (past the end): %d %s", n, E(err))
	_, err = f.WriteAt([]byte("x"), -1)
	Say("WriteAt -1: %s", E(err))
	buf = make([]byte, 8)
	n, err = f.ReadAt(buf, 8)
	Say("ReadAt 8: %d %q %s", n, buf[:n], E(err))
	n, err = f.ReadAt(buf, 40)
	Say("ReadAt 40: %d %q %s eof=%v", n, buf[:n], E(err), err == io.EOF)
	n, err = f.ReadAt(buf, 100)
	Say("ReadAt 100: %d %s eof=%v", n, E(err), err == io.EOF)
	_, err = f.ReadAt(buf, -5)
	Say("ReadAt -5: %s", E(err))
	// ReadAt does not move the position used by Read.
	n, err = f.Read(buf[:4])
	Say("Read after ReadAt: %d %q %s", n, buf[:n], E(err))
	f.Close()
	Say("content: %s", readAll(P("rw.txt")))

	Section("read-only and write-only descriptors")
	f, err = os.Open(P("rw.txt"))
	Must("open read-only", err)
	_, err = f.Write([]byte("no"))
	Say("write to O_RDONLY: %s", E(err))
	_, err = f.WriteAt([]byte("no"), 0)
	Say("WriteAt to O_RDONLY: %s", E(err))
	f.Close()
	f, err = os.OpenFile(P("rw.txt"), os.O_WRONLY, 0)
	Must("open write-only", err)
	_, err = f.Read(buf)
	Say("read from O_WRONLY: %s", E(err))
	_, err = f.ReadAt(buf, 0)
	Say("ReadAt from O_WRONLY: %s", E(err))
	f.Close()

	Section("truncate")
	os.WriteFile(P("t.txt"), []byte("0123456789abcdef"), 0644)
	Check("os.Truncate 10", os.Truncate(P("t.txt"), 10))
	Say("content: %s", readAll(P("t.txt")))
	Check("os.Truncate 12 (grow)", os.Truncate(P("t.txt"), 12))
	Say("content: %s", readAll(P("t.txt")))
	f, err = os.OpenFile(P("t.txt"), os.O_RDWR, 0)
	Must("open", err)
	Check("File.Truncate 4", f.Truncate(4))
	fi, _ = f.Stat()
	Say("fstat size: %d", fi.Size())
	Check("File.Truncate 0", f.Truncate(0))
	Check("File.Sync", f.Sync())
	f.Close()
	Say("content: %s", readAll(P("t.txt")))
	os.WriteFile(P("t.txt"), []byte("abc"), 0644)
	// Node clamps a negative length to 0 instead of failing with EINVAL.
	Check("os.Truncate -1", os.Truncate(P("t.txt"), -1))
	Say("size: %s", size(P("t.txt")))

	Section("WriteFile and ReadFile")
	Check("WriteFile", os.WriteFile(P("wf.txt"), []byte("via WriteFile\n"), 0600))
	Say("content: %s", readAll(P("wf.txt")))
	fi, _ = os.Stat(P("wf.txt"))
	Describe("stat", fi)
	Check("WriteFile empty", os.WriteFile(P("empty.txt"), nil, 0644))
	Say("empty content: %s", readAll(P("empty.txt")))
	f, _ = os.Open(P("empty.txt"))
	n, err = f.Read(buf)
	Say("read empty file: %d %s eof=%v", n, E(err), err == io.EOF)
	f.Close()

	Section("large file")
	big := pattern(3<<20+12345, 7)
	f, err = os.Create(P("big.bin"))
	Must("create big.bin", err)
	n, err = f.Write(big)
	Say("write %d: %d %s", len(big), n, E(err))
	f.Close()
	f, err = os.Open(P("big.bin"))
	Must("open big.bin", err)
	h := sha256.New()
	copied, err := io.Copy(h, f)
	f.Close()
	Say("copied %d %s sha256 equal=%v", copied, E(err), bytes.Equal(h.Sum(nil), sum(big)))
	back, err := os.ReadFile(P("big.bin"))
	Say("ReadFile %d bytes equal=%v %s", len(back), bytes.Equal(back, big), E(err))
	Say("sha256 %x", sum(back))

	Section("concurrent files")
	var wg sync.WaitGroup
	results := make([]string, 8)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			name := P(fmt.Sprintf("c%d.bin", i))
			data := pattern(65536+i*1000, uint32(i+1))
			if err := os.WriteFile(name, data, 0644); err != nil {
				results[i] = "write " + E(err)
				return
			}
			back, err := os.ReadFile(name)
			if err != nil {
				results[i] = "read " + E(err)
				return
			}
			results[i] = fmt.Sprintf("%d bytes equal=%v", len(back), bytes.Equal(back, data))
		}(i)
	}
	wg.Wait()
	for i, r := range results {
		Say("c%d: %s", i, r)
	}
	fmt.Println("done")
}

func sum(b []byte) []byte { s := sha256.Sum256(b); return s[:] }
