package runbook

import (
	"fmt"
	"io"
	"strings"

	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// List writes, each text through token.Printable, every Apple portal variant, the Apple portals that serve one
// kind for every variant, and every MDM portal guide (built-in and local)
// with its kinds, where each kind's steps come from (documented,
// community-sourced, partial, generic, local), and its sources and dates.
func List(w io.Writer, c *steps.Catalog) error {
	var b strings.Builder
	b.WriteString("Apple portals (--apple):\n")
	apples := c.ApplePortals()
	width := 0
	for _, a := range apples {
		width = max(width, len(a.ID))
	}
	for _, a := range apples {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, a.ID, token.Printable(a.Name))
		b.WriteString(wrap(token.Printable(a.Summary), "  "+strings.Repeat(" ", width+2), "  "+strings.Repeat(" ", width+2)))
	}
	for _, k := range steps.Kinds() {
		if a, ok := c.KindApple(k); ok {
			fmt.Fprintf(&b, "\nFor the %s (--kind %s, no --apple needed): %s\n", k.Noun(), k, token.Printable(a.Name))
			b.WriteString(wrap(token.Printable(a.Summary), "  ", "  "))
		}
	}
	b.WriteString("\nMDM portals (--portal):\n")
	portals := c.AllPortals()
	width = 0
	for _, p := range portals {
		width = max(width, len(p.ID))
	}
	pad := strings.Repeat(" ", width+4)
	for _, p := range portals {
		var kinds []string
		for _, k := range p.KindList() {
			kinds = append(kinds, string(k))
		}
		fmt.Fprintf(&b, "  %-*s  %s [%s]\n", width, p.ID, token.Printable(p.Name), strings.Join(kinds, ", "))
		if p.Local {
			b.WriteString(wrap("local playbook: "+token.Printable(p.File), pad, pad))
		}
		for _, k := range p.KindList() {
			fmt.Fprintf(&b, "%s%s, %s:\n", pad, k, p.Coverage(k))
			for _, s := range p.Kinds[k].Sources {
				title := s.Title
				if title == "" {
					title = s.URL
				}
				b.WriteString(wrap(token.Printable(title+" ("+s.Date+")"), pad+"  ", pad+"    "))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
