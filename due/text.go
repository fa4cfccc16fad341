package due

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/colorprofile"
	"github.com/mdmtoken/mdmtoken/check"
	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/token"
)

const dateFormat = "2006-01-02"

// WriteText writes the verdict line (as check's first line, for Nagios and
// Icinga), the history file, then one line per credential: renew-by date,
// how far off it is, expiry, status and the credential. Dates are in now's
// time zone; colors are downsampled to profile. Names from the history
// are made safe for a terminal.
func WriteText(w io.Writer, r Report, now time.Time, profile colorprofile.Profile) error {
	var b strings.Builder
	b.WriteString(check.Headline(r.Severity(), summary(r)))
	b.WriteString("\n")
	fmt.Fprintf(&b, "History: %s\n", token.Printable(r.History))
	switch {
	case r.Total == 0:
		b.WriteString("\nAdd the tokens in use with: mdmtoken due add PATH...\n")
	case len(r.Items) > 0:
		b.WriteString("\n")
		writeTable(&b, r, now)
	}
	_, err := io.WriteString(&colorprofile.Writer{Forward: w, Profile: profile}, b.String())
	return err
}

// summary counts the credentials by status, e.g. "3 credentials: 2 ok, 1
// expiring" or "1 of 3 credentials due within 14 days: 1 expiring".
func summary(r Report) string {
	var s string
	switch {
	case r.Total == 0:
		s = "no credentials in the history"
	case r.Filtered && len(r.Items) == 0:
		s = fmt.Sprintf("nothing due within %s (%s in the history)", plural(r.Within, "day"), plural(r.Total, "credential"))
	default:
		counts := make(map[token.Status]int)
		for _, it := range r.Items {
			counts[it.Status]++
		}
		var parts []string
		for _, st := range []token.Status{token.StatusOK, token.StatusExpiring, token.StatusExpired} {
			if n := counts[st]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, st))
			}
		}
		if r.Filtered {
			s = fmt.Sprintf("%d of %s due within %s: ", len(r.Items), plural(r.Total, "credential"), plural(r.Within, "day"))
		} else {
			s = plural(r.Total, "credential") + ": "
		}
		s += strings.Join(parts, ", ")
	}
	if r.Damaged > 0 {
		s += fmt.Sprintf("; %s of the history skipped as damaged", plural(r.Damaged, "line"))
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func writeTable(b *strings.Builder, r Report, now time.Time) {
	rows := [][]string{{"Renew by", "", "Expires", "Status", "Credential"}}
	estimated := false
	for _, it := range r.Items {
		expires := it.Expires.In(now.Location()).Format(dateFormat)
		if it.ExpiresEstimated {
			expires += "*"
			estimated = true
		}
		rows = append(rows, []string{
			it.RenewBy.In(now.Location()).Format(dateFormat),
			history.FromNow(it.RenewBy, now),
			expires,
			check.StatusText(it.Status),
			it.Label(),
		})
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	for n, row := range rows {
		for i, cell := range row {
			if i == len(row)-1 {
				b.WriteString(cell)
				break
			}
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell)+2)
			if i == 3 && n > 0 {
				cell = check.SeverityStyle(r.Items[n-1].Status.Severity()).Render(cell)
			}
			b.WriteString(cell + pad)
		}
		b.WriteString("\n")
	}
	if estimated {
		b.WriteString("\n* estimated: the DEP token's download time plus one year\n")
	}
}
