package steps

import (
	"errors"
	"strings"
	"testing"

	"github.com/mdmtoken/mdmtoken/token"
)

// lineWith is the 1-based line of the first line of s that contains sub.
func lineWith(t *testing.T, s, sub string) int {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		t.Fatalf("%q not in the test document", sub)
	}
	return strings.Count(s[:i], "\n") + 1
}

const pushPlaybook = `id: acme-push
name: ACME MDM
kinds:
  push:
    before:
      - text: Open Settings > Apple > Push in the ACME console and click Renew.
      - generic: request
    steps:
      - generic: upload
        upload: true
      - text: Click Save.
    sources:
      - title: ACME wiki, push certificate
        date: "2026-01-10"
`

// TestSourcedOrGeneric checks the rules that keep vendor words out of
// generic steps and every step traced to a source: each broken file gives
// one error on the line named by its marker.
func TestSourcedOrGeneric(t *testing.T) {
	cases := map[string]struct {
		body, marker, want string
	}{
		"generic with words": {
			body:   strings.Replace(goodPlaybook, "      - text: Open Settings > Apple > VPP in the ACME console.\n", "      - generic: find\n        text: Open ACME > Apple.\n", 1),
			marker: "generic: find", want: `a generic step takes its words from the generic guide's step "find"`,
		},
		"unknown generic": {
			body:   strings.Replace(goodPlaybook, "      - text: Open Settings > Apple > VPP in the ACME console.\n", "      - generic: login\n", 1),
			marker: "generic: login", want: `generic: "login" is not a step of the generic vpp guide (ids: find, open, renew, upload, check)`,
		},
		"generic upload unmarked": {
			body:   strings.Replace(goodPlaybook, "      - text: Click Replace token and choose the new file.\n        upload: true\n", "      - generic: upload\n      - text: Click Replace token.\n        upload: true\n", 1),
			marker: "generic: upload", want: `generic step "upload" is the upload step: mark it upload: true`,
		},
		"generic marked upload": {
			body:   strings.Replace(goodPlaybook, "      - text: Click Replace token and choose the new file.\n        upload: true\n", "      - generic: check\n        upload: true\n", 1),
			marker: "generic: check", want: `generic step "check" is not the upload step`,
		},
		"unknown from": {
			body:   strings.Replace(goodPlaybook, "        upload: true\n", "        upload: true\n        from: [wiki]\n", 1),
			marker: "from: [wiki]", want: `from: "wiki" is not the id of one of this guide's sources`,
		},
		"before for a token": {
			body:   strings.Replace(goodPlaybook, "    steps:\n", "    before:\n      - text: Ask the ACME admin first.\n    steps:\n", 1),
			marker: "before:", want: "before is only for the push certificate",
		},
		"push without before": {
			body:   strings.Replace(pushPlaybook, "    before:\n      - text: Open Settings > Apple > Push in the ACME console and click Renew.\n      - generic: request\n", "", 1),
			marker: "    steps:", want: "a push certificate guide needs before:",
		},
		"upload before Apple": {
			body:   strings.Replace(pushPlaybook, "      - generic: request\n", "      - text: Upload the certificate.\n        upload: true\n", 1),
			marker: "Upload the certificate.", want: "a before step cannot be an upload or download step",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"p.yaml": tc.body})
			errs := mustBuiltin(t).AddPlaybooks(dir)
			var fe *FileError
			if len(errs) != 1 || !errors.As(errs[0], &fe) {
				t.Fatalf("want one error, got %v", errs)
			}
			if line := lineWith(t, tc.body, tc.marker); fe.Line != line || !strings.Contains(fe.Msg, tc.want) {
				t.Errorf("got %v, want line %d and %q", fe, line, tc.want)
			}
		})
	}
}

// TestPushPlaybook loads a playbook with generic steps: they take the
// generic guide's words and say that they are generic, and the guide is
// partial.
func TestPushPlaybook(t *testing.T) {
	c := mustBuiltin(t)
	if errs := c.AddPlaybooks(writeFiles(t, map[string]string{"push.yaml": pushPlaybook})); len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, apple := range []string{"", "pushcert", "abm"} {
		g, err := c.Guide(token.KindPush, apple, "acme-push")
		if err != nil {
			t.Fatalf("apple %q: %v", apple, err)
		}
		if g.Apple.ID != "pushcert" {
			t.Errorf("apple %q: the push certificate's Apple side is %q, want pushcert", apple, g.Apple.ID)
		}
		if len(g.BeforeSteps) != 2 || len(g.PortalSteps) != 2 {
			t.Fatalf("before %d, after %d steps", len(g.BeforeSteps), len(g.PortalSteps))
		}
		req, up, save := g.BeforeSteps[1], g.PortalSteps[0], g.PortalSteps[1]
		if !strings.Contains(req.Text, "request file") || !strings.HasPrefix(req.Note, "The ACME MDM guide stops here; this step is generic.") {
			t.Errorf("generic request step: %+v", req)
		}
		if !up.Upload || up.Generic != "upload" || !strings.HasPrefix(up.Note, "The ACME MDM guide does not cover this step; it is generic.") {
			t.Errorf("generic upload step: %+v", up)
		}
		if save.Generic != "" || !strings.HasPrefix(save.Note, "From here on the steps follow the ACME MDM guide again.") {
			t.Errorf("the playbook's own step after generic ones: %+v", save)
		}
		if got := g.Coverage.String(); got != "local playbook, partial" {
			t.Errorf("coverage %q", got)
		}
	}
	// The catalog's copy of the generic guide is not changed by the labels.
	for _, st := range c.portal(GenericID).Kinds[token.KindPush].Steps {
		if strings.Contains(st.Note, "ACME") {
			t.Errorf("the generic guide's step %s got a playbook's label: %q", st.ID, st.Note)
		}
	}
	if _, err := c.Guide(token.KindPush, "nope", "acme-push"); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("an unknown --apple with push: %v", err)
	}
}

// TestBuiltinStepsNameSources checks that a built-in guide with several
// sources must say which one each step follows, while a playbook need not.
func TestBuiltinStepsNameSources(t *testing.T) {
	body := strings.Replace(goodPlaybook, "        date: \"2026-01-10\"\n", "        date: \"2026-01-10\"\n      - title: ACME release notes\n        date: \"2026-02\"\n", 1)
	_, _, errs := parseGuide("b.yaml", []byte(body), validateBuiltinPortal)
	if len(errs) != 2 || !strings.Contains(errs[0].Error(), "this step needs from:") {
		t.Errorf("built-in: want two steps without from:, got %v", errs)
	}
	if _, _, errs := parseGuide("p.yaml", []byte(body), validatePlaybook); len(errs) != 0 {
		t.Errorf("playbook: %v", errs)
	}
	with := strings.Replace(strings.Replace(body, "      - title: ACME internal wiki", "      - id: wiki\n        title: ACME internal wiki", 1),
		"        upload: true\n", "        upload: true\n        from: [wiki]\n", 1)
	with = strings.Replace(with, "      - text: Open Settings > Apple > VPP in the ACME console.\n", "      - text: Open Settings > Apple > VPP in the ACME console.\n        from: [wiki]\n", 1)
	if _, _, errs := parseGuide("b.yaml", []byte(with), validateBuiltinPortal); len(errs) != 0 {
		t.Errorf("built-in with from: %v", errs)
	}
}

// TestKindsFor checks what the wizard asks when a portal lacks a kind.
func TestKindsFor(t *testing.T) {
	c := mustBuiltin(t)
	if got := c.KindsFor("hexnode"); len(got) != 1 || got[0] != token.KindDEP {
		t.Errorf("KindsFor(hexnode) = %v", got)
	}
	if got := c.KindsFor("jamf"); len(got) != 3 {
		t.Errorf("KindsFor(jamf) = %v", got)
	}
	if got := c.KindsFor("nope"); got != nil {
		t.Errorf("KindsFor(nope) = %v", got)
	}
	_, err := c.Guide(token.KindVPP, "abm", "hexnode")
	var ng *NoGuideError
	if !errors.As(err, &ng) || ng.Kind != token.KindVPP || len(ng.Kinds) != 1 || ng.Portal.ID != "hexnode" {
		t.Errorf("Guide(vpp, hexnode) error = %#v", err)
	}
}
