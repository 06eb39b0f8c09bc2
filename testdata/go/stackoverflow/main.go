// stackoverflow: recursion without end. Go's runtime catches it when the
// goroutine's stack would pass its limit: "runtime: goroutine stack exceeds
// 8388608-byte limit", "fatal error: stack overflow" and a traceback of
// every goroutine with raw stack memory on stderr, exit 2. Each call takes
// 4 KiB of Go stack and the limit is lowered to 8 MiB (about 2,000 calls),
// because each Go call is a wasm call too and a runner's wasm call stack
// (Node's few MiB of native stack, gowasm's 200,000 calls) would run out
// long before Go's default 1 GB of small frames. `stackoverflow nolimit`
// recurses with small frames under that default, to see how the runner
// itself stops the guest.
//
// Nothing is printed before the recursion: under Node a write completes
// through an event, which leaves an event-handler goroutine and other words
// on the scheduler's stack in that traceback; with none, Node's stderr and
// gowasm-run's are identical.
package main

import (
	"fmt"
	"os"
	"runtime/debug"
)

//go:noinline
func recurse(n int) int {
	var frame [512]int // 4 KiB of Go stack, in linear memory
	frame[n%512] = n
	return recurse(n+1) + frame[(n*7)%512]
}

//go:noinline
func recurseSmall(n int) int {
	return recurseSmall(n+1) + n
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "nolimit" {
		fmt.Println(recurseSmall(0))
		return
	}
	debug.SetMaxStack(8 << 20)
	fmt.Println(recurse(0))
}
