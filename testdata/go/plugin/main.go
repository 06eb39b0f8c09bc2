// plugin: a Go program used as a plugin through the embedding API. main
// reads a global the host defined before start, registers functions on the
// global object and blocks; the host then calls them. It is not run by
// itself (nothing would ever call it).
package main

import (
	"fmt"
	"os"
	"strings"
	"syscall/js"
	"time"
	"unsafe"
)

// describe renders a value with its JavaScript type, recursing into arrays.
func describe(v js.Value) string {
	switch v.Type() {
	case js.TypeString:
		return "string:" + v.String()
	case js.TypeNumber:
		return fmt.Sprintf("number:%g", v.Float())
	case js.TypeBoolean:
		return fmt.Sprintf("boolean:%t", v.Bool())
	case js.TypeNull:
		return "null"
	case js.TypeUndefined:
		return "undefined"
	case js.TypeFunction:
		return "function"
	case js.TypeObject:
		if v.InstanceOf(js.Global().Get("Uint8Array")) {
			return fmt.Sprintf("bytes:%d", v.Length())
		}
		if v.InstanceOf(js.Global().Get("Array")) {
			parts := make([]string, v.Length())
			for i := range parts {
				parts[i] = describe(v.Index(i))
			}
			return "[" + strings.Join(parts, " ") + "]"
		}
		return "object:" + describe(v.Get("name"))
	}
	return "?"
}

func main() {
	global := js.Global()
	config := global.Get("pluginConfig")
	fmt.Println("plugin ready for", config.Get("user").String())

	global.Set("describe", js.FuncOf(func(this js.Value, args []js.Value) any {
		parts := make([]string, len(args))
		for i, a := range args {
			parts[i] = describe(a)
		}
		return strings.Join(parts, " ")
	}))
	global.Set("add", js.FuncOf(func(this js.Value, args []js.Value) any {
		return args[0].Float() + args[1].Float()
	}))
	global.Set("makeRecord", js.FuncOf(func(this js.Value, args []js.Value) any {
		return map[string]any{"name": args[0].String(), "tags": []any{"a", 2, true}}
	}))
	global.Set("reverseBytes", js.FuncOf(func(this js.Value, args []js.Value) any {
		in := make([]byte, args[0].Length())
		js.CopyBytesToGo(in, args[0])
		for i, j := 0, len(in)-1; i < j; i, j = i+1, j-1 {
			in[i], in[j] = in[j], in[i]
		}
		out := js.Global().Get("Uint8Array").New(len(in))
		js.CopyBytesToJS(out, in)
		return out
	}))
	// Calls the host's function `name` with the rest of the arguments; a
	// JavaScript error it throws is recovered here and reported.
	global.Set("callHost", js.FuncOf(func(this js.Value, args []js.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				if e, ok := r.(js.Error); ok {
					result = "caught: " + e.Get("message").String()
					return
				}
				panic(r)
			}
		}()
		rest := make([]any, len(args)-1)
		for i := range rest {
			rest[i] = args[i+1]
		}
		return global.Call(args[0].String(), rest...)
	}))
	// Sleeps on a timer, then tells the host through its function `done`.
	global.Set("later", js.FuncOf(func(this js.Value, args []js.Value) any {
		ms := args[0].Int()
		go func() {
			time.Sleep(time.Duration(ms) * time.Millisecond)
			global.Call("done", fmt.Sprintf("slept %dms", ms))
		}()
		return nil
	}))
	// Asks the host's `compute` to multiply on a thread of its own; the host
	// calls back with the product, which the guest reports through `done`.
	global.Set("multiplyLater", js.FuncOf(func(this js.Value, args []js.Value) any {
		var callback js.Func
		callback = js.FuncOf(func(this js.Value, results []js.Value) any {
			callback.Release()
			global.Call("done", fmt.Sprintf("%d x %d = %d", args[0].Int(), args[1].Int(), results[0].Int()))
			return nil
		})
		global.Call("compute", args[0], args[1], callback)
		return nil
	}))
	global.Set("exitWith", js.FuncOf(func(this js.Value, args []js.Value) any {
		os.Exit(args[0].Int())
		return nil
	}))
	global.Set("panicWith", js.FuncOf(func(this js.Value, args []js.Value) any {
		panic(args[0].String())
	}))
	// Releases itself on its first call; calling it again reaches Go's
	// "call to released function" path, which returns undefined.
	var once js.Func
	once = js.FuncOf(func(this js.Value, args []js.Value) any {
		once.Release()
		return "first and last call"
	})
	global.Set("once", once)
	// Loops forever without calling anything: for the host's fuel and interrupts.
	global.Set("spin", js.FuncOf(func(this js.Value, args []js.Value) any {
		n := 0
		for {
			n++
		}
	}))
	select {}
}

//go:wasmexport multiply
func multiply(a, b int32) int32 { return a * b }

// Bytes through guest memory: the host asks for a buffer, writes into it
// at the address it gets, and calls functions that take the address.
// Buffers stay referenced here until released, so the collector keeps them.
var buffers = map[unsafe.Pointer][]byte{}

//go:wasmexport allocate
func allocate(size int32) unsafe.Pointer {
	if size < 1 {
		size = 1 // a zero-length buffer would have no address
	}
	buffer := make([]byte, size)
	address := unsafe.Pointer(&buffer[0])
	buffers[address] = buffer
	return address
}

//go:wasmexport release
func release(address unsafe.Pointer) { delete(buffers, address) }

// Upper-cases the first `size` bytes at `address` in place; returns how
// many letters it changed.
//
//go:wasmexport upper
func upper(address unsafe.Pointer, size int32) int32 {
	text := buffers[address][:size]
	changed := int32(0)
	for i, c := range text {
		if 'a' <= c && c <= 'z' {
			text[i] = c - 'a' + 'A'
			changed++
		}
	}
	return changed
}
