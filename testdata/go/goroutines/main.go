// goroutines: the scheduler without threads. Workers over channels, a
// WaitGroup, a Mutex-protected counter, a pipeline, and select with
// time.After both firing and not firing. Output is order-independent sums.
package main

import (
	"fmt"
	"sync"
	"time"
)

func worker(id int, jobs <-chan int, results chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		results <- j * j
	}
	_ = id
}

func main() {
	// Fan out, fan in.
	jobs := make(chan int, 100)
	results := make(chan int, 100)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go worker(w, jobs, results, &wg)
	}
	for i := 1; i <= 100; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(results)
	sum := 0
	for r := range results {
		sum += r
	}
	fmt.Println("sum of squares 1..100:", sum)

	// Mutex under contention, with yields in the critical path.
	var mu sync.Mutex
	counter := 0
	var wg2 sync.WaitGroup
	for g := 0; g < 50; g++ {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			for i := 0; i < 1000; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
		}()
	}
	wg2.Wait()
	fmt.Println("mutex counter:", counter)

	// Unbuffered pipeline of three stages.
	src := make(chan int)
	mid := make(chan int)
	out := make(chan int)
	go func() {
		for i := 0; i < 1000; i++ {
			src <- i
		}
		close(src)
	}()
	go func() {
		for v := range src {
			mid <- v * 3
		}
		close(mid)
	}()
	go func() {
		t := 0
		for v := range mid {
			t += v
		}
		out <- t
	}()
	fmt.Println("pipeline total:", <-out)

	// select: a value that arrives before the timeout.
	fast := make(chan string)
	go func() {
		time.Sleep(5 * time.Millisecond)
		fast <- "fast value"
	}()
	select {
	case v := <-fast:
		fmt.Println("select got:", v)
	case <-time.After(5 * time.Second):
		fmt.Println("select timed out (unexpected)")
	}

	// select: a timeout because nobody sends.
	never := make(chan int)
	select {
	case <-never:
		fmt.Println("received from never (unexpected)")
	case <-time.After(20 * time.Millisecond):
		fmt.Println("select timeout fired")
	}

	// select with default on an empty channel.
	select {
	case <-never:
		fmt.Println("unexpected")
	default:
		fmt.Println("select default taken")
	}

	// Many goroutines parked on one channel, woken by close.
	gate := make(chan struct{})
	done := make(chan int, 1000)
	for i := 0; i < 1000; i++ {
		go func(i int) {
			<-gate
			done <- i
		}(i)
	}
	close(gate)
	total := 0
	for i := 0; i < 1000; i++ {
		total += <-done
	}
	fmt.Println("woken goroutines sum:", total)

	// sync.Once and a results slice filled by index.
	var once sync.Once
	inits := 0
	res := make([]int, 16)
	var wg3 sync.WaitGroup
	for i := range res {
		wg3.Add(1)
		go func(i int) {
			defer wg3.Done()
			once.Do(func() { inits++ })
			res[i] = i * 10
		}(i)
	}
	wg3.Wait()
	fmt.Println("once inits:", inits, "res[15]:", res[15])
}
