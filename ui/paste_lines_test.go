package ui

import "testing"

func TestUndoubleLines(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"doubled CRLF paste", "Content-Type: x\n\nB: y\n\n\n\nMIAG\n\nAAAA\n", "Content-Type: x\nB: y\n\nMIAG\nAAAA\n"},
		{"normal text kept", "Content-Type: x\nB: y\n\nMIAG\nAAAA\n", "Content-Type: x\nB: y\n\nMIAG\nAAAA\n"},
		{"one line kept", "c2VjcmV0\n", "c2VjcmV0\n"},
		{"blank line once is not doubling", "a\n\nb\nc\n", "a\n\nb\nc\n"},
	}
	for _, c := range cases {
		if got := undoubleLines(c.in); got != c.want {
			t.Errorf("%s: undoubleLines(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}
