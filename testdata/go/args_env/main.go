// args_env: what the guest sees of its command line and environment. The
// runner passes argv after the module path and only the variables it is
// told to; os.Args[0] (the module path) is not printed since runners may
// spell it differently.
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	fmt.Println("len(os.Args):", len(os.Args))
	for i, a := range os.Args[1:] {
		fmt.Printf("arg %d: %q\n", i+1, a)
	}
	for _, name := range []string{"GOWASM_TEST_A", "GOWASM_TEST_B", "GOWASM_TEST_UNSET"} {
		v, ok := os.LookupEnv(name)
		fmt.Printf("%s set=%v value=%q\n", name, ok, v)
	}
	n := 0
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GOWASM_TEST_") {
			n++
		}
	}
	fmt.Println("GOWASM_TEST_* variables:", n)
}
