package record

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// Markdown is the renewal record: what was renewed where, the uploaded file's
// name and SHA-256 digest, old and new expiry, the renew-by date, who renewed
// and when, whether the portal accepted the file and the checks that passed.
// It holds no token or secret.
func Markdown(r Renewal) []byte {
	var b bytes.Buffer
	title := "Apple " + r.kindName() + " renewal"
	if t := r.forWhom(); t != "" {
		title += ": " + t
	}
	fmt.Fprintf(&b, "# %s\n\n", mdText(title))

	rows := [][2]string{
		{"Token", mdText(r.kindName())},
		{"Apple portal", mdText(orUnknown(clean(r.ApplePortal)))},
		{"MDM portal", mdText(orUnknown(clean(r.MDMPortal)))},
		{r.orgLabel(), mdText(orUnknown(clean(r.Org)))},
	}
	if loc := clean(r.Location); loc != "" {
		rows = append(rows, [2]string{"Location", mdText(loc)})
	}
	if sc := clean(r.ServerCheck); sc != "" {
		rows = append(rows, [2]string{"Server check", mdText(sc)})
	}
	if tc := clean(r.TopicCheck); tc != "" {
		rows = append(rows, [2]string{"Topic check", mdText(tc)})
	}
	if lc := clean(r.LocationCheck); lc != "" {
		rows = append(rows, [2]string{"Location check", mdText(lc)})
	}
	rows = append(rows, [][2]string{
		{"File", mdCode(r.fileBase())},
		{"SHA-256", mdCode(clean(r.SHA256))},
		{"Previous expiry", mdText(previousExpiry(r))},
		{"New expiry", mdText(expiryText(r.NewExpiry, r.NewExpiryEstimated))},
		{"Renew by", mdText(renewByCell(r))},
		{"Renewed by", mdText(who(r))},
		{"Renewed at", mdText(whenText(r))},
		{"Accepted by " + mdText(orDefault(clean(r.MDMPortal), "the MDM portal")), accepted(r.Accepted)},
	}...)
	b.WriteString("| | |\n| --- | --- |\n")
	for _, row := range rows {
		fmt.Fprintf(&b, "| %s | %s |\n", row[0], row[1])
	}

	b.WriteString("\n## Checks passed\n\n")
	n := 0
	for _, c := range r.Checks {
		if c = clean(c); c != "" {
			fmt.Fprintf(&b, "- [x] %s\n", mdText(c))
			n++
		}
	}
	if n == 0 {
		b.WriteString("No checks were recorded.\n")
	}

	if u := clean(r.UsedAnyway); u != "" {
		b.WriteString("\n## Used despite a warning\n\n" + mdText(u) + "\n")
	}

	var todo []string
	for _, t := range r.AlsoToDo {
		if t = clean(t); t != "" {
			todo = append(todo, t)
		}
	}
	if len(todo) > 0 {
		b.WriteString("\n## Also to do\n\n")
		for _, t := range todo {
			fmt.Fprintf(&b, "- [ ] %s\n", mdText(t))
		}
	}

	b.WriteString("\n## Next renewal\n\n")
	if r.NewExpiry.IsZero() {
		b.WriteString("The new expiry is unknown; check the token in " + mdText(orDefault(clean(r.ApplePortal), "the Apple portal")) + ".\n")
	} else {
		fmt.Fprintf(&b, "Renew %s. The guided steps: %s\n",
			RenewWhen(r.NewExpiry, r.When), mdCode(r.Command()))
	}
	b.WriteString(footer)
	return b.Bytes()
}

// previousExpiry is the old token's expiry, and when a reset ended it
// before that.
func previousExpiry(r Renewal) string {
	if r.OldExpiry.IsZero() && !r.OldReset.IsZero() {
		// Its expiry is not known, but when it stopped working is.
		return "unknown; reset " + r.OldReset.Format(dateFormat) + " by the new download"
	}
	s := expiryText(r.OldExpiry, false)
	if !r.OldReset.IsZero() && !r.OldExpiry.IsZero() && r.OldReset.Before(r.OldExpiry) {
		s += ", but reset " + r.OldReset.Format(dateFormat) + " by the new download"
	}
	return s
}

// renewByCell is the renew-by day, or now when that day is gone by.
func renewByCell(r Renewal) string {
	if renewDue(r.NewExpiry, r.When) {
		return fmt.Sprintf("now (it expires within %d days)", RenewDaysBefore)
	}
	return dateText(RenewAt(r.NewExpiry))
}

func orUnknown(s string) string { return orDefault(s, "unknown") }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func who(r Renewal) string {
	u, h := clean(r.User), clean(r.Host)
	switch {
	case u == "" && h == "":
		return "unknown"
	case h == "":
		return u
	case u == "":
		return "unknown user on " + h
	}
	return u + " on " + h
}

func whenText(r Renewal) string {
	if r.When.IsZero() {
		return "unknown"
	}
	return r.When.Format(timeFormat)
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.Format(dateFormat)
}

// expiryText is an exact expiry with its time, an estimated one as a date.
func expiryText(t time.Time, estimated bool) string {
	switch {
	case t.IsZero():
		return "unknown"
	case estimated:
		return t.Format(dateFormat) + " (estimated)"
	}
	return t.Format(timeFormat)
}

func accepted(ok bool) string {
	if ok {
		return "yes"
	}
	return "**not confirmed**"
}

// mdEscaper escapes characters that would start Markdown structure or break
// a table cell.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `|`, `\|`, `#`, `\#`, `~`, `\~`, `!`, `\!`,
)

// mdText is s as literal Markdown text on one line.
func mdText(s string) string { return mdEscaper.Replace(clean(s)) }

// mdCode is s as an inline code span that is safe in a table cell.
func mdCode(s string) string {
	s = clean(s)
	if s == "" {
		return "unknown"
	}
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + strings.ReplaceAll(s, "|", `\|`) + pad + fence
}

// footer ends every record; sections added later (AppendNote) go before
// it.
const footer = "\n---\n\nWritten by mdmtoken. This record holds no token or secret, only the file's name and SHA-256 digest.\n"
