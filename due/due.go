// Package due writes what the renewal history says is due, for people,
// scripts, monitoring and calendars: text and JSON in the style of
// mdmtoken check, Prometheus metrics under check's metric names (so the
// same alert rules work) and an iCalendar feed with an event per
// credential.
package due

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/mdmtoken/mdmtoken/check"
	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/token"
)

// FormatICS is the iCalendar output format, in addition to check's formats.
const FormatICS check.Format = "ics"

// Formats lists the valid formats, for messages and help.
var Formats = []check.Format{check.FormatText, check.FormatJSON, check.FormatPrometheus, FormatICS}

// ParseFormat reads a --format value: text, json, prometheus or ics.
func ParseFormat(s string) (check.Format, error) {
	for _, f := range Formats {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q: use text, json, prometheus or ics", s)
}

// Report is what the history says at one moment, ready to be written.
type Report struct {
	History  string         // the history file, shown in text output
	Items    []history.Item // the credentials shown, sorted by renew-by date
	Total    int            // credentials in the history, before Filtered
	Within   int            // the warning window in days
	Filtered bool           // Items holds only what is due within Within days
	Damaged  int            // lines of the history skipped as damaged
}

// NewReport judges entries at now with a warning window of within days
// (history.Credentials); with filter, only what is due is kept
// (history.Due). damaged is the number of lines skipped when loading.
func NewReport(path string, entries []history.Entry, damaged int, now time.Time, within int, filter bool) Report {
	all := history.Credentials(entries, now, within)
	r := Report{History: path, Items: all, Total: len(all), Within: within, Filtered: filter, Damaged: damaged}
	if filter {
		r.Items = history.Due(entries, now, within)
	}
	return r
}

// Severity is the worst over the credentials shown: a damaged line is at
// least a warning (a credential may be missing), and a history that names
// no credential at all is a problem, as nothing can be vouched for.
func (r Report) Severity() token.Severity {
	if r.Total == 0 {
		return token.SeverityProblem
	}
	worst := token.SeverityOK
	if r.Damaged > 0 {
		worst = token.SeverityWarning
	}
	for _, it := range r.Items {
		worst = max(worst, it.Status.Severity())
	}
	return worst
}

// ExitCode is the exit status, as check's: 0 nothing due, 1 something due
// within the warning window (or a damaged line), 2 something expired (or
// no credential known).
func (r Report) ExitCode() int { return int(r.Severity()) }

// Write writes r to w in format f. now is the moment r was judged at (for
// "in N days", the time zone of dates and the calendar's time stamp);
// profile is the color profile of text, colorprofile.NoTTY for none;
// width is the columns text is wrapped at, 0 for none.
func Write(w io.Writer, f check.Format, r Report, now time.Time, profile colorprofile.Profile, width int) error {
	switch f {
	case check.FormatText:
		return WriteText(w, r, now, profile, width)
	case check.FormatJSON:
		return WriteJSON(w, r, now)
	case check.FormatPrometheus:
		return WritePrometheus(w, r)
	case FormatICS:
		return WriteCalendar(w, r, now)
	}
	return fmt.Errorf("unknown format %q", f)
}
