// bignum: the code gowasm runs as native routines (interp/native), with
// results anyone can check: math/big's vector arithmetic (multiplication,
// division, addition and subtraction of long numbers, in place and not),
// and the runtime's memory moves and clears (copy, large struct copies,
// clearing fresh memory). Each line is a value or a checksum; Node.js must
// print the same. The differential test of the native routines
// (tests/native_routines_test.cpp) uses this program's module too, as the
// one where every routine of each Go release is found.
package main

import (
	"crypto/sha256"
	"fmt"
	"math/big"
	"math/bits"
)

func factorial(n int64) *big.Int {
	f := big.NewInt(1)
	for i := int64(2); i <= n; i++ {
		f.Mul(f, big.NewInt(i))
	}
	return f
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return fmt.Sprintf("%x", sum[:8])
}

// Fibonacci numbers by repeated addition, and back down by subtraction.
func fibonacci(n int) (*big.Int, *big.Int) {
	a, b := big.NewInt(0), big.NewInt(1)
	for i := 0; i < n; i++ {
		a.Add(a, b)
		a, b = b, a
	}
	x, y := new(big.Int).Set(a), new(big.Int).Set(b)
	for i := 0; i < n; i++ {
		y.Sub(y, x)
		x, y = y, x
	}
	return a, x
}

type block struct {
	words [64]uint64
	tail  [13]byte
}

// Struct copies large enough for the compiler to call the runtime's word
// moves, and slices cleared and copied by the runtime.
func memoryWork() string {
	var blocks [8]block
	for i := range blocks {
		for j := range blocks[i].words {
			blocks[i].words[j] = uint64(i*1000 + j)
		}
		blocks[i].tail[i] = byte(i)
	}
	for i := 1; i < len(blocks); i++ {
		blocks[i] = blocks[i-1]
		blocks[i].words[i] ^= 0xFFFF
	}
	buf := make([]byte, 1<<20)
	for i := range buf {
		buf[i] = byte(i * 7)
	}
	copy(buf[3:], buf[:len(buf)-3]) // overlapping, forward
	copy(buf[:len(buf)-5], buf[5:]) // overlapping, backward
	for i := range buf[100:5000] {  // the compiler's memclr idiom
		buf[100+i] = 0
	}
	out := make([]byte, 0, len(buf)+len(blocks)*600)
	out = append(out, buf...)
	for _, b := range blocks {
		for _, w := range b.words {
			out = append(out, byte(w), byte(w>>8))
		}
		out = append(out, b.tail[:]...)
	}
	return digest(out)
}

func main() {
	f := factorial(1000)
	fmt.Println("1000! digits:", len(f.String()), "sha:", digest(f.Bytes()))
	g := factorial(999)
	q, r := new(big.Int).QuoRem(f, g, new(big.Int))
	fmt.Println("1000!/999! =", q, "remainder", r)

	two := big.NewInt(2)
	p := new(big.Int).Exp(two, big.NewInt(4423), nil)
	p.Sub(p, big.NewInt(1))
	fmt.Println("2^4423-1 probably prime:", p.ProbablyPrime(4))

	a, back := fibonacci(3000)
	fmt.Println("fib(3000) sha:", digest(a.Bytes()), "back to:", back)

	x := new(big.Int).Exp(big.NewInt(3), big.NewInt(20000), nil)
	y := new(big.Int).Exp(big.NewInt(7), big.NewInt(9000), nil)
	z := new(big.Int).Mul(x, y)
	fmt.Println("3^20000*7^9000 sha:", digest(z.Bytes()), "sqrt sha:", digest(new(big.Int).Sqrt(z).Bytes()))
	fmt.Println("gcd:", new(big.Int).GCD(nil, nil, z, factorial(300)))

	hi, lo := bits.Mul64(0xFFFFFFFFFFFFFFFF, 0xFEDCBA9876543210)
	fmt.Printf("Mul64: %x %x\n", hi, lo)
	fmt.Println("memory:", memoryWork())
}
