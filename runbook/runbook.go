// Package runbook prints a renewal guide as a runbook in plain text or
// Markdown: caveats, the Apple steps, what the file must be, the portal
// steps, common errors and sources. It also lists the available guides.
package runbook

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// Format is how a runbook is written.
type Format string

// The runbook formats.
const (
	Text     Format = "text"
	Markdown Format = "markdown"
)

// Formats lists the valid formats.
func Formats() []Format { return []Format{Text, Markdown} }

// ParseFormat reads a --format value; "md" is accepted for markdown.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "text", "txt":
		return Text, nil
	case "markdown", "md":
		return Markdown, nil
	}
	return "", fmt.Errorf("unknown format %q (valid: text, markdown)", s)
}

// Width is the column the text format wraps at.
const Width = 78

// Render writes the whole runbook for g. Every text of the guide is
// printed through token.Printable.
func Render(w io.Writer, g steps.Guide, f Format) error {
	g = g.MapText(token.Printable)
	var s string
	if f == Markdown {
		s = markdown(g)
	} else {
		s = text(g)
	}
	_, err := io.WriteString(w, s)
	return err
}

// Title is the runbook's heading, e.g. "Renew the Apps and Books (VPP)
// content token".
func Title(g steps.Guide) string { return "Renew the " + g.Kind.Label() }

// portalLabel is the portal's name with where its steps come from, unless
// they are all from the vendor's own documentation.
func portalLabel(g steps.Guide) string {
	label := g.Portal.Name
	if cv := g.Coverage.String(); cv != "documented" {
		label += " (" + cv + ")"
	}
	if g.Portal.Local {
		label += ", " + g.Portal.File
	}
	return label
}

// portalHeadings are the headings of the portal's steps before and after
// Apple's: "In Jamf Pro: get the signing request" and "Back in Jamf Pro"
// for the push certificate, only "In Jamf Pro" for the tokens.
func portalHeadings(g steps.Guide) (before, after string) {
	if len(g.BeforeSteps) == 0 {
		return "", "In " + g.Portal.Name
	}
	return "In " + g.Portal.Name + ": get the signing request", "Back in " + g.Portal.Name
}

func sourceLine(s steps.Source) string {
	var parts []string
	if s.Title != "" {
		parts = append(parts, s.Title)
	}
	if s.URL != "" {
		parts = append(parts, s.URL)
	}
	return strings.Join(parts, ", ") + " (" + s.Date + ")"
}

func text(g steps.Guide) string {
	var b strings.Builder
	title := Title(g)
	b.WriteString(title + "\n" + strings.Repeat("=", len(title)) + "\n")
	b.WriteString(wrap(g.Apple.Name, "Apple portal: ", "              "))
	b.WriteString(wrap(portalLabel(g), "MDM portal:   ", "              "))
	heading := func(h string) { b.WriteString("\n" + strings.ToUpper(h) + "\n") }
	if len(g.Caveats) > 0 {
		heading("Before you start")
		for _, c := range g.Caveats {
			b.WriteString(wrap(c, "  * ", "    "))
		}
	}
	n := 0
	writeSteps := func(ss []steps.Step) {
		for _, s := range ss {
			n++
			num := fmt.Sprintf("  %d. ", n)
			ind := strings.Repeat(" ", len(num))
			b.WriteString(wrap(s.Text, num, ind))
			if s.Detail != "" {
				b.WriteString(wrap(s.Detail, ind, ind))
			}
			if s.Note != "" {
				b.WriteString(wrap("Note: "+s.Note, ind, ind+"      "))
			}
			if s.Warning != "" {
				b.WriteString(wrap("WARNING: "+s.Warning+" Confirm before you click.", ind, ind+"         "))
			}
			if s.Download {
				b.WriteString(wrap("-> This downloads "+g.FileName+".", ind, ind+"   "))
			}
			if s.Upload {
				b.WriteString(wrap("-> Choose the file here: "+g.FileName+".", ind, ind+"   "))
			}
		}
	}
	before, after := portalHeadings(g)
	if before != "" {
		heading(before)
		writeSteps(g.BeforeSteps)
	}
	heading("In " + g.Apple.Name)
	writeSteps(g.AppleSteps)
	heading("The file must be")
	b.WriteString(wrap(g.FileName, "  ", "  "))
	b.WriteString(wrap(g.Kind.FileAbout(), "  ", "  "))
	heading(after)
	writeSteps(g.PortalSteps)
	if len(g.Errors) > 0 {
		heading("If something goes wrong")
		for _, e := range g.Errors {
			b.WriteString(wrap(e.Symptom, "  * ", "    "))
			b.WriteString(wrap("Cause: "+e.Cause, "    ", "           "))
			b.WriteString(wrap("Fix: "+e.Fix, "    ", "         "))
		}
	}
	heading("Sources")
	for _, s := range g.Sources {
		b.WriteString(wrap(sourceLine(s), "  * ", "    "))
	}
	return b.String()
}

// wrap fills s into lines of at most Width columns: the first line starts
// with first, the others with rest. Words longer than a line stay whole.
func wrap(s, first, rest string) string {
	var b strings.Builder
	line := first
	empty := true
	for _, word := range strings.Fields(s) {
		if !empty && len([]rune(line))+1+len([]rune(word)) > Width {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line, empty = rest, true
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	b.WriteString(strings.TrimRight(line, " ") + "\n")
	return b.String()
}

// codeWord finds words that Markdown would misread (underscores, asterisks,
// angle brackets: file names, error codes, placeholders).
// It is compiled on first use, not when the program starts.
var codeWord = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^\s"(]*[_*<>][^\s"]*`) })

// md escapes text for Markdown: file names and codes become code spans.
func md(s string) string {
	return codeWord().ReplaceAllStringFunc(s, func(w string) string {
		if strings.TrimSpace(w) == ">" {
			return w // a menu separator: "Settings > Payments"
		}
		core := strings.TrimRight(w, ".,;:)")
		return "`" + core + "`" + w[len(core):]
	})
}

func markdown(g steps.Guide) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", Title(g))
	fmt.Fprintf(&b, "- Apple portal: **%s**\n- MDM portal: **%s**\n", g.Apple.Name, md(portalLabel(g)))
	if len(g.Caveats) > 0 {
		b.WriteString("\n## Before you start\n\n")
		for _, c := range g.Caveats {
			fmt.Fprintf(&b, "- %s\n", md(c))
		}
	}
	n := 0
	writeSteps := func(ss []steps.Step) {
		for _, s := range ss {
			n++
			num := fmt.Sprintf("%d. ", n)
			ind := strings.Repeat(" ", len(num)) // continuation paragraphs stay in the list item
			fmt.Fprintf(&b, "%s%s\n", num, md(s.Text))
			if s.Detail != "" {
				fmt.Fprintf(&b, "\n%s%s\n", ind, md(s.Detail))
			}
			if s.Note != "" {
				fmt.Fprintf(&b, "\n%s> **Note:** %s\n", ind, md(s.Note))
			}
			if s.Warning != "" {
				fmt.Fprintf(&b, "\n%s> **Warning:** %s Confirm before you click.\n", ind, md(s.Warning))
			}
			if s.Download {
				fmt.Fprintf(&b, "\n%sThis downloads `%s`.\n", ind, g.FileName)
			}
			if s.Upload {
				fmt.Fprintf(&b, "\n%sChoose the file here: `%s`.\n", ind, g.FileName)
			}
		}
	}
	before, after := portalHeadings(g)
	if before != "" {
		fmt.Fprintf(&b, "\n## %s\n\n", before)
		writeSteps(g.BeforeSteps)
	}
	fmt.Fprintf(&b, "\n## In %s\n\n", g.Apple.Name)
	writeSteps(g.AppleSteps)
	fmt.Fprintf(&b, "\n## The file must be\n\n`%s`: %s\n", g.FileName, md(g.Kind.FileAbout()))
	fmt.Fprintf(&b, "\n## %s\n\n", after)
	writeSteps(g.PortalSteps)
	if len(g.Errors) > 0 {
		b.WriteString("\n## If something goes wrong\n\n")
		b.WriteString("| Symptom | Cause | Fix |\n|---|---|---|\n")
		for _, e := range g.Errors {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", cell(e.Symptom), cell(e.Cause), cell(e.Fix))
		}
	}
	b.WriteString("\n## Sources\n\n")
	for _, s := range g.Sources {
		title := md(s.Title)
		if s.URL != "" {
			title = "[" + title + "](" + s.URL + ")"
		}
		fmt.Fprintf(&b, "- %s (%s)\n", title, s.Date)
	}
	return b.String()
}

func cell(s string) string { return strings.ReplaceAll(md(s), "|", `\|`) }
