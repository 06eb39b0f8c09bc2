// hello: the smallest Go program, and the bundled example the README runs.
package main

import "os"

func main() {
	os.Stdout.WriteString("hello from Go on gowasm\n")
}
