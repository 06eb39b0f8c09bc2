// jscallbacks: Go functions called by the host while Go is itself inside a
// call to the host (Array.prototype.forEach/map/sort/reduce with js.FuncOf
// callbacks), which re-enters the guest through resume while valueCall is
// still on the stack. Kept apart from jsinterop because it needs a host
// Array with working higher-order methods.
package main

import (
	"fmt"
	"syscall/js"
)

func main() {
	Array := js.Global().Get("Array")
	arr := Array.New()
	for _, v := range []int{5, 3, 9, 1, 7} {
		arr.Call("push", v)
	}

	seen := []int{}
	each := js.FuncOf(func(this js.Value, args []js.Value) any {
		seen = append(seen, args[0].Int()*10+args[1].Int())
		return nil
	})
	arr.Call("forEach", each)
	each.Release()
	fmt.Println("forEach saw (value*10+index):", seen)

	double := js.FuncOf(func(this js.Value, args []js.Value) any { return args[0].Int() * 2 })
	mapped := arr.Call("map", double)
	double.Release()
	fmt.Println("map doubled:", mapped.Call("join", ",").String())

	calls := 0
	cmp := js.FuncOf(func(this js.Value, args []js.Value) any {
		calls++
		return args[0].Int() - args[1].Int()
	})
	arr.Call("sort", cmp)
	cmp.Release()
	fmt.Println("sorted:", arr.Call("join", ",").String(), "comparator called:", calls > 0)

	sum := js.FuncOf(func(this js.Value, args []js.Value) any { return args[0].Int() + args[1].Int() })
	fmt.Println("reduce sum:", arr.Call("reduce", sum, 0).Int())
	sum.Release()

	// A callback that itself calls back into the host, which calls Go again.
	var inner js.Func
	inner = js.FuncOf(func(this js.Value, args []js.Value) any { return args[0].Int() + 1000 })
	outer := js.FuncOf(func(this js.Value, args []js.Value) any {
		return Array.New(args[0], args[0]).Call("map", inner).Call("join", "+")
	})
	fmt.Println("nested re-entry:", arr.Call("map", outer).Call("join", " ").String())
	outer.Release()
	inner.Release()

	// Many re-entries: sorting a larger array.
	big := Array.New()
	x := uint32(1)
	for i := 0; i < 2000; i++ {
		x = x*1103515245 + 12345
		big.Call("push", int(x>>16)%10000)
	}
	cmp2 := js.FuncOf(func(this js.Value, args []js.Value) any { return args[0].Int() - args[1].Int() })
	big.Call("sort", cmp2)
	cmp2.Release()
	ok := true
	for i := 1; i < big.Length(); i++ {
		if big.Index(i-1).Int() > big.Index(i).Int() {
			ok = false
		}
	}
	fmt.Println("2000 numbers sorted by a Go comparator:", ok, "min:", big.Index(0).Int(), "max:", big.Index(1999).Int())
}
