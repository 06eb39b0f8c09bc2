// exitcode: exits with the code given as the first argument, after writing
// one line to stdout and one to stderr, so that a runner must flush both
// before it exits with the guest's code.
package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	code := 0
	if len(os.Args) > 1 {
		c, err := strconv.Atoi(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "bad exit code:", err)
			os.Exit(100)
		}
		code = c
	}
	fmt.Printf("exiting with code %d\n", code)
	fmt.Fprintf(os.Stderr, "stderr before exit %d\n", code)
	os.Exit(code)
}
