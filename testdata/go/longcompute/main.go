// longcompute: CPU-bound and deterministic: a sieve, map traffic, sorting,
// hashing and floating point, each printing a checksum. It doubles as a
// speed smoke test of the interpreter.
package main

import (
	"crypto/sha256"
	"fmt"
	"math"
	"sort"
	"strconv"
)

func sieve(n int) (count int, sum uint64) {
	composite := make([]bool, n+1)
	for i := 2; i <= n; i++ {
		if composite[i] {
			continue
		}
		count++
		sum += uint64(i)
		for j := i * i; j <= n; j += i {
			composite[j] = true
		}
	}
	return
}

func mapWork() (int, uint64) {
	m := make(map[string]int)
	for i := 0; i < 100000; i++ {
		m["k"+strconv.Itoa(i%20000)] += i
	}
	for i := 0; i < 20000; i += 3 {
		delete(m, "k"+strconv.Itoa(i))
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var h uint64 = 14695981039346656037
	for _, k := range keys {
		for _, c := range []byte(k) {
			h = (h ^ uint64(c)) * 1099511628211
		}
		h = (h ^ uint64(m[k])) * 1099511628211
	}
	return len(m), h
}

func lcgSort() uint64 {
	xs := make([]uint32, 300000)
	x := uint32(12345)
	for i := range xs {
		x = x*1664525 + 1013904223
		xs[i] = x
	}
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
	var s uint64
	for i := 0; i < len(xs); i += 1000 {
		s = s*131 + uint64(xs[i])
	}
	return s
}

func floats() string {
	sum := 0.0
	for i := 1; i <= 1000000; i++ {
		f := float64(i)
		sum += math.Sin(f) * math.Sqrt(f) / (1 + math.Log(f))
	}
	return strconv.FormatFloat(sum, 'g', 12, 64)
}

func main() {
	c, s := sieve(2000000)
	fmt.Println("primes below 2e6:", c, "sum:", s)
	n, h := mapWork()
	fmt.Println("map entries:", n, "hash:", h)
	fmt.Println("sorted checksum:", lcgSort())
	data := make([]byte, 1<<18)
	for i := range data {
		data[i] = byte(i * 31)
	}
	var d [32]byte
	for i := 0; i < 4; i++ {
		d = sha256.Sum256(append(data, d[:]...))
	}
	fmt.Printf("sha256 chain: %x\n", d)
	fmt.Println("float sum:", floats())
}
