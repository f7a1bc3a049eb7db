package sysfs

import (
	"path/filepath"
	"strings"
)

// LongPath returns p with the `\\?\` prefix that Windows needs for paths longer than MAX_PATH.
func LongPath(p string) string {
	if strings.HasPrefix(p, `\\?\`) {
		return p
	}
	return `\\?\` + filepath.Clean(p)
}
