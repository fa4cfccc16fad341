package due

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/internal/ics"
	"github.com/mdmtoken/mdmtoken/record"
	"github.com/mdmtoken/mdmtoken/token"
)

// CalendarProdID is the PRODID of the calendar WriteCalendar writes.
const CalendarProdID = "-//mdmtoken//mdmtoken due//EN"

// WriteCalendar writes an iCalendar (RFC 5545) calendar to subscribe to,
// with one all-day event per credential on its renew-by date (in now's
// time zone) and a display alarm at 09:00 that day, as the reminder of a
// renewal record has. An event's UID stays the same for a credential from
// one renewal to the next, so a subscribed calendar moves the event
// instead of adding one. now (as UTC) is the DTSTAMP.
func WriteCalendar(w io.Writer, r Report, now time.Time) error {
	var c ics.Writer
	c.Line("BEGIN:VCALENDAR")
	c.Line("VERSION:2.0")
	c.Line("PRODID:" + CalendarProdID)
	c.Line("CALSCALE:GREGORIAN")
	c.Line("METHOD:PUBLISH")
	c.Line("X-WR-CALNAME:" + ics.Text("Apple MDM renewals (mdmtoken)"))
	stamp := now.UTC().Format("20060102T150405Z")
	for _, it := range r.Items {
		day := it.RenewBy.In(now.Location())
		start := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		summary := ics.Text("Renew the " + it.Label())
		if it.Reset() {
			summary = ics.Text("Upload the new " + it.Label())
		}
		c.Line("BEGIN:VEVENT")
		c.Line("UID:" + eventUID(it))
		c.Line("DTSTAMP:" + stamp)
		c.Line("DTSTART;VALUE=DATE:" + start.Format("20060102"))
		c.Line("DTEND;VALUE=DATE:" + start.AddDate(0, 0, 1).Format("20060102"))
		c.Line("SUMMARY:" + summary)
		c.Line("DESCRIPTION:" + ics.Text(eventDescription(it, now)))
		c.Line("TRANSP:TRANSPARENT")
		c.Line("BEGIN:VALARM")
		c.Line("ACTION:DISPLAY")
		c.Line("TRIGGER;RELATED=START:" + record.AlarmTrigger)
		c.Line("DESCRIPTION:" + summary)
		c.Line("END:VALARM")
		c.Line("END:VEVENT")
	}
	c.Line("END:VCALENDAR")
	_, err := w.Write(c.Bytes())
	return err
}

// eventUID identifies a credential's event: a digest of its identity.
func eventUID(it history.Item) string {
	sum := sha256.Sum256([]byte(it.Identity()))
	return "mdmtoken-due-" + hex.EncodeToString(sum[:12]) + "@mdmtoken"
}

// eventDescription says when the credential expires, by when to renew it
// and how, and what was recorded last.
func eventDescription(it history.Item, now time.Time) string {
	var b strings.Builder
	if it.Reset() {
		// Nothing to download: the new token waits to be uploaded.
		b.WriteString("The " + it.Label() + " was reset on " + it.Expires.In(now.Location()).Format(dateFormat) +
			", when a new token was downloaded for it during another renewal.\n")
		if f := printable(it.File); f != "" {
			b.WriteString("Upload " + f + " to the MDM, then run: mdmtoken due add " + f + "\n")
		}
		b.WriteString("Recorded on " + it.Recorded.In(now.Location()).Format(dateFormat))
		return b.String()
	}
	b.WriteString("The " + it.Label() + " expires on ")
	if it.ExpiresEstimated {
		b.WriteString("about ")
	}
	b.WriteString(it.Expires.In(now.Location()).Format(dateFormat))
	if it.ExpiresEstimated {
		b.WriteString(" (estimated: the download time plus one year)")
	}
	b.WriteString(".\nRenew it by " + it.RenewBy.In(now.Location()).Format(dateFormat))
	apple, mdm := printable(it.ApplePortalName), printable(it.MDMPortalName)
	switch {
	case apple != "" && mdm != "":
		b.WriteString(": download a new token in " + apple + " and upload it to " + mdm)
	case mdm != "":
		b.WriteString(" and upload it to " + mdm)
	}
	b.WriteString(".\n")
	if it.Kind.IsRenewable() {
		cmd := record.Renewal{Kind: it.Kind, AppleID: printable(it.ApplePortal), PortalID: printable(it.MDMPortal)}.Command()
		b.WriteString("Guided steps: " + cmd + "\n")
	}
	b.WriteString("Last recorded on " + it.Recorded.In(now.Location()).Format(dateFormat))
	if u := printable(it.User); u != "" {
		b.WriteString(" by " + u)
	}
	if h := printable(it.Host); h != "" {
		b.WriteString(" on " + h)
	}
	if f := printable(it.File); f != "" {
		b.WriteString(", file " + f)
	}
	b.WriteString(".")
	return b.String()
}

func printable(s string) string { return strings.TrimSpace(token.Printable(s)) }
