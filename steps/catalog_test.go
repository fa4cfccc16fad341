package steps

import (
	"strings"
	"testing"
	"unicode/utf8"
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
	for _, k := range Kinds() {
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
				if k == DEP && !strings.Contains(strings.ToLower(last.Warning), "invalidates the old one") {
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
		kind          Kind
		apple, portal string
		want          []string
	}{
		{"xyz", "abm", "relution", []string{`"xyz"`, "vpp, dep"}},
		{VPP, "nope", "relution", []string{`"nope"`, "business, abm, asm"}},
		{VPP, "abm", "nope", []string{`"nope"`, "relution", "hexnode", "other"}},
		{VPP, "abm", "hexnode", []string{"no vpp guide", "relution"}},
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
	g, err := c.Guide(DEP, "abm", "hexnode")
	if err != nil {
		t.Fatal(err)
	}
	apple := c.apples[0]
	for _, a := range c.apples {
		if a.ID == "abm" {
			apple = a
		}
	}
	if g.Caveats[0] != apple.Kinds[DEP].Caveats[0] {
		t.Errorf("Apple's caveats must come first")
	}
	if g.Errors[0] != c.portal("hexnode").Kinds[DEP].Errors[0] {
		t.Errorf("the portal's errors must come first")
	}
	g.AppleSteps[0].Text = "changed"
	g2, _ := c.Guide(DEP, "abm", "hexnode")
	if g2.AppleSteps[0].Text == "changed" {
		t.Errorf("Guide must return copies, not the catalog's slices")
	}
}
