package ui

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// luminance is WCAG's relative luminance of a color.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	ch := func(v uint32) float64 {
		x := float64(v>>8) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
}

// contrast is WCAG's contrast ratio of two colors.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func hex(s string) color.Color {
	var r, g, b uint8
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b); err != nil {
		panic(err)
	}
	return color.RGBA{r, g, b, 255}
}

// TestFooterContrast: every color of the help line and of muted text
// reaches WCAG's 4.5:1 on typical dark and light backgrounds, and with 8
// or 16 colors it does not become the background's own color.
func TestFooterContrast(t *testing.T) {
	backgrounds := map[bool][]string{true: {"#000000", "#1e1e1e"}, false: {"#ffffff", "#f5f5f5"}}
	for _, dark := range []bool{true, false} {
		st := newStyles(dark)
		fgs := append(footerColors(dark),
			st.help.ShortKey.GetForeground(), st.help.ShortDesc.GetForeground(), st.help.ShortSeparator.GetForeground(),
			st.detail.GetForeground(), st.label.GetForeground(), st.crumb.GetForeground(), st.more.GetForeground())
		for _, fg := range fgs {
			for _, bg := range backgrounds[dark] {
				if c := contrast(fg, hex(bg)); c < 4.5 {
					t.Errorf("dark %v: %v on %s has contrast %.2f, want at least 4.5", dark, fg, bg, c)
				}
			}
			basic := colorprofile.ANSI.Convert(fg)
			bad := ansi.Black
			if !dark {
				bad = ansi.BrightWhite
			}
			if basic == bad || (dark && basic == ansi.BrightBlack) || (!dark && basic == ansi.White) {
				t.Errorf("dark %v: %v becomes %v with 16 colors, which the background may share", dark, fg, basic)
			}
		}
	}
}
