// deadlock: every goroutine asleep. Go reports
// "fatal error: all goroutines are asleep - deadlock!" with a trace and
// exits 2; the runner has to hand Go the event that lets it notice.
package main

import "fmt"

func main() {
	ch := make(chan int)
	fmt.Println("waiting on a channel nobody sends to")
	v := <-ch
	fmt.Println("not reached", v)
}
