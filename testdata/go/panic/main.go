// panic: an unrecovered panic with a custom message a few frames deep. Go
// prints "panic: ..." and the goroutine's stack trace to stderr and exits 2.
package main

import (
	"fmt"
	"os"
)

type customError struct{ what string }

func (e *customError) Error() string { return "custom failure: " + e.what }

//go:noinline
func inner(n int) {
	if n == 0 {
		panic(&customError{"gowasm panic test"})
	}
	inner(n - 1)
}

func main() {
	fmt.Println("about to panic")
	os.Stdout.Sync()
	inner(3)
	fmt.Println("not reached")
}
