//go:build go1.24

// Go >= 1.24 exports functions with //go:wasmexport; a GOOS=js module that
// has them still runs main the usual way (calling the exports from the host
// is the embedding API's job). Older Go cannot build this program.
package main

import "fmt"

//go:wasmexport add
func add(a, b int32) int32 { return a + b }

//go:wasmexport scale
func scale(x float64, by int64) float64 { return x * float64(by) }

//go:wasmexport tick
func tick() { ticks++ }

var ticks int

func main() {
	tick()
	tick()
	fmt.Println("add:", add(40, 2), "scale:", scale(1.5, 4), "ticks:", ticks)
}
