package sysfs

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestPoll(t *testing.T) {
	dir := t.TempDir()

	t.Run("ready", func(t *testing.T) {
		path := filepath.Join(dir, "ready")
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if ok, _ := Poll(path, time.Millisecond, time.Second); !ok {
			t.Errorf("Poll(%q) did not see an existing file", path)
		}
	})

	t.Run("timeout", func(t *testing.T) {
		ok, elapsed := Poll(filepath.Join(dir, "missing"), 10*time.Millisecond, 50*time.Millisecond)
		if ok {
			t.Fatal("Poll saw a file that does not exist")
		}
		if elapsed < 50*time.Millisecond {
			t.Errorf("poll returned after %v, expected at least 50ms", elapsed)
		}
	})
}
