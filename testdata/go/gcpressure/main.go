// gcpressure: allocates far more than the module's memory over its life
// (4 GiB by default, in 1 MiB slices) while keeping only a small rolling
// window live, so the collector must run many cycles and reuse memory.
// The first argument, if present, is the total in MiB; the second the
// window, the number of slices kept live (8 by default).
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
)

const sliceSize = 1 << 20

func main() {
	totalMiB, window := 4096, 8
	for i, p := range []*int{&totalMiB, &window} {
		if len(os.Args) > i+1 {
			n, err := strconv.Atoi(os.Args[i+1])
			if err != nil || n <= 0 {
				fmt.Fprintln(os.Stderr, "bad number:", os.Args[i+1])
				os.Exit(1)
			}
			*p = n
		}
	}
	live := make([][]byte, window)
	var sum uint64
	for i := 0; i < totalMiB; i++ {
		b := make([]byte, sliceSize)
		// Touch a few places so the slice is really used, and check it
		// arrived zeroed although its memory was probably reused.
		if b[i%sliceSize] != 0 || b[sliceSize-1] != 0 {
			fmt.Println("fresh slice not zeroed at iteration", i)
			os.Exit(1)
		}
		for j := 0; j < sliceSize; j += 4096 {
			b[j] = byte(i + j>>12)
		}
		b[sliceSize-1] = byte(i * 7)
		live[i%window] = b
		// Read back an older live slice: it must be intact.
		old := live[(i+1)%window]
		if old != nil {
			for j := 0; j < sliceSize; j += 65536 {
				sum = sum*31 + uint64(old[j])
			}
			sum += uint64(old[sliceSize-1])
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("allocated %d MiB in %d MiB slices, window %d\n", totalMiB, sliceSize>>20, window)
	fmt.Printf("checksum: %d\n", sum)
	fmt.Println("collector ran at least 8 times:", ms.NumGC >= 8)
	fmt.Println("heap stayed small:", ms.HeapSys < 256<<20)
}
