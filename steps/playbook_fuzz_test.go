package steps

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParsePlaybook feeds the playbook loader arbitrary text: it must
// never panic, every problem must be a FileError naming the file, and a
// playbook it accepts must build a guide for each of its kinds with one
// upload step and no control character in its text.
func FuzzParsePlaybook(f *testing.F) {
	f.Add([]byte(goodPlaybook))
	f.Add([]byte(pushPlaybook))
	f.Add([]byte(strings.Replace(goodPlaybook, "      - text: Open Settings > Apple > VPP in the ACME console.\n", "      - generic: find\n", 1)))
	f.Add([]byte("id: x\nname: \"\\e]52;c;eA==\\a\"\nkinds: {dep: {steps: [{text: a, upload: true}], sources: [{title: t, date: d}]}}\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	c, err := Builtin()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > MaxPlaybookSize {
			return
		}
		p, errs := parsePlaybook("fuzz.yaml", data, c.checkPortal)
		for _, err := range errs {
			var fe *FileError
			if !errors.As(err, &fe) || fe.File != "fuzz.yaml" {
				t.Fatalf("error %v does not name the file", err)
			}
		}
		if len(errs) > 0 {
			return
		}
		if !validID(p.ID) || len(p.KindList()) == 0 {
			t.Fatalf("accepted id %q with kinds %v", p.ID, p.KindList())
		}
		cc := *c
		cc.portals = append(c.AllPortals(), p.Portal)
		for _, k := range p.KindList() {
			g, err := cc.Guide(k, "abm", p.ID)
			if err != nil {
				t.Fatalf("accepted playbook has no %s guide: %v", k, err)
			}
			uploads := 0
			for _, s := range g.PortalSteps {
				if s.Upload {
					uploads++
				}
				for _, text := range []string{s.Text, s.Detail, s.Note, s.Warning} {
					if strings.ContainsFunc(text, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }) {
						t.Fatalf("control character in step text %q", text)
					}
				}
			}
			if uploads != 1 {
				t.Fatalf("%s guide has %d upload steps", k, uploads)
			}
		}
	})
}
