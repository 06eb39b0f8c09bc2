// fs_stdin: reads all of standard input (fs.read on descriptor 0, position
// null, until it returns 0 bytes) and prints its length and SHA-256. The
// harness feeds both runners the same bytes, or none (immediate end of
// file). The number of reads is not printed: how a pipe splits the data is
// up to the host.
package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
)

func main() {
	data, err := io.ReadAll(os.Stdin)
	fmt.Printf("read %d bytes, err=%v\n", len(data), err)
	fmt.Printf("sha256 %x\n", sha256.Sum256(data))
	// A read after end of file reports end of file again.
	n, err := os.Stdin.Read(make([]byte, 16))
	fmt.Printf("read after EOF: %d %v\n", n, err)
	fi, err := os.Stdin.Stat()
	if err != nil {
		fmt.Println("stat stdin:", err)
	} else {
		fmt.Println("stdin is a regular file:", fi.Mode().IsRegular())
	}
	fmt.Fprintf(os.Stderr, "stderr after %d bytes\n", len(data))
}
