// deterministic: what differs between two runs unless the runner fixes it:
// the time, random numbers, how long a sleep takes, Date in JavaScript.
// Under gowasm-run --deterministic two runs print the same bytes, and the
// hour of sleep takes no time.
package main

import (
	"crypto/rand"
	"fmt"
	mathrand "math/rand"
	"syscall/js"
	"time"
)

func main() {
	start := time.Now()
	fmt.Println("now:", start.UTC().Format(time.RFC3339Nano))
	var b [8]byte
	rand.Read(b[:])
	fmt.Printf("crypto/rand: %x\n", b)
	fmt.Println("math/rand:", mathrand.Int63())
	time.Sleep(time.Hour)
	fmt.Println("slept:", time.Since(start).Round(time.Millisecond))
	fmt.Println("Date.now:", int64(js.Global().Get("Date").Call("now").Float()))
	timer := time.NewTimer(90 * time.Minute)
	<-timer.C
	fmt.Println("after a timer:", time.Now().UTC().Format(time.RFC3339))
}
