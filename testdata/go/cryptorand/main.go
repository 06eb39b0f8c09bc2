// cryptorand: crypto/rand reads through crypto.getRandomValues. Prints only
// facts that hold for any random bytes.
package main

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"os"
)

func main() {
	a := make([]byte, 32)
	b := make([]byte, 32)
	n1, err1 := rand.Read(a)
	n2, err2 := rand.Read(b)
	fmt.Println("read ok:", err1 == nil && err2 == nil)
	fmt.Println("lengths:", n1, n2)
	fmt.Println("two reads differ:", !bytes.Equal(a, b))
	fmt.Println("not all zero:", !bytes.Equal(a, make([]byte, 32)))
	// Go 1.19 hands the whole buffer to one getRandomValues call, which Web
	// Crypto (and Node >= 19) limits to 65536 bytes, so stay below that.
	big := make([]byte, 4096)
	n3, err3 := rand.Read(big)
	fmt.Println("4096-byte read ok:", err3 == nil, n3)
	if err1 != nil || err2 != nil || err3 != nil {
		os.Exit(1)
	}
}
