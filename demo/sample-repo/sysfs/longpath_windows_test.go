package sysfs

import "testing"

func TestLongPath(t *testing.T) {
	if got := LongPath(`C:\work\..\data\in.txt`); got != `\\?\C:\data\in.txt` {
		t.Errorf("LongPath = %q", got)
	}
	if got := LongPath(`\\?\C:\data`); got != `\\?\C:\data` {
		t.Errorf("LongPath changed an already long path: %q", got)
	}
}
