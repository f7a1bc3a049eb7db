// Command sample prints the path a guest file maps to inside the sandbox.
package main

import (
	"fmt"
	"os"

	"github.com/acme/sample/internal/pathutil"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sample ROOT GUEST_PATH")
		os.Exit(2)
	}
	joined, ok := pathutil.Join(os.Args[1], os.Args[2])
	if !ok {
		fmt.Fprintf(os.Stderr, "%s leaves the sandbox\n", os.Args[2])
		os.Exit(1)
	}
	fmt.Println(joined)
}
