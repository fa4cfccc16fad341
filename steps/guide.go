// Package steps holds the renewal guides as data: the Apple portal steps, the
// MDM portal steps, caveats, common errors and the sources each follows. It
// has no UI; the wizard and the runbook printer both walk the same data.
package steps

import (
	"fmt"

	"github.com/mdmtoken/mdmtoken/token"
)

// Step is one instruction of a guide.
type Step struct {
	// ID names an Apple step (sign-in, menu, server, download …) so that a
	// portal guide's apple_wording can refer to it. Every Apple step has
	// one, unique within its kind; portal steps may leave it out.
	ID      string `yaml:"id,omitempty"`
	Text    string `yaml:"text"`              // the instruction
	Detail  string `yaml:"detail,omitempty"`  // why, or what you should now see
	Note    string `yaml:"note,omitempty"`    // a caveat shown with this step, where it bites
	Warning string `yaml:"warning,omitempty"` // must be confirmed explicitly before going on
	Upload  bool   `yaml:"upload,omitempty"`  // the portal step where the token file is chosen
	// Download marks the Apple step that downloads the token file; it is
	// the last Apple step, and the file picker follows it.
	Download bool `yaml:"download,omitempty"`
	// From names the sources (by their id) the step follows. It may be left
	// out when the guide has one source; a built-in guide with several
	// sources names them on every step that is not generic.
	From []string `yaml:"from,omitempty"`
	// Generic is set on a step that no vendor source covers: the id of the
	// generic guide's step it is. In a guide file the step gives only this
	// id (and upload: true for the upload step); its words come from the
	// generic guide. In a merged Guide, every generic step has it.
	Generic string `yaml:"generic,omitempty"`
}

// Source is a document a guide follows.
type Source struct {
	ID    string `yaml:"id,omitempty"` // what steps name in from:
	Title string `yaml:"title"`
	URL   string `yaml:"url,omitempty"`
	Date  string `yaml:"date"` // the date or version the source shows
}

// CommonError is a failure the admin may see, its cause and the fix.
type CommonError struct {
	Symptom string `yaml:"symptom"`
	Cause   string `yaml:"cause"`
	Fix     string `yaml:"fix"`
}

// AppleWording is how a portal's own guide words one of Apple's steps, e.g.
// "click the logged-in user in the bottom left corner" for Apple's "your
// name at the bottom of the sidebar". Catalog.Guide adds it to the Detail of
// that Apple step, naming the portal, so only this portal's users read it.
type AppleWording struct {
	At   string `yaml:"at"`   // the id of the Apple step
	Text string `yaml:"text"` // the portal guide's wording
}

// Side is one portal's part of a renewal for one token kind.
type Side struct {
	// Before (portal guides, push certificate only) are the MDM's steps
	// before Apple's: getting the signing request to upload to Apple.
	Before  []Step        `yaml:"before,omitempty"`
	Steps   []Step        `yaml:"steps"`
	Caveats []string      `yaml:"caveats,omitempty"`
	Errors  []CommonError `yaml:"errors,omitempty"`
	Sources []Source      `yaml:"sources"`
	// AppleWording (portal guides only) attaches this portal's wording to
	// Apple's steps. A step id that an Apple variant lacks is skipped for
	// that variant; an id no variant has is a validation error.
	AppleWording []AppleWording `yaml:"apple_wording,omitempty"`
}

// Apple is one variant of Apple's portal (Apple Business, classic Apple
// Business Manager, Apple School Manager).
type Apple struct {
	ID      string              `yaml:"id"`      // short name used by --apple
	Name    string              `yaml:"name"`    // as the user sees it
	Summary string              `yaml:"summary"` // one line to tell the variants apart
	Kinds   map[token.Kind]Side `yaml:"kinds"`
	// EveryVariant marks an Apple portal that is not a variant to choose
	// but Apple's side of its kinds whichever variant the organization
	// uses: the Push Certificates Portal for the push certificate.
	EveryVariant bool `yaml:"every_variant,omitempty"`
}

// Portal is an MDM portal with its guides per token kind.
type Portal struct {
	ID        string              `yaml:"id"`                  // short name used by --portal
	Name      string              `yaml:"name"`                // as the user sees it
	Community bool                `yaml:"community,omitempty"` // steps come from third-party pages, not the vendor
	Local     bool                `yaml:"-"`                   // loaded from a local playbook
	File      string              `yaml:"-"`                   // where it was loaded from
	Kinds     map[token.Kind]Side `yaml:"kinds"`
}

// Prose is how a sentence names the portal: its name, or "your MDM" for
// the generic guide, whose name ("Another MDM") is a menu's answer, not a
// portal ("Did your MDM accept the file?").
func (p Portal) Prose() string {
	if p.ID == GenericID && !p.Local {
		return "your MDM"
	}
	return p.Name
}

// Guide is one complete renewal: a token kind, an Apple portal variant and an
// MDM portal, merged in the order the user follows them.
type Guide struct {
	Kind     token.Kind
	Apple    Apple
	Portal   Portal
	FileName string // the file the portal needs, e.g. "sToken_for_<Location>.vpptoken"
	Coverage Coverage
	Caveats  []string
	// BeforeSteps are the MDM portal's steps before Apple's (push
	// certificate: getting the signing request); empty for the tokens.
	BeforeSteps []Step
	AppleSteps  []Step
	PortalSteps []Step
	Errors      []CommonError
	Sources     []Source
}

// Coverage says where a portal guide's steps come from.
type Coverage struct {
	Community bool // from third-party pages (resellers, schools), not the vendor
	Partial   bool // some steps are generic: the sources stop part-way or leave gaps
	Generic   bool // the generic guide: no vendor steps at all
	Local     bool // a local playbook
}

// String is how portals and runbooks show the coverage: "documented",
// "community-sourced", "documented, partial", "generic" or "local playbook"
// (", partial" when a playbook uses generic steps).
func (c Coverage) String() string {
	var s string
	switch {
	case c.Generic:
		return "generic"
	case c.Local:
		s = "local playbook"
	case c.Community:
		s = "community-sourced"
	default:
		s = "documented"
	}
	if c.Partial {
		s += ", partial"
	}
	return s
}

// mapText passes every text of p that is shown to the user through f: its
// name, caveats, steps, errors, sources and wording of Apple's steps. Ids
// and paths are left alone.
func (p *Portal) mapText(f func(string) string) {
	p.Name = f(p.Name)
	for k, s := range p.Kinds {
		s.Caveats = mapStrings(s.Caveats, f)
		s.Before = mapSteps(s.Before, f)
		s.Steps = mapSteps(s.Steps, f)
		s.Errors = mapErrors(s.Errors, f)
		s.Sources = mapSources(s.Sources, f)
		for i, w := range s.AppleWording {
			s.AppleWording[i].Text = f(w.Text)
		}
		p.Kinds[k] = s
	}
}

// MapText returns a copy of g with every text shown to the user passed
// through f (for example a sanitiser for the terminal): the portals' names
// and file, caveats, steps, errors and sources.
func (g Guide) MapText(f func(string) string) Guide {
	g.Apple.Name, g.Apple.Summary = f(g.Apple.Name), f(g.Apple.Summary)
	g.Portal.Name, g.Portal.File = f(g.Portal.Name), f(g.Portal.File)
	g.FileName = f(g.FileName)
	g.Caveats = mapStrings(g.Caveats, f)
	g.BeforeSteps = mapSteps(g.BeforeSteps, f)
	g.AppleSteps = mapSteps(g.AppleSteps, f)
	g.PortalSteps = mapSteps(g.PortalSteps, f)
	g.Errors = mapErrors(g.Errors, f)
	g.Sources = mapSources(g.Sources, f)
	return g
}

func mapStrings(ss []string, f func(string) string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = f(s)
	}
	return out
}

func mapSteps(ss []Step, f func(string) string) []Step {
	if ss == nil {
		return nil
	}
	out := make([]Step, len(ss))
	for i, s := range ss {
		s.Text, s.Detail, s.Note, s.Warning = f(s.Text), f(s.Detail), f(s.Note), f(s.Warning)
		out[i] = s
	}
	return out
}

func mapErrors(es []CommonError, f func(string) string) []CommonError {
	if es == nil {
		return nil
	}
	out := make([]CommonError, len(es))
	for i, e := range es {
		out[i] = CommonError{Symptom: f(e.Symptom), Cause: f(e.Cause), Fix: f(e.Fix)}
	}
	return out
}

func mapSources(ss []Source, f func(string) string) []Source {
	if ss == nil {
		return nil
	}
	out := make([]Source, len(ss))
	for i, s := range ss {
		out[i] = Source{ID: s.ID, Title: f(s.Title), URL: f(s.URL), Date: f(s.Date)}
	}
	return out
}

// Title is the portal's name as a menu lists it, marked when its steps come
// from a local playbook or from third-party pages.
func (p Portal) Title() string {
	switch {
	case p.Local:
		return p.Name + " (local playbook)"
	case p.Community:
		return p.Name + " (community-sourced)"
	}
	return p.Name
}

// Follows names the source the portal's guide for kind follows: its first
// source, or, for the generic guide, that it draws on several vendors'
// guides. Empty when the guide names none.
func (p Portal) Follows(kind token.Kind) string {
	srcs := p.Kinds[kind].Sources
	if len(srcs) == 0 {
		return ""
	}
	if p.ID == GenericID {
		return fmt.Sprintf("Generic steps, not one vendor's (from %d sources, the first: %s)", len(srcs), srcs[0].Title)
	}
	return fmt.Sprintf("Follows: %s (%s)", srcs[0].Title, srcs[0].Date)
}
