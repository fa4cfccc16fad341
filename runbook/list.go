package runbook

import (
	"fmt"
	"io"
	"strings"

	"github.com/mdmtoken/mdmtoken/steps"
)

// List writes every Apple portal variant and every MDM portal guide
// (built-in and local) with its kinds, sources and dates, marking
// community-sourced and local ones.
func List(w io.Writer, c *steps.Catalog) error {
	var b strings.Builder
	b.WriteString("Apple portals (--apple):\n")
	apples := c.ApplePortals()
	width := 0
	for _, a := range apples {
		width = max(width, len(a.ID))
	}
	for _, a := range apples {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, a.ID, a.Name)
		b.WriteString(wrap(a.Summary, "  "+strings.Repeat(" ", width+2), "  "+strings.Repeat(" ", width+2)))
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
		fmt.Fprintf(&b, "  %-*s  %s [%s]", width, p.ID, p.Name, strings.Join(kinds, ", "))
		switch {
		case p.Local:
			b.WriteString(" local playbook\n")
			b.WriteString(wrap(p.File, pad, pad))
		case p.Community:
			b.WriteString(" community-sourced\n")
		default:
			b.WriteString("\n")
		}
		for _, k := range p.KindList() {
			for i, s := range p.Kinds[k].Sources {
				label := string(k) + ": "
				if i > 0 {
					label = strings.Repeat(" ", len(label))
				}
				title := s.Title
				if title == "" {
					title = s.URL
				}
				b.WriteString(wrap(title+" ("+s.Date+")", pad+label, pad+"     "))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
