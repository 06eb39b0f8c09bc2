// wapcguest: a waPC guest (see package wapc). Its operations:
//
//	hello    asks the host (myBinding, sample, hello, "Guest"), then answers
//	         "Greetings " + payload + "!"; a failed host call is its error
//	fail     answers with the error "the guest failed on purpose"
//	sleep    sleeps the number of milliseconds in its payload, answers "slept"
//	never    never answers (waits on a channel nobody sends to)
//	exit     exits the program with status 7
package main

import (
	"errors"
	"os"
	"strconv"
	"time"

	"gowasm.test/testdata/wapcguest/wapc"
)

func main() {
	wapc.RegisterFunction("hello", func(payload []byte) ([]byte, error) {
		if _, err := wapc.HostCall("myBinding", "sample", "hello", []byte("Guest")); err != nil {
			return nil, errors.New("host call failed: " + err.Error())
		}
		return []byte("Greetings " + string(payload) + "!"), nil
	})
	wapc.RegisterFunction("fail", func([]byte) ([]byte, error) {
		return nil, errors.New("the guest failed on purpose")
	})
	wapc.RegisterFunction("sleep", func(payload []byte) ([]byte, error) {
		ms, _ := strconv.Atoi(string(payload))
		time.Sleep(time.Duration(ms) * time.Millisecond)
		return []byte("slept"), nil
	})
	wapc.RegisterFunction("never", func([]byte) ([]byte, error) {
		<-make(chan struct{})
		return nil, nil
	})
	wapc.RegisterFunction("exit", func([]byte) ([]byte, error) {
		os.Exit(7)
		return nil, nil
	})
	select {}
}
