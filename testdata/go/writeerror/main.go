// writeerror: writes lines to stdout until done or until a write fails,
// and then says why on stderr and exits 3. A closed pipe or a full disk
// (/dev/full) must reach it as the error Node gives it (EPIPE, ENOSPC).
package main

import (
	"fmt"
	"os"
)

func main() {
	for i := 0; i < 20000; i++ {
		if _, err := fmt.Fprintf(os.Stdout, "line %d\n", i); err != nil {
			fmt.Fprintln(os.Stderr, "write error:", err)
			os.Exit(3)
		}
	}
}
