package token

import "unicode/utf8"

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

// clean makes text from a file safe to show on a terminal: control and
// bidirectional-override characters become spaces, invalid UTF-8 is
// replaced, and very long text is cut.
func clean(s string) string {
	const maxRunes = 120
	out := make([]rune, 0, len(s))
	for _, c := range s {
		if len(out) >= maxRunes {
			out = append(out, '…')
			break
		}
		switch {
		case c == utf8.RuneError:
			c = '\uFFFD'
		case c < 0x20, c == 0x7f, c >= 0x80 && c < 0xa0:
			c = ' '
		case c >= 0x202a && c <= 0x202e, c >= 0x2066 && c <= 0x2069, c == 0x200e, c == 0x200f:
			c = ' '
		}
		out = append(out, c)
	}
	return string(out)
}
