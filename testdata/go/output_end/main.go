// output_end: writes a few MiB of checkable lines to stdout and stderr from
// several goroutines, then ends the way its argument says, so that a runner
// can be held to "nothing lost, nothing torn" however a program ends
// (tests/output_end/output_end_test.py checks the output).
//
//	output_end return|exit-goroutine|exit-after-write|panic|trap|endless|idle
//
// Every line is a record `WRITER K I/N SEQ FILLER`: line I of the N lines of
// write number K of WRITER, its SEQ-th line, and a filler that SEQ decides.
// The writers, by stream:
//
//	stdout  m   main: a first line, and a last one when the writes are done
//	        p1  fmt.Printf, one line per write           (goroutine)
//	        p2  the same                                 (goroutine)
//	        b1  os.Stdout.Write of big buffers of lines  (goroutine)
//	        b2  the same                                 (goroutine)
//	        z   endless: main's os.Stdout.Write of buffers, after the rest
//	stderr  m   main: a first and a last line
//	        f   fmt.Fprintf(os.Stderr), one line per write  (goroutine e)
//	        r   print: the runtime's own write to fd 2      (goroutine e)
//	        g   os.Stderr.Write of big buffers               (goroutine e)
//	        x,y,w  endless: main's fmt.Fprintf, print and os.Stderr.Write
//
// Each writer calls runtime.Gosched after each write, so that the writers
// interleave even where a write does not block.
//
// Only goroutine e writes stderr (apart from main before and after), so
// that print, which takes no lock of os.Stderr, never races a write that
// Node has in flight. print gets one string with its newline: println
// would write the line and its newline in two writes.
//
// The endings, once every writer has written its share:
//
//	return          main returns (exit 0)
//	exit-goroutine  a goroutine writes the last records, lets b1 start
//	                (which writes without end here), and once b1 has
//	                written three buffers calls os.Exit(3): b1 is cut off
//	exit-after-write  the same, but the exiting goroutine writes the last
//	                records while b1 is writing, then exits: its writes
//	                must return although b1 never stops (they do on Node,
//	                whose fs.write calls back from the event loop)
//	panic           an unrecovered panic (exit 2, its message on stderr)
//	trap            a store far outside linear memory: a real wasm trap,
//	                not a Go panic (Go checks only for nil)
//	endless         (also: timeout, interrupt, fuel) main then writes
//	                forever, alone, in the same ways: z buffers to stdout,
//	                x (fmt.Fprintf), y (print) lines and w buffers to
//	                stderr; something outside must end the run
//	idle            sleeps for an hour after the writes; something outside
//	                must end the run
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
	"unsafe"
)

// The plan; tests/output_end/output_end_test.py has the same numbers.
const (
	printfLines    = 1200 // p1, p2: lines each
	bufferWrites   = 10   // b1, b2: writes each
	bufferLines    = 3000 // lines per b write
	stderrRounds   = 1200 // f and r: lines each
	stderrBufEach  = 150  // e writes a g buffer every this many rounds ...
	stderrBufLines = 1500 // ... of this many lines
)

func filler(b []byte, seq int) []byte {
	for j := 0; j < 8+seq%29; j++ {
		b = append(b, byte('a'+(seq+j)%26))
	}
	return b
}

func appendRecord(b []byte, w string, k, i, n, seq int) []byte {
	b = append(b, w...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(k), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(seq), 10)
	b = append(b, ' ')
	b = filler(b, seq)
	return append(b, '\n')
}

func check(err error) {
	if err != nil {
		// Not a record: the test sees it as a broken output.
		print("output_end: write failed: ", err.Error(), "\n")
		os.Exit(5)
	}
}

// printfWriter: one fmt.Printf per line.
func printfWriter(w string, lines int) {
	for seq := 0; seq < lines; seq++ {
		_, err := fmt.Printf("%s %d 0/1 %d %s\n", w, seq, seq, filler(nil, seq))
		check(err)
		runtime.Gosched()
	}
}

// bufferWriter: one os.Stdout.Write per buffer of `lines` lines; a send
// on `writing` (when not nil) after the third.
func bufferWriter(w string, writes, lines int, endless bool, writing chan<- struct{}) {
	seq := 0
	buf := make([]byte, 0, lines*64)
	for k := 0; endless || k < writes; k++ {
		buf = buf[:0]
		for i := 0; i < lines; i++ {
			buf = appendRecord(buf, w, k, i, lines, seq)
			seq++
		}
		_, err := os.Stdout.Write(buf)
		check(err)
		if k == 2 && writing != nil {
			writing <- struct{}{}
		}
		runtime.Gosched()
	}
}

// stderrWriter: goroutine e, the only one that writes stderr while the
// others run.
func stderrWriter() {
	gseq, gk := 0, 0
	buf := make([]byte, 0, stderrBufLines*64)
	for k := 0; k < stderrRounds; k++ {
		_, err := fmt.Fprintf(os.Stderr, "f %d 0/1 %d %s\n", k, k, filler(nil, k))
		check(err)
		print(string(appendRecord(nil, "r", k, 0, 1, k)))
		if k%stderrBufEach == stderrBufEach-1 {
			buf = buf[:0]
			for i := 0; i < stderrBufLines; i++ {
				buf = appendRecord(buf, "g", gk, i, stderrBufLines, gseq)
				gseq++
			}
			_, err := os.Stderr.Write(buf)
			check(err)
			gk++
		}
		runtime.Gosched()
	}
}

func record(f *os.File, k int) {
	_, err := f.Write(appendRecord(nil, "m", k, 0, 1, k))
	check(err)
}

// endlessWriter: everything in one goroutine, so that where the run is cut
// off shows as the end of one writer's records.
func endlessWriter() {
	buf := make([]byte, 0, bufferLines*64)
	for k := 0; ; k++ {
		buf = buf[:0]
		for i := 0; i < bufferLines; i++ {
			buf = appendRecord(buf, "z", k, i, bufferLines, k*bufferLines+i)
		}
		_, err := os.Stdout.Write(buf)
		check(err)
		_, err = fmt.Fprintf(os.Stderr, "x %d 0/1 %d %s\n", k, k, filler(nil, k))
		check(err)
		print(string(appendRecord(nil, "y", k, 0, 1, k)))
		if k%10 == 9 {
			buf = buf[:0]
			for i := 0; i < stderrBufLines; i++ {
				buf = appendRecord(buf, "w", k/10, i, stderrBufLines, k/10*stderrBufLines+i)
			}
			_, err := os.Stderr.Write(buf)
			check(err)
		}
	}
}

//go:noinline
func storeFarAway(addr uintptr) {
	*(*byte)(unsafe.Pointer(addr)) = 1
}

func main() {
	ending := "return"
	if len(os.Args) > 1 {
		ending = os.Args[1]
	}
	switch ending {
	case "timeout", "interrupt", "fuel":
		ending = "endless"
	case "return", "exit-goroutine", "exit-after-write", "panic", "trap", "endless", "idle":
	default:
		fmt.Fprintln(os.Stderr, "output_end: unknown ending", ending)
		os.Exit(64)
	}
	record(os.Stdout, 0)
	record(os.Stderr, 0)

	var wg sync.WaitGroup
	start := func(f func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
	}
	start(func() { printfWriter("p1", printfLines) })
	start(func() { printfWriter("p2", printfLines) })
	// exit-goroutine: b1 starts once the others are done and writes until
	// the exit cuts it off; it says when it has written three buffers.
	finished, b1Writing := make(chan struct{}), make(chan struct{}, 1)
	if ending == "exit-goroutine" || ending == "exit-after-write" {
		go func() {
			<-finished
			bufferWriter("b1", 0, bufferLines, true, b1Writing)
		}()
	} else {
		start(func() { bufferWriter("b1", bufferWrites, bufferLines, false, nil) })
	}
	start(func() { bufferWriter("b2", bufferWrites, bufferLines, false, nil) })
	start(func() { stderrWriter() })

	if ending == "exit-goroutine" || ending == "exit-after-write" {
		go func() {
			wg.Wait()
			if ending == "exit-goroutine" {
				record(os.Stdout, 1)
				record(os.Stderr, 1)
			}
			close(finished)
			<-b1Writing
			if ending == "exit-after-write" {
				record(os.Stdout, 1)
				record(os.Stderr, 1)
			}
			os.Exit(3)
		}()
		select {}
	}
	wg.Wait()
	record(os.Stdout, 1)
	record(os.Stderr, 1)
	switch ending {
	case "panic":
		panic("output_end: planned panic")
	case "trap":
		storeFarAway(0xfffffff0)
		print("output_end: no trap\n")
	case "idle":
		time.Sleep(time.Hour)
	case "endless":
		endlessWriter()
	}
}
