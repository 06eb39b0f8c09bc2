//go:build wasip1

// tcp_echo serves the listening socket a WASI host preopens at fd 3
// (gowasm-run --listen, with no --dir): it accepts os.Args[1] connections
// one after another, sends each line of each back upper-cased, says on
// stdout when a connection ends, and exits. GOOS=wasip1 only: Go's js/wasm
// port has no sockets.
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
)

func main() {
	connections, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "usage: tcp_echo CONNECTIONS")
		os.Exit(2)
	}
	listener, err := net.FileListener(os.NewFile(3, "listener"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "listener:", err)
		os.Exit(1)
	}
	for i := 1; i <= connections; i++ {
		conn, err := listener.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, "accept:", err)
			os.Exit(1)
		}
		lines := bufio.NewScanner(conn)
		n := 0
		for lines.Scan() {
			fmt.Fprintln(conn, strings.ToUpper(lines.Text()))
			n++
		}
		conn.Close()
		fmt.Printf("connection %d: %d lines\n", i, n)
	}
}
