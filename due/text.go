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
	"github.com/mdmtoken/mdmtoken/internal/textwrap"
	"github.com/mdmtoken/mdmtoken/token"
)

const dateFormat = "2006-01-02"

// WriteText writes the verdict line (as check's first line, for Nagios and
// Icinga), the history file, then one line per credential: renew-by date,
// how far off it is, expiry, status and the credential. Dates are in now's
// time zone; colors are downsampled to profile. Names from the history
// are made safe for a terminal. Text is wrapped at width columns, never
// inside a word (check.TerminalWidth: 0 for a file or a pipe, which is
// not wrapped); when the table leaves too little room for the credential,
// each credential gets a block of its own instead.
func WriteText(w io.Writer, r Report, now time.Time, profile colorprofile.Profile, width int) error {
	var b strings.Builder
	b.WriteString(textwrap.Line(check.Headline(r.Severity(), summary(r)), width, 2))
	b.WriteString("\n")
	b.WriteString(textwrap.Hanging("History: ", token.Printable(r.History), width, 2))
	b.WriteString("\n")
	switch {
	case r.Total == 0:
		b.WriteString("\n" + textwrap.Hanging("", "Add the tokens in use with: mdmtoken due add PATH...", width, 2) + "\n")
	case len(r.Items) > 0:
		b.WriteString("\n")
		writeTable(&b, r, now, width)
	}
	_, err := io.WriteString(&colorprofile.Writer{Forward: w, Profile: profile}, b.String())
	return err
}

// summary counts the credentials by status (a reset DEP server apart from
// the expired), e.g. "3 credentials: 2 ok, 1 expiring" or "1 of 3 credentials due within 14 days: 1 expiring".
func summary(r Report) string {
	var s string
	switch {
	case r.Total == 0:
		s = "no credentials in the history"
	case r.Filtered && len(r.Items) == 0:
		s = fmt.Sprintf("nothing due within %s (%s in the history)", plural(r.Within, "day"), plural(r.Total, "credential"))
	default:
		counts := make(map[string]int)
		for _, it := range r.Items {
			if it.Reset() {
				counts["reset"]++
			} else {
				counts[string(it.Status)]++
			}
		}
		var parts []string
		for _, st := range []string{string(token.StatusOK), string(token.StatusExpiring), string(token.StatusExpired), "reset"} {
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

// minCredential is the narrowest credential column the table is laid out
// with; below it, each credential is a block of its own.
const minCredential = 24

func writeTable(b *strings.Builder, r Report, now time.Time, width int) {
	rows := [][]string{{"Renew by", "", "Expires", "Status", "Credential"}}
	estimated := false
	var reset []string // the files waiting to be uploaded for reset servers
	for _, it := range r.Items {
		expires := it.Expires.In(now.Location()).Format(dateFormat)
		if it.ExpiresEstimated {
			expires += "*"
			estimated = true
		}
		status := check.StatusText(it.Status)
		if it.Reset() {
			status = "RESET"
			if it.File != "" {
				reset = append(reset, token.Printable(it.File))
			}
		}
		rows = append(rows, []string{
			it.RenewBy.In(now.Location()).Format(dateFormat),
			history.FromNow(it.RenewBy, now),
			expires,
			status,
			it.Label(),
		})
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	status := func(n int, cell string) string {
		return check.SeverityStyle(r.Items[n-1].Status.Severity()).Render(cell)
	}
	hang := 0 // the credential column
	for _, w := range widths[:len(widths)-1] {
		hang += w + 2
	}
	if width > 0 && width-hang < minCredential {
		for n, row := range rows[1:] {
			if n > 0 {
				b.WriteString("\n")
			}
			b.WriteString(textwrap.Hanging("", row[4], width, 2) + "\n")
			facts := fmt.Sprintf("renew by %s (%s), expires %s, ", row[0], row[1], row[2])
			b.WriteString(textwrap.Hanging("  ", facts+status(n+1, row[3]), width, 2) + "\n")
		}
	} else {
		for n, row := range rows {
			var line strings.Builder
			for i, cell := range row {
				if i == len(row)-1 {
					line.WriteString(cell)
					break
				}
				pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell)+2)
				if i == 3 && n > 0 {
					cell = status(n, cell)
				}
				line.WriteString(cell + pad)
			}
			b.WriteString(textwrap.Line(line.String(), width, hang) + "\n")
		}
	}
	if estimated {
		b.WriteString("\n" + textwrap.Hanging("", "* estimated: the DEP token's download time plus one year", width, 2) + "\n")
	}
	if len(reset) > 0 {
		note := "RESET: a new token was downloaded for it during another renewal, so its old token stopped working then. " +
			"Upload the new file (" + reset[0] + ") to the MDM, then add it with: mdmtoken due add FILE"
		if len(reset) > 1 {
			note = "RESET: a new token was downloaded for each during another renewal, so its old token stopped working then. " +
				"Upload the new files (" + strings.Join(reset, ", ") + ") to the MDM, then add each with: mdmtoken due add FILE"
		}
		b.WriteString("\n" + textwrap.Hanging("", note, width, 2) + "\n")
	}
}
