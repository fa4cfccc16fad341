package record

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ProdID is the calendar's PRODID.
const ProdID = "-//mdmtoken//mdmtoken renewal reminder//EN"

// AlarmTrigger is the reminder's VALARM trigger: 09:00 on the renew-by day
// (relative to the start of the all-day event).
const AlarmTrigger = "PT9H"

// maxLine is the most octets on one iCalendar content line, CRLF excluded.
const maxLine = 75

// Calendar is an RFC 5545 iCalendar file with one all-day event on the
// renew-by day (RenewAt of NewExpiry, by its date in NewExpiry's location)
// and a display alarm at 09:00 that day. The event's UID is the same for
// the same kind, organization, location and expiry date, so importing it
// again updates the event. now (as UTC) is the DTSTAMP. It returns
// ErrNoExpiry when NewExpiry is zero.
func Calendar(r Renewal, now time.Time) ([]byte, error) {
	if r.NewExpiry.IsZero() {
		return nil, ErrNoExpiry
	}
	day := RenewAt(r.NewExpiry)
	start := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 0, 1)

	summary := "Renew the Apple " + r.kindName()
	if t := r.target(); t != "" {
		summary += " for " + t
	}

	var w icsWriter
	w.line("BEGIN:VCALENDAR")
	w.line("PRODID:" + ProdID)
	w.line("VERSION:2.0")
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:PUBLISH")
	w.line("BEGIN:VEVENT")
	w.line("UID:" + uid(r))
	w.line("DTSTAMP:" + now.UTC().Format("20060102T150405Z"))
	w.line("DTSTART;VALUE=DATE:" + start.Format("20060102"))
	w.line("DTEND;VALUE=DATE:" + end.Format("20060102"))
	w.line("SUMMARY:" + icsText(summary))
	w.line("DESCRIPTION:" + icsText(description(r)))
	w.line("TRANSP:TRANSPARENT")
	w.line("BEGIN:VALARM")
	w.line("ACTION:DISPLAY")
	w.line("TRIGGER;RELATED=START:" + AlarmTrigger)
	w.line("DESCRIPTION:" + icsText(summary))
	w.line("END:VALARM")
	w.line("END:VEVENT")
	w.line("END:VCALENDAR")
	return w.Bytes(), nil
}

// description is the event's text: what expires when, where to renew, the
// guide command and the last renewal.
func description(r Renewal) string {
	var b strings.Builder
	b.WriteString("The Apple " + r.kindName())
	if t := r.forWhom(); t != "" {
		b.WriteString(" for " + t)
	}
	b.WriteString(" expires on " + expiryText(r.NewExpiry, r.NewExpiryEstimated) + ".\n")

	b.WriteString("Renew it by " + dateText(RenewAt(r.NewExpiry)))
	apple, mdm := clean(r.ApplePortal), clean(r.MDMPortal)
	switch {
	case apple != "" && mdm != "":
		b.WriteString(": download a new token in " + apple + " and upload it to " + mdm)
	case apple != "":
		b.WriteString(": download a new token in " + apple + " and upload it to the MDM")
	case mdm != "":
		b.WriteString(" and upload it to " + mdm)
	}
	b.WriteString(".\n")
	b.WriteString("Guided steps: " + r.Command() + "\n")

	b.WriteString("Last renewed")
	if !r.When.IsZero() {
		b.WriteString(" on " + r.When.Format(dateFormat))
	}
	if u := clean(r.User); u != "" {
		b.WriteString(" by " + u)
	}
	if h := clean(r.Host); h != "" {
		b.WriteString(" on " + h)
	}
	if f := r.fileBase(); f != "" {
		b.WriteString(" with " + f)
	}
	b.WriteString(".")
	return b.String()
}

// uid identifies the reminder for one kind, organization, location and
// expiry date.
func uid(r Renewal) string {
	key := strings.ToLower(clean(string(r.Kind))) + "\x00" + clean(r.Org) + "\x00" + r.NewExpiry.Format(dateFormat)
	if loc := clean(r.Location); loc != "" {
		key += "\x00" + loc // each location its own reminder
	}
	sum := sha256.Sum256([]byte(key))
	return fmt.Sprintf("mdmtoken-%s-%s-%s@mdmtoken", slug(string(r.Kind), 8), r.NewExpiry.Format("20060102"), hex.EncodeToString(sum[:8]))
}

// icsEscaper escapes TEXT values (RFC 5545 section 3.3.11).
var icsEscaper = strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// icsText is s as an escaped TEXT value; control characters other than line
// breaks and tabs are dropped.
func icsText(s string) string {
	s = strings.Map(func(c rune) rune {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f {
			return -1
		}
		return c
	}, s)
	return icsEscaper.Replace(s)
}

// icsWriter writes content lines folded at maxLine octets with CRLF endings.
type icsWriter struct{ bytes.Buffer }

func (w *icsWriter) line(s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
