//go:build wasip1

// wasi_reactor is a WASI reactor (go build -buildmode=c-shared, GOOS=wasip1):
// no main program, only exports that a host calls after _initialize, as
// gowasm-run --invoke does.
package main

import (
	"fmt"
	"os"
)

//go:wasmexport add
func add(a, b int32) int32 {
	fmt.Printf("adding %d and %d\n", a, b)
	return a + b
}

//go:wasmexport quit
func quit(status int32) {
	os.Exit(int(status))
}

func main() {}
