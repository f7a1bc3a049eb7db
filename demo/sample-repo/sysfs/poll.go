// Package sysfs holds the small file-system helpers the sandbox host uses: waiting for files to become
// readable, and reading directories in a stable order.
package sysfs

import (
	"os"
	"time"
)

// Poll waits until path exists or timeout passes, checking every interval. It reports whether the path
// appeared and how long it waited.
func Poll(path string, interval, timeout time.Duration) (bool, time.Duration) {
	start := time.Now()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if _, err := os.Stat(path); err == nil {
			return true, time.Since(start)
		}
		select {
		case <-deadline.C:
			return false, time.Since(start)
		case <-tick.C:
		}
	}
}
