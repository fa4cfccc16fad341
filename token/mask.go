package token

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Mask shortens a secret to a recognisable hint: at most four characters
// at each end with "…" between, fewer for short secrets, and only "…" for
// secrets shorter than eight characters. A character of the hint that
// Printable would escape is shown as "?", so the hint stays short.
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
	return hint(r[:keep]) + "…" + hint(r[n-keep:])
}

// hint is the end of a secret Mask keeps, each unprintable character as "?".
func hint(r []rune) string {
	out := make([]rune, len(r))
	for i, c := range r {
		if c == utf8.RuneError || needsEscape(c) {
			c = '?'
		}
		out[i] = c
	}
	return string(out)
}

// Printable makes a string from outside (a file or folder name, a path, a
// playbook's text, a token's field, an error that holds one) safe to show
// on a terminal, on one line: nothing in it can start an escape sequence,
// move the cursor, break the line or reorder the text. Such characters are
// shown as escapes instead, so a reader still sees that they are there:
// line breaks and tabs as \n, \r and \t; other control characters (C0, DEL,
// C1 such as NEL and CSI), bidirectional controls, the line and paragraph
// separators and invisible format characters as \x1b, \u0085, \u202e; bytes
// that are not UTF-8 as \xff. Everything else is kept as it is, so
// Printable(Printable(s)) == Printable(s). A backslash is kept too: an
// escape is meant to be read, not to be undone.
func Printable(s string) string {
	i := unsafeIndex(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case needsEscape(c):
			b.WriteString(escapeRune(c))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafeIndex is the byte index of the first character Printable escapes,
// or -1.
func unsafeIndex(s string) int {
	// Most names are plain ASCII: looked at byte by byte.
	ascii := 0
	for ascii < len(s) && s[ascii] >= 0x20 && s[ascii] < 0x7f {
		ascii++
	}
	if ascii == len(s) {
		return -1
	}
	for i, c := range s[ascii:] {
		i += ascii
		if needsEscape(c) || c == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			return i
		}
	}
	return -1
}

// SafeJSON is JSON text with every character Printable escapes written
// as a JSON escape (\u009b), so that the text is the same value and no
// control, bidirectional or invisible character reaches a terminal that
// shows it. Line breaks and tabs stay: they are the layout, and the
// encoder escapes them within strings.
func SafeJSON(js []byte) []byte {
	// A line break or a tab is the layout's (the encoder escapes them
	// inside strings).
	unsafe := func(c rune) bool { return c != '\n' && c != '\t' && c != '\r' && needsEscape(c) }
	i := bytes.IndexFunc(js, unsafe)
	if i < 0 {
		return js
	}
	out := make([]byte, 0, len(js)+16)
	out = append(out, js[:i]...)
	for i < len(js) {
		c, size := utf8.DecodeRune(js[i:])
		if unsafe(c) {
			for _, u := range utf16.Encode([]rune{c}) {
				out = append(out, `\u`...)
				out = append(out, pad(strconv.FormatInt(int64(u), 16), 4)...)
			}
		} else {
			out = append(out, js[i:i+size]...)
		}
		i += size
	}
	return out
}

// needsEscape reports whether c could change what a terminal shows beyond
// the character itself: a control character, a bidirectional control, a
// line or paragraph separator, or an invisible format character. The zero
// width non-joiner and joiner are kept: Persian and Indic names and emoji
// need them, and they move nothing.
func needsEscape(c rune) bool {
	switch {
	case c < 0x20, c == 0x7f, c >= 0x80 && c < 0xa0:
		return true
	case c < 0xa0:
		return false
	case c == '\u200c', c == '\u200d':
		return false
	case c == '\u2028', c == '\u2029':
		return true
	}
	return unicode.Is(unicode.Bidi_Control, c) || unicode.Is(unicode.Cf, c)
}

// escapeRune is the visible form of a character Printable does not show.
func escapeRune(c rune) string {
	switch c {
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	}
	switch {
	case c < 0x80:
		return `\x` + hex2(byte(c))
	case c <= 0xffff:
		return `\u` + pad(strconv.FormatInt(int64(c), 16), 4)
	}
	return `\U` + pad(strconv.FormatInt(int64(c), 16), 8)
}

func hex2(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&0xf]})
}

func pad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat("0", n-len(s)) + s
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
