package token

import (
	"strings"
	"unicode/utf8"
)

// Mask shortens a secret to a recognisable hint: at most four characters
// at each end with "…" between, fewer for short secrets, and only "…" for
// secrets shorter than eight characters.
func Mask(secret string) string {
	r := []rune(secret)
	n := len(r)
	var keep int
	switch {
	case n < 8:
		return "…"
	case n < 16:
		keep = 2
	case n < 32:
		keep = 3
	default:
		keep = 4
	}
	return clean(string(r[:keep])) + "…" + clean(string(r[n-keep:]))
}

// Printable makes text from a file or file name safe to show on a
// terminal: control characters (escape sequences, line breaks) and
// bidirectional-override characters become spaces, and invalid UTF-8 is
// replaced.
func Printable(s string) string {
	return strings.Map(func(c rune) rune {
		switch {
		case c == utf8.RuneError:
			return '\uFFFD'
		case c < 0x20, c == 0x7f, c >= 0x80 && c < 0xa0:
			return ' '
		case c >= 0x202a && c <= 0x202e, c >= 0x2066 && c <= 0x2069, c == 0x200e, c == 0x200f:
			return ' '
		}
		return c
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// clean is Printable, cut to a length that fits in a message.
func clean(s string) string {
	const maxRunes = 120
	s = Printable(s)
	if utf8.RuneCountInString(s) <= maxRunes {
		return s
	}
	return string([]rune(s)[:maxRunes]) + "…"
}
