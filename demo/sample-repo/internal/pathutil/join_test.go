package pathutil

import "testing"

func TestJoin(t *testing.T) {
	cases := []struct {
		name, guest, want string
		ok                bool
	}{
		{"relative", "data/in.txt", "/sandbox/data/in.txt", true},
		{"absolute", "/etc/hosts", "/sandbox/etc/hosts", true},
		{"trailing slash", "data/", "/sandbox/data", true},
		{"escape", "../secret", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := Join("/sandbox", c.guest)
			if got != c.want || ok != c.ok {
				t.Errorf("Join(%q) = %q, %v; want %q, %v", c.guest, got, ok, c.want, c.ok)
			}
		})
	}
}
