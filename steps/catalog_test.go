package steps

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mdmtoken/mdmtoken/token"
)

func mustBuiltin(t *testing.T) *Catalog {
	t.Helper()
	c, err := Builtin()
	if err != nil {
		t.Fatalf("built-in guides do not validate:\n%v", err)
	}
	return c
}

func TestBuiltinLoads(t *testing.T) {
	c := mustBuiltin(t)
	var got []string
	for _, a := range c.ApplePortals() {
		got = append(got, a.ID)
	}
	if strings.Join(got, ",") != "business,abm,asm" {
		t.Errorf("ApplePortals order = %v, want business, abm, asm", got)
	}
	all := c.AllPortals()
	if len(all) == 0 || all[len(all)-1].ID != GenericID {
		t.Errorf("the generic guide must come last, got %v", PortalIDs(all))
	}
	for _, id := range []string{"relution", "hexnode", "other"} {
		if c.portal(id) == nil {
			t.Errorf("built-in portal %q is missing", id)
		}
	}
}

// TestEveryGuide builds every (kind, Apple, portal) combination and checks
// what the wizard relies on.
func TestEveryGuide(t *testing.T) {
	c := mustBuiltin(t)
	n := 0
	for _, k := range token.Renewable() {
		for _, a := range c.ApplePortals() {
			for _, p := range c.Portals(k) {
				g, err := c.Guide(k, a.ID, p.ID)
				if err != nil {
					t.Errorf("Guide(%s, %s, %s): %v", k, a.ID, p.ID, err)
					continue
				}
				n++
				name := string(k) + "/" + a.ID + "/" + p.ID
				if len(g.AppleSteps) == 0 || len(g.PortalSteps) == 0 {
					t.Errorf("%s: Apple steps %d, portal steps %d", name, len(g.AppleSteps), len(g.PortalSteps))
				}
				uploads := 0
				for _, s := range g.PortalSteps {
					if s.Upload {
						uploads++
					}
				}
				if uploads != 1 {
					t.Errorf("%s: %d upload steps, want 1", name, uploads)
				}
				last := g.AppleSteps[len(g.AppleSteps)-1]
				if !last.Download {
					t.Errorf("%s: the Apple steps must end with the download step", name)
				}
				if k == token.KindDEP && !strings.Contains(strings.ToLower(last.Warning), "invalidates the old one") {
					t.Errorf("%s: the DEP download step must warn that the old token is invalidated", name)
				}
				dated := false
				for _, s := range g.Sources {
					dated = dated || Dated(s.Date)
				}
				if !dated {
					t.Errorf("%s: no source with a date", name)
				}
				if g.FileName == "" || len(g.Errors) == 0 || len(g.Caveats) == 0 {
					t.Errorf("%s: FileName %q, %d errors, %d caveats", name, g.FileName, len(g.Errors), len(g.Caveats))
				}
			}
		}
	}
	for _, p := range c.AllPortals() {
		if len(p.KindList()) == 0 {
			t.Errorf("portal %s has no guide", p.ID)
		}
	}
	if n == 0 {
		t.Error("no guide built")
	}
}

// TestStepTextsFit keeps instructions to one or two sentences that read on
// an 80-column terminal; longer explanations belong in detail.
func TestStepTextsFit(t *testing.T) {
	c := mustBuiltin(t)
	check := func(where string, s Step) {
		if n := utf8.RuneCountInString(s.Text); n > 140 {
			t.Errorf("%s: step text is %d characters, keep it under 140: %q", where, n, s.Text)
		}
		if strings.Count(strings.TrimSuffix(s.Text, "."), ". ") > 1 {
			t.Errorf("%s: step text has more than two sentences: %q", where, s.Text)
		}
	}
	for _, a := range c.ApplePortals() {
		for k, side := range a.Kinds {
			for _, s := range side.Steps {
				check(a.ID+"/"+string(k), s)
			}
		}
	}
	for _, p := range c.AllPortals() {
		for k, side := range p.Kinds {
			for _, s := range side.Steps {
				check(p.ID+"/"+string(k), s)
			}
		}
	}
}

func TestGuideUnknownIDs(t *testing.T) {
	c := mustBuiltin(t)
	for _, tc := range []struct {
		kind          token.Kind
		apple, portal string
		want          []string
	}{
		{"xyz", "abm", "relution", []string{`"xyz"`, "vpp, dep, push"}},
		{token.KindVPP, "nope", "relution", []string{`"nope"`, "business, abm, asm"}},
		{token.KindVPP, "abm", "nope", []string{`"nope"`, "relution", "hexnode", "other"}},
		{token.KindVPP, "abm", "hexnode", []string{"Hexnode UEM has no guide for the VPP content token", "It has one for --kind dep", "--portal other", "relution"}},
	} {
		_, err := c.Guide(tc.kind, tc.apple, tc.portal)
		if err == nil {
			t.Errorf("Guide(%s, %s, %s): no error", tc.kind, tc.apple, tc.portal)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Guide(%s, %s, %s) error %q lacks %q", tc.kind, tc.apple, tc.portal, err, w)
			}
		}
	}
}

func TestGuideMergeOrder(t *testing.T) {
	c := mustBuiltin(t)
	g, err := c.Guide(token.KindDEP, "abm", "hexnode")
	if err != nil {
		t.Fatal(err)
	}
	apple := c.apples[0]
	for _, a := range c.apples {
		if a.ID == "abm" {
			apple = a
		}
	}
	if g.Caveats[0] != apple.Kinds[token.KindDEP].Caveats[0] {
		t.Errorf("Apple's caveats must come first")
	}
	if g.Errors[0] != c.portal("hexnode").Kinds[token.KindDEP].Errors[0] {
		t.Errorf("the portal's errors must come first")
	}
	g.AppleSteps[0].Text = "changed"
	g2, _ := c.Guide(token.KindDEP, "abm", "hexnode")
	if g2.AppleSteps[0].Text == "changed" {
		t.Errorf("Guide must return copies, not the catalog's slices")
	}
}

// TestAppleWording checks that a portal's apple_wording reaches the Apple
// step it names, named after the portal, and only that portal's guides.
func TestAppleWording(t *testing.T) {
	c := mustBuiltin(t)
	stepByID := func(g Guide, id string) Step {
		t.Helper()
		for _, s := range g.AppleSteps {
			if s.ID == id {
				return s
			}
		}
		t.Fatalf("%s/%s/%s: no Apple step %q", g.Kind, g.Apple.ID, g.Portal.ID, id)
		return Step{}
	}
	g, err := c.Guide(token.KindDEP, "abm", "relution")
	if err != nil {
		t.Fatal(err)
	}
	menu := stepByID(g, "menu")
	if !strings.Contains(menu.Detail, "In the Relution guide: click the logged-in user in the bottom left corner") {
		t.Errorf("Relution's wording is not on the menu step: %q", menu.Detail)
	}
	if strings.Contains(menu.Detail, "Hexnode") {
		t.Errorf("a Relution guide shows Hexnode's wording: %q", menu.Detail)
	}
	// The catalog's own Apple step is not changed by the merge.
	for _, a := range c.apples {
		for _, s := range a.Kinds[token.KindDEP].Steps {
			if strings.Contains(s.Detail, "In the ") {
				t.Errorf("Guide changed the catalog's Apple step %s/%s: %q", a.ID, s.ID, s.Detail)
			}
		}
	}
	// Apple's own detail comes first, the portal's wording after it.
	g, _ = c.Guide(token.KindDEP, "abm", "hexnode")
	dl := stepByID(g, "download")
	if !strings.HasPrefix(dl.Detail, "Apple asks:") || !strings.Contains(dl.Detail, "In the Hexnode UEM guide: click on Download Token.") {
		t.Errorf("download detail = %q", dl.Detail)
	}
	// A variant without the named step (the new design has no menu under
	// your name) simply goes without that wording.
	g, _ = c.Guide(token.KindDEP, "business", "hexnode")
	for _, s := range g.AppleSteps {
		if strings.Contains(s.Detail, "bottom left corner") {
			t.Errorf("business step %s got the classic menu wording: %q", s.ID, s.Detail)
		}
	}
	if !strings.Contains(stepByID(g, "download").Detail, "In the Hexnode UEM guide:") {
		t.Error("business download step lacks Hexnode's wording")
	}
}

// TestAppleStepsVendorNeutral keeps the Apple steps free of MDM vendors'
// wording: that belongs in the portal guide's apple_wording, so that a
// user of one MDM does not read another's.
func TestAppleStepsVendorNeutral(t *testing.T) {
	c := mustBuiltin(t)
	var names []string
	for _, p := range c.AllPortals() {
		if p.ID != GenericID {
			names = append(names, p.Name, p.ID, strings.Fields(p.Name)[0]+":", strings.Fields(p.Name)[0]+"'s")
		}
	}
	for _, a := range c.ApplePortals() {
		for _, k := range token.Renewable() {
			for _, s := range a.Kinds[k].Steps {
				text := strings.ToLower(s.Text + " " + s.Detail + " " + s.Note + " " + s.Warning)
				for _, n := range names {
					if containsWord(text, strings.ToLower(n)) {
						t.Errorf("Apple step %s/%s/%s names %q: move the vendor's wording to its portal guide's apple_wording", a.ID, k, s.ID, n)
						break
					}
				}
			}
		}
	}
}

// containsWord reports whether w occurs in s not inside a longer word.
func containsWord(s, w string) bool {
	isLetter := func(r byte) bool { return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' }
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(w)
		if (j == 0 || !isLetter(s[j-1])) && (end == len(s) || !isLetter(s[end]) || !isLetter(w[len(w)-1])) {
			return true
		}
		i = j + 1
	}
}

// TestAppleStepIDs checks that every Apple step has an id and that the
// variants share ids for the same step.
func TestAppleStepIDs(t *testing.T) {
	c := mustBuiltin(t)
	want := map[token.Kind]string{
		token.KindVPP:  "sign-in, menu, payments, download",
		token.KindDEP:  "sign-in, menu, services, server, download",
		token.KindPush: "sign-in, find, renew, request, download",
	}
	for _, k := range token.Renewable() {
		if got := strings.Join(c.appleStepIDs(k), ", "); got != want[k] {
			t.Errorf("%s Apple step ids = %s, want %s", k, got, want[k])
		}
	}
	for _, a := range c.ApplePortals() {
		for _, k := range token.Renewable() {
			if _, own := c.KindApple(k); own {
				continue // renewed in its own Apple portal, not in these
			}
			steps := a.Kinds[k].Steps
			if id := steps[len(steps)-1].ID; id != "download" {
				t.Errorf("%s/%s: the download step has id %q, want download", a.ID, k, id)
			}
		}
	}
}

// TestFollowsNamesWhatTheGenericGuideIsFor: on the portal question, the
// generic guide names the portals with no guide of that kind, which is
// where they are found; a vendor's portal names its source.
func TestFollowsNamesWhatTheGenericGuideIsFor(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	generic := c.portal(GenericID)
	if generic == nil {
		t.Fatal("no generic guide")
	}
	s := c.Follows(*generic, token.KindPush)
	if !strings.Contains(s, "Also for ") || !strings.Contains(s, "Relution") || !strings.HasSuffix(s, "no steps of theirs for the APNs push certificate are bundled.") {
		t.Errorf("generic, push: %q", s)
	}
	for _, p := range c.Portals(token.KindPush) {
		if p.ID != GenericID && strings.Contains(s, p.Name+",") {
			t.Errorf("%s has push steps, yet the generic guide says it has none: %q", p.Name, s)
		}
		if p.ID != GenericID && c.Follows(p, token.KindPush) != p.Follows(token.KindPush) {
			t.Errorf("%s: %q", p.Name, c.Follows(p, token.KindPush))
		}
	}
}
