// timenow: the wall clock and the local zone come from the host's Date.
// The zone name and offset depend only on TZ, so they must agree between
// runners started with the same TZ.
package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	cutoff := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	fmt.Println("now after 2024-01-01:", start.After(cutoff))
	fmt.Println("time.Local:", time.Local.String())
	name, offset := start.Zone()
	fmt.Printf("zone: %s offset %d\n", name, offset)
	fmt.Println("monotonic reading present:", start.String() != start.Round(0).String())
	x := 0
	for i := 0; i < 100000; i++ {
		x += i
	}
	fmt.Println("since >= 0:", time.Since(start) >= 0, x)
	u := time.Unix(1700000000, 0).UTC()
	fmt.Println("unix 1700000000:", u.Format(time.RFC3339))
}
