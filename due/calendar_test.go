package due

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/token"
)

// TestCalendarLines: the calendar is written as RFC 5545 asks: CRLF line
// endings, lines of at most 75 octets folded without cutting a character,
// and TEXT values escaped, so that unfolding gives the words back.
func TestCalendarLines(t *testing.T) {
	entries := append(entries(), history.Entry{Kind: token.KindVPP, Org: "École Ünïversité; 東京, \"Nord\"", Location: strings.Repeat("Ä", 60),
		Expires: now.AddDate(0, 3, 0), Recorded: now, MDMPortalName: "Relution\x1b[31m"})
	var b bytes.Buffer
	if err := WriteCalendar(&b, NewReport("h", entries, 0, now, 0, false), now); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Fatalf("the calendar does not end with END:VCALENDAR and CRLF: %q", out[max(0, len(out)-40):])
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	for _, l := range lines {
		if strings.ContainsAny(l, "\r\n\x1b") || len(l) > 75 || !utf8.ValidString(l) {
			t.Errorf("bad content line (%d octets): %q", len(l), l)
		}
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	for _, want := range []string{
		`SUMMARY:Renew the VPP content token\, École Ünïversité\; 東京\, "Nord"\, ` + strings.Repeat("Ä", 60) + " (Relution",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("unfolded calendar lacks %q:\n%s", want, unfolded)
		}
	}
}
