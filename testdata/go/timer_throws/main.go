// timer_throws: a timer whose callback is a host function that throws (a
// constructor called without new). The exception escapes the event loop:
// the program ends as an uncaught exception ends it on Node, never by a
// crash of the runner.
package main

import (
	"fmt"
	"syscall/js"
)

func main() {
	fmt.Println("scheduling a timer whose callback throws")
	js.Global().Call("setTimeout", js.Global().Get("Uint8Array"), 0, -1)
	select {}
}
