// endless: writes a line to stdout and one to stderr, then never finishes:
// `endless spin` loops without calling anything, `endless sleep` sleeps for
// an hour (waiting in the event loop). For stopping a guest from outside:
// everything written before must still come out.
package main

import (
	"fmt"
	"os"
	"time"
)

var counter uint64

func main() {
	fmt.Println("written before the endless part")
	fmt.Fprintln(os.Stderr, "also written before, to stderr")
	if len(os.Args) > 1 && os.Args[1] == "sleep" {
		time.Sleep(time.Hour)
	}
	for {
		counter++
	}
}
