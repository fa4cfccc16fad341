package ics

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestLine: a long line is folded at 75 octets, never inside a character,
// each line ended with CRLF; TEXT values escape their separators and drop
// control characters.
func TestLine(t *testing.T) {
	var w Writer
	w.Line("DESCRIPTION:" + strings.Repeat("é", 60))
	for i, row := range strings.Split(strings.TrimSuffix(w.String(), "\r\n"), "\r\n") {
		if len(row) > MaxLine || i > 0 && !strings.HasPrefix(row, " ") || !utf8.ValidString(row) {
			t.Errorf("row %d %q", i, row)
		}
	}
	if rows := strings.Count(w.String(), "\r\n"); rows < 2 {
		t.Errorf("a %d-octet line is not folded", w.Len())
	}
	if got := Text("a;b,c\\d\ne\x1bf"); got != `a\;b\,c\\d\nef` {
		t.Errorf("Text = %q", got)
	}
}
