// timers: sleeping and timers through the host's setTimeout. Only facts
// that hold on any machine are printed (lower bounds, counts), never
// durations themselves.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	fmt.Println("slept at least 20ms:", time.Since(start) >= 20*time.Millisecond)

	start = time.Now()
	<-time.After(15 * time.Millisecond)
	fmt.Println("time.After waited at least 15ms:", time.Since(start) >= 15*time.Millisecond)

	start = time.Now()
	ticker := time.NewTicker(10 * time.Millisecond)
	ticks := 0
	for range ticker.C {
		ticks++
		if ticks == 5 {
			break
		}
	}
	ticker.Stop()
	fmt.Println("ticks:", ticks, "took at least 50ms:", time.Since(start) >= 50*time.Millisecond)

	var wg sync.WaitGroup
	wg.Add(1)
	fired := false
	start = time.Now()
	time.AfterFunc(10*time.Millisecond, func() {
		fired = true
		wg.Done()
	})
	wg.Wait()
	fmt.Println("AfterFunc fired:", fired, "after at least 10ms:", time.Since(start) >= 10*time.Millisecond)

	stopped := time.AfterFunc(time.Hour, func() { fmt.Println("never") })
	fmt.Println("stopped pending timer:", stopped.Stop())

	// Several pending timers at once. Their firing order is not printed:
	// timers that expire in the same check start their goroutines together,
	// and which runs first is up to the scheduler, not the runner.
	firings := make(chan bool, 3)
	start = time.Now()
	for _, ms := range []int{30, 10, 20} {
		d := time.Duration(ms) * time.Millisecond
		time.AfterFunc(d, func() { firings <- time.Since(start) >= d })
	}
	fmt.Println("three timers, each late not early:", <-firings && <-firings && <-firings)

	timer := time.NewTimer(time.Hour)
	fmt.Println("reset long timer:", timer.Reset(5*time.Millisecond))
	<-timer.C
	fmt.Println("reset timer fired")
	// A zero-duration sleep returns.
	time.Sleep(0)
	fmt.Println("done")
}
