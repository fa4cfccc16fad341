package steps

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/mdmtoken/mdmtoken/token"
)

//go:embed data/apple/*.yaml data/portals/*.yaml
var builtinFS embed.FS

// GenericID is the id of the "Another MDM" guide, offered last.
const GenericID = "other"

// appleOrder is the order the Apple portal variants are offered in: the new
// design first, then the classic one, then schools.
var appleOrder = []string{"business", "abm", "asm"}

// Catalog holds the Apple portal variants and the MDM portal guides.
type Catalog struct {
	apples  []Apple
	portals []Portal
}

// Builtin loads and validates the guides embedded in the program. A fresh
// catalog is returned on every call, so AddPlaybooks on one does not change
// another.
func Builtin() (*Catalog, error) {
	c := &Catalog{}
	var errs []error
	for _, name := range embeddedFiles("data/apple") {
		data, _ := builtinFS.ReadFile(name)
		a, _, perrs := parseGuide(name, data, validateApple)
		errs = append(errs, perrs...)
		if len(perrs) == 0 {
			c.apples = append(c.apples, a)
		}
	}
	for _, name := range embeddedFiles("data/portals") {
		data, _ := builtinFS.ReadFile(name)
		p, root, perrs := parseGuide(name, data, validatePortal)
		if len(perrs) == 0 {
			perrs = toFileErrors(name, root, c.checkWording(p))
		}
		if len(perrs) == 0 {
			if prev := c.portal(p.ID); prev != nil {
				perrs = toFileErrors(name, root, []problem{{path: []any{"id"},
					msg: fmt.Sprintf("portal id %q is already used by %s", p.ID, prev.File)}})
			}
		}
		errs = append(errs, perrs...)
		if len(perrs) == 0 {
			p.File = name
			c.portals = append(c.portals, p)
		}
	}
	errs = append(errs, c.checkComplete()...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// checkComplete reports what every catalog needs: the three Apple variants
// with both kinds, unique Apple ids and the generic guide for both kinds.
func (c *Catalog) checkComplete() []error {
	var errs []error
	seen := map[string]bool{}
	for _, a := range c.apples {
		if seen[a.ID] {
			errs = append(errs, fmt.Errorf("Apple portal id %q is used twice", a.ID))
		}
		seen[a.ID] = true
		for _, k := range token.Renewable() {
			if _, ok := a.Kinds[k]; !ok {
				errs = append(errs, fmt.Errorf("Apple portal %q has no %s steps", a.ID, k))
			}
		}
	}
	for _, id := range appleOrder {
		if !seen[id] {
			errs = append(errs, fmt.Errorf("Apple portal %q is missing", id))
		}
	}
	g := c.portal(GenericID)
	for _, k := range token.Renewable() {
		if g == nil || g.Kinds[k].Steps == nil {
			errs = append(errs, fmt.Errorf("the generic guide %q has no %s steps", GenericID, k))
		}
	}
	return errs
}

// checkWording reports the apple_wording entries of a portal guide whose
// at: names no Apple step of that kind in any Apple variant.
func (c *Catalog) checkWording(p Portal) []problem {
	var ps []problem
	for _, k := range token.Renewable() {
		ids := c.appleStepIDs(k)
		for i, w := range p.Kinds[k].AppleWording {
			if strings.TrimSpace(w.At) == "" || slices.Contains(ids, w.At) {
				continue
			}
			ps = append(ps, problem{[]any{"kinds", string(k), "apple_wording", i, "at"},
				fmt.Sprintf("apple_wording at: %q is not the id of an Apple %s step (ids: %s)", w.At, k, strings.Join(ids, ", "))})
		}
	}
	return ps
}

// appleStepIDs lists the step ids of every Apple variant for kind, each
// once, in step order (a variant's own steps keep their order; ids only one
// variant has come right after the step before them).
func (c *Catalog) appleStepIDs(kind token.Kind) []string {
	var out []string
	for _, a := range c.ApplePortals() {
		pos := 0
		for _, st := range a.Kinds[kind].Steps {
			if st.ID == "" {
				continue
			}
			if i := slices.Index(out, st.ID); i >= 0 {
				pos = i + 1
				continue
			}
			out = slices.Insert(out, pos, st.ID)
			pos++
		}
	}
	return out
}

func embeddedFiles(dir string) []string {
	entries, _ := fs.ReadDir(builtinFS, dir)
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".yaml") {
			names = append(names, path.Join(dir, e.Name()))
		}
	}
	return names
}

func (c *Catalog) portal(id string) *Portal {
	for i := range c.portals {
		if c.portals[i].ID == id {
			return &c.portals[i]
		}
	}
	return nil
}

// ApplePortals lists the Apple portal variants: Apple Business (new design),
// Apple Business Manager (classic), Apple School Manager.
func (c *Catalog) ApplePortals() []Apple {
	out := slices.Clone(c.apples)
	rank := func(id string) int {
		if i := slices.Index(appleOrder, id); i >= 0 {
			return i
		}
		return len(appleOrder)
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i].ID) < rank(out[j].ID) })
	return out
}

// AllPortals lists every MDM portal: built-in ones by name, then local
// playbooks by name, then the generic "Another MDM" guide.
func (c *Catalog) AllPortals() []Portal {
	out := slices.Clone(c.portals)
	group := func(p Portal) int {
		switch {
		case p.ID == GenericID && !p.Local:
			return 2
		case p.Local:
			return 1
		}
		return 0
	}
	sort.SliceStable(out, func(i, j int) bool {
		gi, gj := group(out[i]), group(out[j])
		if gi != gj {
			return gi < gj
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out
}

// Portals lists the MDM portals that have a guide for kind, in the order of
// AllPortals.
func (c *Catalog) Portals(kind token.Kind) []Portal {
	var out []Portal
	for _, p := range c.AllPortals() {
		if _, ok := p.Kinds[kind]; ok {
			out = append(out, p)
		}
	}
	return out
}

// Guide merges the Apple side and the portal side of one renewal: caveats
// (Apple's, then the portal's), Apple steps (with the portal's apple_wording
// added to the steps it names), portal steps, common errors (the portal's,
// then Apple's) and sources (Apple's, then the portal's).
func (c *Catalog) Guide(kind token.Kind, appleID, portalID string) (Guide, error) {
	if !kind.IsRenewable() {
		return Guide{}, fmt.Errorf("unknown token kind %q (valid: vpp, dep)", kind)
	}
	var apple *Apple
	for i := range c.apples {
		if c.apples[i].ID == appleID {
			apple = &c.apples[i]
		}
	}
	if apple == nil {
		return Guide{}, fmt.Errorf("unknown Apple portal %q (valid: %s)", appleID, strings.Join(c.AppleIDs(), ", "))
	}
	portal := c.portal(portalID)
	if portal == nil {
		return Guide{}, fmt.Errorf("unknown MDM portal %q (valid: %s)", portalID, strings.Join(PortalIDs(c.AllPortals()), ", "))
	}
	ps, ok := portal.Kinds[kind]
	if !ok {
		return Guide{}, fmt.Errorf("%s has no %s guide (portals with one: %s)", portal.Name, kind, strings.Join(PortalIDs(c.Portals(kind)), ", "))
	}
	as := apple.Kinds[kind]
	g := Guide{
		Kind:        kind,
		Apple:       *apple,
		Portal:      *portal,
		FileName:    kind.FileName(),
		Caveats:     append(slices.Clone(as.Caveats), ps.Caveats...),
		AppleSteps:  withWording(as.Steps, ps.AppleWording, portal.Name),
		PortalSteps: slices.Clone(ps.Steps),
		Errors:      append(slices.Clone(ps.Errors), as.Errors...),
	}
	for _, s := range append(slices.Clone(as.Sources), ps.Sources...) {
		if !slices.Contains(g.Sources, s) {
			g.Sources = append(g.Sources, s)
		}
	}
	return g, nil
}

// withWording returns a copy of Apple's steps with the portal's wording
// added to the Detail of the steps it names, after the portal's name, in the
// order the portal guide gives it.
func withWording(apple []Step, ws []AppleWording, portalName string) []Step {
	out := slices.Clone(apple)
	for _, w := range ws {
		for i := range out {
			if out[i].ID != w.At {
				continue
			}
			text := "In the " + portalName + " guide: " + strings.TrimSpace(w.Text)
			if d := strings.TrimSpace(out[i].Detail); d != "" {
				text = d + " " + text
			}
			out[i].Detail = text
		}
	}
	return out
}

// KindList lists the token kinds the portal has a guide for, VPP first.
func (p Portal) KindList() []token.Kind {
	var out []token.Kind
	for _, k := range token.Renewable() {
		if _, ok := p.Kinds[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

// AppleIDs lists the ids of the Apple portal variants, in offer order.
func (c *Catalog) AppleIDs() []string {
	as := c.ApplePortals()
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}

// PortalIDs lists the ids of ps.
func PortalIDs(ps []Portal) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}
