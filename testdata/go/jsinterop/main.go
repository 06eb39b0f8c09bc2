// jsinterop: syscall/js against the host's global objects, limited to what
// Node and a minimal wasm_exec-compatible runtime both provide (Object,
// Array, Uint8Array, Date, Error, console, crypto, performance, process,
// fs constants, TextEncoder/TextDecoder). Every check prints its result, so
// a difference between runners shows up as a differing line.
package main

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"syscall/js"
)

func section(name string) { fmt.Println("==", name) }

// try runs f and prints the text of a panic it raises (or that none did).
func try(label string, f func()) {
	defer func() {
		r := recover()
		switch e := r.(type) {
		case nil:
			fmt.Printf("%s: no panic\n", label)
		case js.Error:
			fmt.Printf("%s: js.Error %q name=%s instanceof Error=%v\n", label, e.Error(),
				e.Value.Get("name").String(), e.Value.InstanceOf(js.Global().Get("Error")))
		case error:
			fmt.Printf("%s: error %q\n", label, e.Error())
		default:
			fmt.Printf("%s: panic %v\n", label, e)
		}
	}()
	f()
}

func main() {
	g := js.Global()
	Object := g.Get("Object")
	Array := g.Get("Array")
	Uint8Array := g.Get("Uint8Array")
	Date := g.Get("Date")
	Error := g.Get("Error")

	section("types")
	for _, c := range []struct {
		name string
		v    js.Value
	}{
		{"global", g}, {"undefined", js.Undefined()}, {"null", js.Null()},
		{"true", js.ValueOf(true)}, {"number", js.ValueOf(3.5)}, {"string", js.ValueOf("s")},
		{"Object", Object}, {"new Object", Object.New()}, {"Array", Array},
		{"Uint8Array", Uint8Array}, {"Date", Date}, {"console", g.Get("console")},
		{"console.log", g.Get("console").Get("log")}, {"crypto", g.Get("crypto")},
		{"performance", g.Get("performance")}, {"process", g.Get("process")},
		{"fs", g.Get("fs")}, {"TextEncoder", g.Get("TextEncoder")}, {"missing", g.Get("noSuchGlobal")},
	} {
		fmt.Printf("%s: %s\n", c.name, c.v.Type().String())
	}

	section("Object")
	o := Object.New()
	o.Set("a", 1)
	o.Set("b", "two")
	o.Set("c", 2.5)
	o.Set("d", true)
	o.Set("e", nil)
	o.Set("s", "nul\x00byte ✓ ünï")
	fmt.Println("a:", o.Get("a").Int(), "b:", o.Get("b").String(), "c:", o.Get("c").Float(), "d:", o.Get("d").Bool())
	fmt.Println("e is null:", o.Get("e").IsNull(), "missing is undefined:", o.Get("zz").IsUndefined())
	s := o.Get("s").String()
	fmt.Printf("unicode string round trip: %v len=%d\n", s == "nul\x00byte ✓ ünï", len(s))
	keys := Object.Call("keys", o)
	fmt.Println("Object.keys length:", keys.Length(), "first:", keys.Index(0).String(), "last:", keys.Index(keys.Length()-1).String())
	o.Delete("b")
	fmt.Println("after delete, b undefined:", o.Get("b").IsUndefined(), "keys:", Object.Call("keys", o).Length())
	fmt.Println("new Object instanceof Object:", o.InstanceOf(Object), "instanceof Array:", o.InstanceOf(Array))

	section("numbers")
	fmt.Println("2^53:", js.ValueOf(float64(1<<53)).Float() == 1<<53)
	fmt.Println("int64 max-ish via float:", js.ValueOf(int64(1)<<40).Int())
	fmt.Println("negative:", js.ValueOf(-12345).Int())
	fmt.Println("+Inf:", js.ValueOf(math.Inf(1)).Float(), "NaN is NaN:", js.ValueOf(math.NaN()).IsNaN())
	fmt.Println("uint8:", js.ValueOf(uint8(200)).Int(), "float32:", js.ValueOf(float32(0.5)).Float())
	fmt.Println("number String():", js.ValueOf(42).String(), "bool String():", js.ValueOf(true).String())
	fmt.Println("undefined String():", js.Undefined().String(), "null String():", js.Null().String())

	section("Array")
	arr := Array.New()
	for i := 1; i <= 5; i++ {
		arr.Call("push", i*i)
	}
	arr.SetIndex(5, "six")
	fmt.Println("length:", arr.Length(), "arr[2]:", arr.Index(2).Int(), "arr[5]:", arr.Index(5).String())
	fmt.Println("join:", arr.Call("join", "-").String())
	fmt.Println("pop:", arr.Call("pop").String(), "length now:", arr.Get("length").Int())
	fmt.Println("isArray:", Array.Call("isArray", arr).Bool(), "isArray(object):", Array.Call("isArray", o).Bool())
	fmt.Println("instanceof Array:", arr.InstanceOf(Array), "instanceof Object:", arr.InstanceOf(Object))
	sized := Array.New(3)
	fmt.Println("new Array(3) length:", sized.Length(), "element 0 undefined:", sized.Index(0).IsUndefined())
	fmt.Println("indexOf 16:", arr.Call("indexOf", 16).Int(), "indexOf 17:", arr.Call("indexOf", 17).Int())

	section("Uint8Array")
	u := Uint8Array.New(8)
	fmt.Println("length:", u.Length(), "byteLength:", u.Get("byteLength").Int(), "zeroed:", u.Index(7).Int())
	n := js.CopyBytesToJS(u, []byte{1, 2, 3, 250, 251})
	fmt.Println("CopyBytesToJS copied:", n, "u[3]:", u.Index(3).Int(), "u[5]:", u.Index(5).Int())
	u.SetIndex(7, 300) // wraps modulo 256
	fmt.Println("u[7] after setting 300:", u.Index(7).Int())
	dst := make([]byte, 10)
	n = js.CopyBytesToGo(dst, u)
	fmt.Println("CopyBytesToGo copied:", n, "bytes:", dst)
	small := make([]byte, 3)
	n = js.CopyBytesToGo(small, u)
	fmt.Println("CopyBytesToGo into 3:", n, small)
	fmt.Println("instanceof Uint8Array:", u.InstanceOf(Uint8Array), "instanceof Array:", u.InstanceOf(Array))
	try("CopyBytesToGo from Array", func() { js.CopyBytesToGo(dst, arr) })

	section("Date")
	d0 := Date.New(0)
	fmt.Println("new Date(0).getTime():", d0.Call("getTime").Int())
	d := Date.New(1700000000123.0)
	fmt.Println("toISOString:", d.Call("toISOString").String())
	fmt.Println("UTC parts:", d.Call("getUTCFullYear").Int(), d.Call("getUTCMonth").Int(), d.Call("getUTCDate").Int(),
		d.Call("getUTCHours").Int(), d.Call("getUTCMinutes").Int(), d.Call("getUTCSeconds").Int(), d.Call("getUTCMilliseconds").Int())
	fmt.Println("Date.UTC(2020,0,2):", Date.Call("UTC", 2020, 0, 2).Int())
	fmt.Println("Date.now() is a number > 1.7e12:", Date.Call("now").Float() > 1.7e12)
	fmt.Println("new Date() after 2024:", Date.New().Call("getTime").Float() > 1704067200000)
	fmt.Println("instanceof Date:", d.InstanceOf(Date), "instanceof Object:", d.InstanceOf(Object))

	section("Error")
	e := Error.New("boom")
	fmt.Println("message:", e.Get("message").String(), "name:", e.Get("name").String())
	fmt.Println("instanceof Error:", e.InstanceOf(Error), "js.Error text:", js.Error{Value: e}.Error())

	section("FuncOf")
	add := js.FuncOf(func(this js.Value, args []js.Value) any {
		sum := 0
		for _, a := range args {
			sum += a.Int()
		}
		return sum
	})
	defer add.Release()
	fmt.Println("type of FuncOf:", add.Type().String())
	fmt.Println("Invoke(1,2,3):", add.Invoke(1, 2, 3).Int())
	fmt.Println("Invoke():", add.Invoke().Int())
	calc := Object.New()
	calc.Set("name", "calc")
	calc.Set("add", add)
	whoami := js.FuncOf(func(this js.Value, args []js.Value) any {
		return "this.name=" + this.Get("name").String() + fmt.Sprintf(" argc=%d", len(args))
	})
	defer whoami.Release()
	calc.Set("whoami", whoami)
	fmt.Println("calc.add(40, 2):", calc.Call("add", 40, 2).Int())
	fmt.Println("calc.whoami('x'):", calc.Call("whoami", "x").String())
	nested := js.FuncOf(func(this js.Value, args []js.Value) any {
		// A callback that calls another callback.
		return calc.Call("add", args[0], 100).Int() * 2
	})
	defer nested.Release()
	fmt.Println("nested callback:", nested.Invoke(5).Int())
	mk := js.FuncOf(func(this js.Value, args []js.Value) any {
		return map[string]any{"kind": "made", "n": 7, "list": []any{"x", 1.5, false}}
	})
	defer mk.Release()
	made := mk.Invoke()
	fmt.Println("callback returning map:", made.Get("kind").String(), made.Get("n").Int(), made.Get("list").Length(),
		made.Get("list").Index(1).Float())
	undef := js.FuncOf(func(this js.Value, args []js.Value) any { return nil })
	defer undef.Release()
	fmt.Println("callback returning nil gives:", undef.Invoke().Type().String())
	fmt.Println("func Equal itself:", add.Value.Equal(calc.Get("add")))

	section("ValueOf")
	m := js.ValueOf(map[string]any{
		"int": 1, "str": "hello", "bool": true, "float": 0.25, "nil": nil,
		"list": []any{1, "two", 3.5, false, nil, map[string]any{"deep": "yes"}},
	})
	mkeys := Object.Call("keys", m)
	names := []string{}
	for i := 0; i < mkeys.Length(); i++ {
		names = append(names, mkeys.Index(i).String())
	}
	sort.Strings(names)
	fmt.Println("map keys:", strings.Join(names, ","))
	fmt.Println("fields:", m.Get("int").Int(), m.Get("str").String(), m.Get("bool").Bool(), m.Get("float").Float(), m.Get("nil").IsNull())
	l := m.Get("list")
	fmt.Println("list length:", l.Length(), "isArray:", Array.Call("isArray", l).Bool())
	fmt.Println("list items:", l.Index(0).Int(), l.Index(1).String(), l.Index(2).Float(), l.Index(3).Bool(), l.Index(4).IsNull(),
		l.Index(5).Get("deep").String())
	sl := js.ValueOf([]any{"a", 2, true})
	fmt.Println("slice length:", sl.Length(), "join:", sl.Call("join", "|").String())
	try("ValueOf(unsupported)", func() { js.ValueOf(struct{}{}) })

	section("Truthy")
	for _, c := range []struct {
		name string
		v    js.Value
	}{
		{"0", js.ValueOf(0)}, {"1", js.ValueOf(1)}, {"empty string", js.ValueOf("")}, {"\"0\"", js.ValueOf("0")},
		{"NaN", js.ValueOf(math.NaN())}, {"null", js.Null()}, {"undefined", js.Undefined()},
		{"false", js.ValueOf(false)}, {"empty array", Array.New()}, {"object", Object.New()},
	} {
		fmt.Printf("truthy(%s): %v\n", c.name, c.v.Truthy())
	}

	section("Equal")
	fmt.Println("1 == 1:", js.ValueOf(1).Equal(js.ValueOf(1)))
	fmt.Println("1 == 1.0:", js.ValueOf(1).Equal(js.ValueOf(1.0)))
	fmt.Println("\"a\" == \"a\":", js.ValueOf("a").Equal(js.ValueOf("a")))
	fmt.Println("o == o:", o.Equal(o), "o == new Object:", o.Equal(Object.New()))
	fmt.Println("null == undefined:", js.Null().Equal(js.Undefined()))
	fmt.Println("NaN == NaN:", js.ValueOf(math.NaN()).Equal(js.ValueOf(math.NaN())))
	fmt.Println("global == global:", g.Equal(js.Global()))

	section("errors")
	try("missing method", func() { o.Call("nosuch") })
	try("non-function property", func() { o.Call("a") })
	try("Get on undefined", func() { js.Undefined().Get("x") })
	try("Int on string", func() { js.ValueOf("x").Int() })
	try("Length on undefined", func() { js.Undefined().Length() })
	try("invalid date toISOString", func() { Date.New(math.NaN()).Call("toISOString") })
	try("Invoke non-function", func() { o.Invoke() })
	try("New non-constructor", func() { o.New() })

	section("host objects")
	con := g.Get("console")
	con.Call("log", "text", 42)
	con.Call("log", "more", 1.5, true)
	fmt.Println("after console.log")
	enc := g.Get("TextEncoder").New()
	encoded := enc.Call("encode", "héllo ✓")
	fmt.Println("encoded length:", encoded.Length(), "instanceof Uint8Array:", encoded.InstanceOf(Uint8Array))
	buf := make([]byte, encoded.Length())
	js.CopyBytesToGo(buf, encoded)
	fmt.Printf("encoded bytes: %x\n", buf)
	fmt.Println("decoded:", g.Get("TextDecoder").New("utf-8").Call("decode", encoded).String())
	rnd := Uint8Array.New(16)
	got := g.Get("crypto").Call("getRandomValues", rnd)
	fmt.Println("getRandomValues length:", rnd.Length(), "returns its argument:", got.Equal(rnd))
	t1 := g.Get("performance").Call("now").Float()
	t2 := g.Get("performance").Call("now").Float()
	fmt.Println("performance.now monotonic:", t2 >= t1, "non-negative:", t1 >= 0)
	p := g.Get("process")
	fmt.Println("process.pid type:", p.Get("pid").Type().String(), "cwd type:", p.Call("cwd").Type().String())
	c := g.Get("fs").Get("constants")
	fmt.Println("fs.constants:", c.Get("O_WRONLY").Int(), c.Get("O_RDWR").Int(), c.Get("O_CREAT").Int(),
		c.Get("O_TRUNC").Int(), c.Get("O_APPEND").Int(), c.Get("O_EXCL").Int())
	fmt.Println("done")
}
