// Package ics writes iCalendar (RFC 5545) content lines: the renewal
// reminder of a record and due's calendar of what to renew.
package ics

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// MaxLine is the most octets on one content line, CRLF excluded.
const MaxLine = 75

// escaper escapes TEXT values (RFC 5545 section 3.3.11).
var escaper = strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// Text is s as an escaped TEXT value; control characters other than line
// breaks and tabs are dropped.
func Text(s string) string {
	s = strings.Map(func(c rune) rune {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f {
			return -1
		}
		return c
	}, s)
	return escaper.Replace(s)
}

// Writer writes content lines with CRLF endings, folded at MaxLine octets
// without cutting a character (RFC 5545 section 3.1).
type Writer struct{ bytes.Buffer }

// Line writes one content line.
func (w *Writer) Line(s string) {
	limit := MaxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = MaxLine - 1 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
