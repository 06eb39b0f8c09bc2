// Package wapc is the guest side of waPC as the Go library wasmexec carries
// it over syscall/js (its own wapc package is not on the module proxy; this
// one is written from the same protocol):
//
//   - the guest sets the global function __guest_call(operation string,
//     payload Uint8Array) -> bool; true means the operation runs, and it
//     answers later with wapc.__guest_response(payload) or
//     wapc.__guest_error(message as UTF-8 bytes); false means it was
//     refused, after __guest_error says why;
//   - the guest calls the host with wapc.__host_call(binding, namespace,
//     operation, payload), all Uint8Arrays, which returns
//     [response Uint8Array or null, error string or null].
package wapc

import (
	"errors"
	"syscall/js"
)

// Function handles one operation: the payload in, the response out.
type Function func(payload []byte) ([]byte, error)

var (
	functions  = map[string]Function{}
	uint8Array = js.Global().Get("Uint8Array")
)

// RegisterFunction makes `fn` answer operation `name`.
func RegisterFunction(name string, fn Function) { functions[name] = fn }

func init() {
	js.Global().Set("__guest_call", js.FuncOf(guestCall))
}

func host() js.Value { return js.Global().Get("wapc") }

// HostCall asks the host to run `operation` of `namespace` through `binding`.
func HostCall(binding, namespace, operation string, payload []byte) ([]byte, error) {
	result := host().Call("__host_call", toJS([]byte(binding)), toJS([]byte(namespace)),
		toJS([]byte(operation)), toJS(payload))
	var response []byte
	if r := result.Index(0); !r.IsNull() && !r.IsUndefined() {
		response = fromJS(r)
	}
	if e := result.Index(1); !e.IsNull() && !e.IsUndefined() {
		return response, errors.New(e.String())
	}
	return response, nil
}

func guestCall(_ js.Value, args []js.Value) any {
	if len(args) != 2 || args[0].Type() != js.TypeString || !args[1].InstanceOf(uint8Array) {
		return false
	}
	name := args[0].String()
	fn, ok := functions[name]
	if !ok {
		host().Call("__guest_error", toJS([]byte(`Could not find function "`+name+`"`)))
		return false
	}
	payload := fromJS(args[1])
	// In a goroutine, so that the operation may block (on timers, on the host).
	go func() {
		response, err := fn(payload)
		if err != nil {
			host().Call("__guest_error", toJS([]byte(err.Error())))
			return
		}
		host().Call("__guest_response", toJS(response))
	}()
	return true
}

func fromJS(v js.Value) []byte {
	b := make([]byte, v.Length())
	js.CopyBytesToGo(b, v)
	return b
}

func toJS(b []byte) js.Value {
	v := uint8Array.New(len(b))
	js.CopyBytesToJS(v, b)
	return v
}
