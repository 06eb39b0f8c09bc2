// exit_goroutine: os.Exit from a goroutine while main is blocked on a
// channel nobody sends to. The runner must stop at once with code 7 and not
// report a deadlock.
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	block := make(chan int)
	go func() {
		time.Sleep(5 * time.Millisecond)
		fmt.Println("goroutine exiting with 7")
		os.Exit(7)
	}()
	fmt.Println("main blocking")
	<-block
	fmt.Println("not reached")
}
