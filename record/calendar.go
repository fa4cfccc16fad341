package record

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/internal/ics"
)

// ProdID is the calendar's PRODID.
const ProdID = "-//mdmtoken//mdmtoken renewal reminder//EN"

// AlarmTrigger is the reminder's VALARM trigger: 09:00 on the renew-by day
// (relative to the start of the all-day event).
const AlarmTrigger = "PT9H"

// Calendar is an RFC 5545 iCalendar file with one all-day event on the
// renew-by day (RenewOn of NewExpiry as of now: never a day gone by; the
// date in NewExpiry's location, or in now's when that day is the next
// one) and a display alarm at 09:00 that day. The event's UID is the same for
// the same kind, organization, location and expiry date, so importing it
// again updates the event. now (as UTC) is the DTSTAMP. It returns
// ErrNoExpiry when NewExpiry is zero.
func Calendar(r Renewal, now time.Time) ([]byte, error) {
	if r.NewExpiry.IsZero() {
		return nil, ErrNoExpiry
	}
	day := RenewOn(r.NewExpiry, now)
	start := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 0, 1)

	summary := "Renew the Apple " + r.kindName()
	if t := r.target(); t != "" {
		summary += " for " + t
	}

	var w ics.Writer
	w.Line("BEGIN:VCALENDAR")
	w.Line("PRODID:" + ProdID)
	w.Line("VERSION:2.0")
	w.Line("CALSCALE:GREGORIAN")
	w.Line("METHOD:PUBLISH")
	w.Line("BEGIN:VEVENT")
	w.Line("UID:" + uid(r))
	w.Line("DTSTAMP:" + now.UTC().Format("20060102T150405Z"))
	w.Line("DTSTART;VALUE=DATE:" + start.Format("20060102"))
	w.Line("DTEND;VALUE=DATE:" + end.Format("20060102"))
	w.Line("SUMMARY:" + ics.Text(summary))
	w.Line("DESCRIPTION:" + ics.Text(description(r)))
	w.Line("TRANSP:TRANSPARENT")
	w.Line("BEGIN:VALARM")
	w.Line("ACTION:DISPLAY")
	w.Line("TRIGGER;RELATED=START:" + AlarmTrigger)
	w.Line("DESCRIPTION:" + ics.Text(summary))
	w.Line("END:VALARM")
	w.Line("END:VEVENT")
	w.Line("END:VCALENDAR")
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

	b.WriteString("Renew it " + RenewWhen(r.NewExpiry, r.When))
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
