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

// builtinFS holds the guides' source files. The program itself uses the
// values generated from them (Builtin).
//
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

// Builtin returns the guides built into the program. They are written in
// data/ and compiled into builtin_gen.go, which holds them as Go values:
// nothing is parsed or validated at run time, so a command pays nothing
// for the guides until it uses them (TestBuiltinGenerated keeps the file
// in step with data/ and validates it; go generate rewrites it). The error
// is nil; it is there for catalogs that are loaded. A fresh catalog is
// returned on every call, so AddPlaybooks on one does not change another.
func Builtin() (*Catalog, error) {
	return &Catalog{apples: builtinApples(), portals: builtinPortals()}, nil
}

//go:generate go test -run ^TestBuiltinGenerated$ -update .

// parseBuiltin loads and validates the guides in data/: what builtin_gen.go
// is generated from.
func parseBuiltin() (*Catalog, error) {
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
	// The generic guide first: the others' generic steps refer to it.
	portals := embeddedFiles("data/portals")
	sort.SliceStable(portals, func(i, j int) bool { return path.Base(portals[i]) == GenericID+".yaml" })
	for _, name := range portals {
		data, _ := builtinFS.ReadFile(name)
		p, f, perrs := parseGuide(name, data, validateBuiltinPortal)
		if len(perrs) == 0 {
			perrs = f.errors(c.checkPortal(&p))
		}
		if len(perrs) == 0 {
			if prev := c.portal(p.ID); prev != nil {
				perrs = f.errors([]problem{{path: []any{"id"},
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
// with the kinds that have no Apple side of their own, one Apple side for
// each of the others, unique Apple ids and the generic guide for every kind.
func (c *Catalog) checkComplete() []error {
	var errs []error
	seen := map[string]bool{}
	for _, a := range c.apples {
		if seen[a.ID] {
			errs = append(errs, fmt.Errorf("Apple portal id %q is used twice", a.ID))
		}
		seen[a.ID] = true
	}
	for _, k := range Kinds() {
		var own []string
		for _, a := range c.apples {
			if _, ok := a.Kinds[k]; ok && a.EveryVariant {
				own = append(own, a.ID)
			}
		}
		for _, a := range c.apples {
			_, ok := a.Kinds[k]
			switch {
			case a.EveryVariant:
			case len(own) == 0 && !ok:
				errs = append(errs, fmt.Errorf("Apple portal %q has no %s steps", a.ID, k))
			case len(own) > 0 && ok:
				errs = append(errs, fmt.Errorf("Apple portal %q has %s steps, but %s is Apple's side of %s for every variant", a.ID, k, own[0], k))
			}
		}
		if len(own) > 1 {
			errs = append(errs, fmt.Errorf("%s have %s steps for every variant: keep one", strings.Join(own, " and "), k))
		}
	}
	for _, id := range appleOrder {
		if !seen[id] {
			errs = append(errs, fmt.Errorf("Apple portal %q is missing", id))
		}
	}
	g := c.portal(GenericID)
	for _, k := range Kinds() {
		if g == nil || g.Kinds[k].Steps == nil {
			errs = append(errs, fmt.Errorf("the generic guide %q has no %s steps", GenericID, k))
		}
	}
	return errs
}

// checkPortal reports what a portal guide needs the catalog for: its
// apple_wording must name Apple steps, and its generic steps steps of the
// generic guide, which fill them in. The generic guide's own steps are
// marked generic.
func (c *Catalog) checkPortal(p *Portal) []problem {
	ps := c.checkWording(*p)
	if p.ID == GenericID && !p.Local {
		for k, side := range p.Kinds {
			for _, list := range [][]Step{side.Before, side.Steps} {
				for i := range list {
					list[i].Generic = list[i].ID
				}
			}
			p.Kinds[k] = side
		}
		return ps
	}
	g := c.portal(GenericID)
	for _, k := range Kinds() {
		side, ok := p.Kinds[k]
		if !ok {
			continue
		}
		for _, list := range []stepList{{"before", side.Before}, {"steps", side.Steps}} {
			for i, st := range list.steps {
				if st.Generic == "" {
					continue
				}
				at := []any{"kinds", string(k), list.key, i, "generic"}
				gst, ok := g.genericStep(k, st.Generic)
				switch {
				case !ok:
					ps = append(ps, problem{at, fmt.Sprintf("generic: %q is not a step of the generic %s guide (ids: %s)", st.Generic, k, strings.Join(g.stepIDs(k), ", "))})
				case gst.Upload != st.Upload && gst.Upload:
					ps = append(ps, problem{at, fmt.Sprintf("generic step %q is the upload step: mark it upload: true", st.Generic)})
				case gst.Upload != st.Upload:
					ps = append(ps, problem{at, fmt.Sprintf("generic step %q is not the upload step: leave out upload: true", st.Generic)})
				default:
					list.steps[i] = gst
				}
			}
		}
	}
	return ps
}

// genericStep is the step with id among the generic guide's steps of kind.
func (p *Portal) genericStep(kind token.Kind, id string) (Step, bool) {
	if p == nil {
		return Step{}, false
	}
	side := p.Kinds[kind]
	for _, st := range slices.Concat(side.Before, side.Steps) {
		if st.ID == id {
			return st, true
		}
	}
	return Step{}, false
}

// stepIDs lists the ids of p's steps of kind, before steps first.
func (p *Portal) stepIDs(kind token.Kind) []string {
	if p == nil {
		return nil
	}
	var ids []string
	side := p.Kinds[kind]
	for _, st := range slices.Concat(side.Before, side.Steps) {
		if st.ID != "" {
			ids = append(ids, st.ID)
		}
	}
	return ids
}

// checkWording reports the apple_wording entries of a portal guide whose
// at: names no Apple step of that kind in any Apple variant.
func (c *Catalog) checkWording(p Portal) []problem {
	var ps []problem
	for _, k := range Kinds() {
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

// appleStepIDs lists the step ids of every Apple side for kind, each
// once, in step order (a variant's own steps keep their order; ids only one
// variant has come right after the step before them).
func (c *Catalog) appleStepIDs(kind token.Kind) []string {
	var out []string
	for _, a := range c.applesFor(kind) {
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

// applesFor lists the Apple sides for kind: its own Apple portal if it has
// one, else the variants, in offer order.
func (c *Catalog) applesFor(kind token.Kind) []Apple {
	if a, ok := c.KindApple(kind); ok {
		return []Apple{a}
	}
	return c.ApplePortals()
}

// KindApple is the Apple portal of a kind that has one for every variant
// (the Push Certificates Portal for the push certificate): the user does
// not choose an Apple portal for it.
func (c *Catalog) KindApple(kind token.Kind) (Apple, bool) {
	for _, a := range c.apples {
		if _, ok := a.Kinds[kind]; ok && a.EveryVariant {
			return a, true
		}
	}
	return Apple{}, false
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

// ApplePortals lists the Apple portal variants to choose from: Apple
// Business (new design), Apple Business Manager (classic), Apple School
// Manager. A kind's own Apple portal (KindApple) is not among them.
func (c *Catalog) ApplePortals() []Apple {
	var out []Apple
	for _, a := range c.apples {
		if !a.EveryVariant {
			out = append(out, a)
		}
	}
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

// Follows is Portal.Follows for the portal question: for the generic
// guide, it also names the portals that have guides for other kinds but
// not this one, so that it is clear which to choose for them.
func (c *Catalog) Follows(p Portal, kind token.Kind) string {
	s := p.Follows(kind)
	if p.ID != GenericID {
		return s
	}
	var without []string
	for _, o := range c.AllPortals() {
		if _, ok := o.Kinds[kind]; !ok && o.ID != GenericID && len(o.Kinds) > 0 {
			without = append(without, o.Name)
		}
	}
	if len(without) == 0 {
		return s
	}
	return s + ". Also for " + strings.Join(without, ", ") + ": no steps of theirs for the " + kind.Noun() + " are bundled."
}

// NoGuideError says that a portal has no guide for a kind, and which kinds
// it has: the wizard and guide offer those, or the generic guide.
type NoGuideError struct {
	Portal Portal
	Kind   token.Kind
	Kinds  []token.Kind // the kinds Portal has a guide for
	With   []string     // ids of the portals with a guide for Kind
}

func (e *NoGuideError) Error() string {
	msg := fmt.Sprintf("%s has no guide for the %s: no vendor steps for it are bundled", e.Portal.Name, e.Kind.Noun())
	var others []string
	for _, k := range e.Kinds {
		others = append(others, "--kind "+string(k))
	}
	if len(others) > 0 {
		msg += fmt.Sprintf(". It has one for %s", strings.Join(others, " and "))
	}
	return msg + fmt.Sprintf(". --portal %s gives the generic %s steps; portals with a %s guide: %s",
		GenericID, e.Kind, e.Kind, strings.Join(e.With, ", "))
}

// Guide merges the Apple side and the portal side of one renewal: caveats
// (Apple's, then the portal's), Apple steps (with the portal's apple_wording
// added to the steps it names), portal steps, common errors (the portal's,
// then Apple's) and sources (Apple's, then the portal's). The portal's
// generic steps carry a note saying so. For a kind with its own Apple
// portal (push), appleID may be empty, that portal's id or any variant's.
// A portal without a guide for kind gives a *NoGuideError.
func (c *Catalog) Guide(kind token.Kind, appleID, portalID string) (Guide, error) {
	if !slices.Contains(Kinds(), kind) {
		return Guide{}, fmt.Errorf("unknown token kind %q (valid: %s)", kind, kindIDs())
	}
	apple, own := c.KindApple(kind)
	if !own || (appleID != "" && appleID != apple.ID) {
		i := slices.IndexFunc(c.apples, func(a Apple) bool { return a.ID == appleID && !a.EveryVariant })
		if i < 0 {
			return Guide{}, fmt.Errorf("unknown Apple portal %q (valid: %s)", appleID, strings.Join(c.AppleIDs(), ", "))
		}
		if !own {
			apple = c.apples[i]
		}
	}
	portal := c.portal(portalID)
	if portal == nil {
		return Guide{}, fmt.Errorf("unknown MDM portal %q (valid: %s)", portalID, strings.Join(PortalIDs(c.AllPortals()), ", "))
	}
	ps, ok := portal.Kinds[kind]
	if !ok {
		return Guide{}, c.noGuide(*portal, kind)
	}
	as := apple.Kinds[kind]
	g := Guide{
		Kind:     kind,
		Apple:    apple,
		Portal:   *portal,
		FileName: kind.FileName(),
		Coverage: portal.Coverage(kind),
		Caveats:  append(slices.Clone(as.Caveats), ps.Caveats...),
		Errors:   append(slices.Clone(ps.Errors), as.Errors...),
	}
	g.AppleSteps = withWording(as.Steps, ps.AppleWording, portal.Name)
	g.BeforeSteps, g.PortalSteps = slices.Clone(ps.Before), slices.Clone(ps.Steps)
	if !g.Coverage.Generic {
		afterVendor := len(ps.Before) > 0 && ps.Before[len(ps.Before)-1].Generic == ""
		g.BeforeSteps = labelGeneric(g.BeforeSteps, portal.Name, false)
		g.PortalSteps = labelGeneric(g.PortalSteps, portal.Name, afterVendor)
	}
	// The same document cited by Apple's side and the portal's is listed
	// once; each side names it by its own id.
	for _, s := range append(slices.Clone(as.Sources), ps.Sources...) {
		if !slices.ContainsFunc(g.Sources, func(o Source) bool { return o.Title == s.Title && o.URL == s.URL && o.Date == s.Date }) {
			g.Sources = append(g.Sources, s)
		}
	}
	return g, nil
}

// labelGeneric adds to the note of each generic step in a vendor's guide
// that it is generic: where the vendor's steps stop, where they have not
// begun, and where they start again after generic ones. afterVendor says
// that the step before the first of these was the vendor's (the portal's
// steps after Apple's continue those before). steps is a copy.
func labelGeneric(steps []Step, portalName string, afterVendor bool) []Step {
	guide := "The " + portalName + " guide"
	for i := range steps {
		generic := steps[i].Generic != ""
		prevGeneric := i > 0 && steps[i-1].Generic != ""
		prevVendor := (i > 0 && !prevGeneric) || (i == 0 && afterVendor)
		runOfOne := i+1 == len(steps) || steps[i+1].Generic == ""
		var label string
		switch {
		case generic && prevGeneric:
			label = "Generic step: not from the " + portalName + " guide."
		case generic && prevVendor && runOfOne:
			label = guide + " stops here; this step is generic."
		case generic && prevVendor:
			label = guide + " stops here; generic steps follow."
		case generic && runOfOne:
			label = guide + " does not cover this step; it is generic."
		case generic:
			label = guide + " does not cover this part; generic steps follow."
		case prevGeneric:
			label = "From here on the steps follow the " + portalName + " guide again."
		default:
			continue
		}
		steps[i].Note = strings.TrimSpace(label + " " + steps[i].Note)
	}
	return steps
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

// KindList lists the kinds the portal has a guide for, in the order of
// Kinds: VPP, DEP, push.
func (p Portal) KindList() []token.Kind {
	var out []token.Kind
	for _, k := range Kinds() {
		if _, ok := p.Kinds[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

// KindsFor lists the kinds the portal with id has a guide for (nil for an
// unknown id): what the wizard offers when a portal lacks the chosen kind.
func (c *Catalog) KindsFor(portalID string) []token.Kind {
	if p := c.portal(portalID); p != nil {
		return p.KindList()
	}
	return nil
}

// HasGuide is nil when the portal has a guide for kind, a *NoGuideError when
// it has none, and another error when there is no such portal.
func (c *Catalog) HasGuide(kind token.Kind, portalID string) error {
	p := c.portal(portalID)
	switch {
	case p == nil:
		return fmt.Errorf("unknown MDM portal %q (valid: %s)", portalID, strings.Join(PortalIDs(c.AllPortals()), ", "))
	case !slices.Contains(p.KindList(), kind):
		return c.noGuide(*p, kind)
	}
	return nil
}

func (c *Catalog) noGuide(p Portal, kind token.Kind) *NoGuideError {
	return &NoGuideError{Portal: p, Kind: kind, Kinds: p.KindList(), With: PortalIDs(c.Portals(kind))}
}

// Coverage says where the portal's steps for kind come from.
func (p Portal) Coverage(kind token.Kind) Coverage {
	cv := Coverage{Community: p.Community, Local: p.Local, Generic: p.ID == GenericID && !p.Local}
	side := p.Kinds[kind]
	for _, st := range slices.Concat(side.Before, side.Steps) {
		cv.Partial = cv.Partial || (st.Generic != "" && !cv.Generic)
	}
	return cv
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
