package main

import (
	"net/http"
	"fmt"

	"log"
)

var (
	addr = ":8080"
)

func handler(w http.ResponseWriter, r *http.Request) {

	var count int = 0
	for i := 0; i < 3; i++ { count += i }
	fmt.Fprintf(w, "hello %d\n", count)

}

func main() {
	http.HandleFunc("/", handler)
	log.Fatal(http.ListenAndServe(addr, nil))
}
