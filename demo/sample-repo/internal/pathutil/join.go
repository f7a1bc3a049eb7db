// Package pathutil joins guest paths onto the sandbox root without letting them escape it.
package pathutil

import (
	"path"
	"strings"
)

// Join returns root/guestPath, cleaned, and false when guestPath would leave root.
func Join(root, guestPath string) (string, bool) {
	cleaned := path.Clean("/" + guestPath)
	if strings.HasPrefix(path.Clean(guestPath), "..") {
		return "", false
	}
	return path.Join(root, cleaned), true
}
