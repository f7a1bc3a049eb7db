package sysfs

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestReadDirNames(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		t.Parallel()
		names, err := ReadDirNames(t.TempDir())
		if err != nil || len(names) != 0 {
			t.Errorf("ReadDirNames(empty) = %v, %v", names, err)
		}
	})

	t.Run("sorted", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		for _, name := range []string{"b", "c", "a"} {
			if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		names, err := ReadDirNames(dir)
		if err != nil || !reflect.DeepEqual(names, []string{"a", "b", "c"}) {
			t.Errorf("ReadDirNames = %v, %v", names, err)
		}
	})
}

func TestReadDirNamesMissing(t *testing.T) {
	if _, err := ReadDirNames(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("expected an error for a missing directory")
	}
}
