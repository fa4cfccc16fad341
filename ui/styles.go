package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// styles holds every Lip Gloss style the wizard uses. Colors adapt to the
// terminal background; under NO_COLOR the program's color profile strips
// them while bold and faint remain, so no meaning rests on color alone.
type styles struct {
	app       lipgloss.Style
	title     lipgloss.Style
	crumb     lipgloss.Style
	rule      ansi.Style // one SGR run for the whole row: lipgloss styles underlined spaces one by one
	practice  lipgloss.Style
	heading   lipgloss.Style
	text      lipgloss.Style
	dim       lipgloss.Style
	more      lipgloss.Style // the mark that more text is above or below
	detail    lipgloss.Style
	label     lipgloss.Style
	note      lipgloss.Style
	warning   lipgloss.Style
	banner    lipgloss.Style
	cursor    lipgloss.Style
	selected  lipgloss.Style
	option    lipgloss.Style
	panel     lipgloss.Style
	statusOK  lipgloss.Style
	statusWrn lipgloss.Style
	statusBad lipgloss.Style
	progress  [2]string // progress bar colors, start and end
	help      help.Styles
}

// Text colors that read on the background (WCAG contrast of at least
// 4.5:1 on black, #1e1e1e and white) and stay visible when the terminal
// has only 8 or 16 colors: on dark backgrounds each maps to a light ANSI
// color, never to black; on light ones, never to white.
var (
	darkKey, lightKey   = lipgloss.Color("#E4E4E4"), lipgloss.Color("#1C1C1C")
	darkDesc, lightDesc = lipgloss.Color("#B4B4B4"), lipgloss.Color("#4E4E4E")
	darkSubtle          = lipgloss.Color("#A8A8A8")
	lightSubtle         = lipgloss.Color("#595959")
)

// footerColors is the foreground of every part of the help line and of
// the muted text, for a dark or a light background.
func footerColors(isDark bool) []color.Color {
	if isDark {
		return []color.Color{darkKey, darkDesc, darkSubtle}
	}
	return []color.Color{lightKey, lightDesc, lightSubtle}
}

// helpStyles styles the help line with the footer colors.
func helpStyles(isDark bool) help.Styles {
	ld := lipgloss.LightDark(isDark)
	k := lipgloss.NewStyle().Bold(true).Foreground(ld(lightKey, darkKey))
	d := lipgloss.NewStyle().Foreground(ld(lightDesc, darkDesc))
	sep := lipgloss.NewStyle().Foreground(ld(lightSubtle, darkSubtle))
	return help.Styles{ShortKey: k, ShortDesc: d, ShortSeparator: sep, Ellipsis: sep, FullKey: k, FullDesc: d, FullSeparator: sep}
}

func newStyles(isDark bool) styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#B9A6FF"))
	subtle := ld(lightSubtle, darkSubtle)
	green := ld(lipgloss.Color("#1B7F3B"), lipgloss.Color("#7CE38B"))
	amber := ld(lipgloss.Color("#9A5B00"), lipgloss.Color("#FFC857"))
	red := ld(lipgloss.Color("#B00020"), lipgloss.Color("#FF6B6B"))

	return styles{
		app:      lipgloss.NewStyle().Padding(0, 1),
		title:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		crumb:    lipgloss.NewStyle().Foreground(subtle),
		rule:     ansi.Style{}.ForegroundColor(subtle).Underline(true),
		practice: lipgloss.NewStyle().Bold(true).Reverse(true).Padding(0, 1),
		heading:  lipgloss.NewStyle().Bold(true),
		text:     lipgloss.NewStyle(),
		dim:      lipgloss.NewStyle().Faint(true),
		more:     lipgloss.NewStyle().Bold(true).Foreground(subtle),
		detail:   lipgloss.NewStyle().Foreground(subtle),
		label:    lipgloss.NewStyle().Foreground(subtle),
		note:     lipgloss.NewStyle().Foreground(amber),
		warning:  lipgloss.NewStyle().Bold(true).Foreground(red).Border(lipgloss.NormalBorder(), false, false, false, true).BorderForeground(red).PaddingLeft(1),
		banner:   lipgloss.NewStyle().Bold(true).Foreground(red),
		// A basic ANSI color: the marker's few bytes are all a cursor
		// move writes.
		cursor:    lipgloss.NewStyle().Foreground(ld(lipgloss.Magenta, lipgloss.BrightMagenta)),
		selected:  lipgloss.NewStyle().Bold(true).Foreground(accent),
		option:    lipgloss.NewStyle(),
		panel:     lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(subtle).Padding(0, 1),
		statusOK:  lipgloss.NewStyle().Bold(true).Foreground(green),
		statusWrn: lipgloss.NewStyle().Bold(true).Foreground(amber),
		statusBad: lipgloss.NewStyle().Bold(true).Foreground(red),
		progress:  [2]string{"#5A3FC0", "#B9A6FF"},
		help:      helpStyles(isDark),
	}
}
