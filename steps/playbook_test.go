package steps

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mdmtoken/mdmtoken/token"
)

const goodPlaybook = `id: acme-mdm
name: ACME MDM
kinds:
  vpp:
    steps:
      - text: Open Settings > Apple > VPP in the ACME console.
      - text: Click Replace token and choose the new file.
        upload: true
    sources:
      - title: ACME internal wiki, VPP renewal
        date: "2026-01-10"
`

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestAddPlaybooks(t *testing.T) {
	c := mustBuiltin(t)
	dir := writeFiles(t, map[string]string{"acme.yaml": goodPlaybook, "notes.txt": "not a playbook"})
	if errs := c.AddPlaybooks(dir); len(errs) != 0 {
		t.Fatalf("AddPlaybooks: %v", errs)
	}
	ps := c.Portals(token.KindVPP)
	if n := len(ps); ps[n-1].ID != GenericID || ps[n-2].ID != "acme-mdm" {
		t.Fatalf("local playbooks go before the generic guide: %v", PortalIDs(ps))
	}
	p := ps[len(ps)-2]
	if !p.Local || p.File != filepath.Join(dir, "acme.yaml") {
		t.Errorf("Local = %v, File = %q", p.Local, p.File)
	}
	g, err := c.Guide(token.KindVPP, "business", "acme-mdm")
	if err != nil {
		t.Fatal(err)
	}
	if len(g.PortalSteps) != 2 || !g.PortalSteps[1].Upload {
		t.Errorf("portal steps = %+v", g.PortalSteps)
	}
	if _, err := c.Guide(token.KindDEP, "business", "acme-mdm"); err == nil {
		t.Error("a VPP-only playbook must not build a DEP guide")
	}
	// Builtin returns a fresh catalog: the playbook is not in another one.
	if c2 := mustBuiltin(t); c2.portal("acme-mdm") != nil {
		t.Error("AddPlaybooks changed another catalog")
	}
}

func TestAddPlaybooksMissingDir(t *testing.T) {
	c := mustBuiltin(t)
	if errs := c.AddPlaybooks(filepath.Join(t.TempDir(), "nope")); errs != nil {
		t.Errorf("a missing dir is not an error: %v", errs)
	}
}

// TestBrokenPlaybooks checks that each broken file yields an error with file,
// line and what is wrong, while the good file and the built-in guides load.
func TestBrokenPlaybooks(t *testing.T) {
	cases := map[string]struct {
		body string
		line int
		want string
	}{
		"unknown-field.yaml": {
			body: strings.Replace(goodPlaybook, "        upload: true\n", "        upload: true\n        uplod: true\n", 1),
			line: 9, want: `unknown field "uplod" in a step (known: id, text, detail, note, warning, upload, download, from, generic)`,
		},
		"syntax.yaml": {
			body: "id: x\nname: y\n  bad: z\n",
			line: 3, want: "mapping values are not allowed in this context",
		},
		"no-upload.yaml": {
			body: strings.Replace(strings.Replace(goodPlaybook, "        upload: true\n", "", 1), "acme-mdm", "no-upload", 1),
			line: 5, want: "exactly one upload: true step, found 0",
		},
		"no-date.yaml": {
			body: strings.Replace(strings.Replace(goodPlaybook, `        date: "2026-01-10"`+"\n", "", 1), "acme-mdm", "no-date", 1),
			line: 10, want: "a source needs a date",
		},
		"bad-kind.yaml": {
			body: strings.Replace(strings.Replace(goodPlaybook, "  vpp:", "  vp:", 1), "acme-mdm", "bad-kind", 1),
			line: 4, want: `unknown token kind "vp"`,
		},
		"no-name.yaml": {
			body: strings.Replace(strings.Replace(goodPlaybook, "name: ACME MDM\n", "", 1), "acme-mdm", "no-name", 1),
			line: 1, want: "name is missing",
		},
		"taken-id.yaml": {
			body: strings.Replace(goodPlaybook, "acme-mdm", "relution", 1),
			line: 1, want: `portal id "relution" is already used by the built-in guide for Relution`,
		},
		"empty.yaml": {body: "", want: "the file is empty"},
		"twice.yaml": {
			body: strings.Replace(goodPlaybook, "name: ACME MDM\n", "name: ACME MDM\nname: ACME\n", 1),
			line: 3, want: `mapping key "name" already defined at line 2`,
		},
		"bad-at.yaml": {
			body: strings.Replace(goodPlaybook, "acme-mdm", "bad-at", 1) + "    apple_wording:\n      - at: menus\n        text: ACME calls it the account menu.\n",
			line: 13, want: `apple_wording at: "menus" is not the id of an Apple vpp step (ids: sign-in, menu, payments, download)`,
		},
		"wording-no-text.yaml": {
			body: strings.Replace(goodPlaybook, "acme-mdm", "wording-no-text", 1) + "    apple_wording:\n      - at: menu\n",
			line: 13, want: "apple_wording needs text",
		},
		"wording-typo.yaml": {
			body: strings.Replace(goodPlaybook, "acme-mdm", "wording-typo", 1) + "    apple_wording:\n      - at: menu\n        txt: x\n",
			line: 14, want: `unknown field "txt" in an apple_wording entry (known: at, text)`,
		},
		"bad-type.yaml": {
			body: strings.Replace(strings.Replace(goodPlaybook, "upload: true", "upload: sure", 1), "acme-mdm", "bad-type", 1),
			line: 8, want: "cannot unmarshal",
		},
	}
	files := map[string]string{"zz-good.yaml": goodPlaybook}
	for name, tc := range cases {
		files[name] = tc.body
	}
	dir := writeFiles(t, files)
	c := mustBuiltin(t)
	errs := c.AddPlaybooks(dir)
	for name, tc := range cases {
		var found *FileError
		for _, err := range errs {
			var fe *FileError
			if errors.As(err, &fe) && fe.File == filepath.Join(dir, name) {
				found = fe
				break
			}
		}
		if found == nil {
			t.Errorf("%s: no error (errors: %v)", name, errs)
			continue
		}
		if found.Line != tc.line || !strings.Contains(found.Msg, tc.want) {
			t.Errorf("%s: got %v, want line %d and %q", name, found, tc.line, tc.want)
		}
		if !strings.HasPrefix(found.Error(), filepath.Join(dir, name)) {
			t.Errorf("%s: the message must start with the file: %v", name, found)
		}
	}
	if c.portal("acme-mdm") == nil || c.portal("relution") == nil || c.portal("relution").Local {
		t.Error("good playbooks and built-in guides must still load")
	}
	if len(c.Portals(token.KindVPP)) < 3 {
		t.Error("built-in guides lost")
	}
}

// TestReadmePlaybookExample loads the example playbook from README.md, so
// the documented format stays the real one.
func TestReadmePlaybookExample(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skipf("README.md not found: %v", err)
	}
	_, after, ok := strings.Cut(string(data), "### Custom playbooks")
	if !ok {
		t.Fatal(`README.md has no "### Custom playbooks" section`)
	}
	_, block, ok := strings.Cut(after, "```yaml\n")
	if !ok {
		t.Fatal("the playbook section has no yaml example")
	}
	block, _, _ = strings.Cut(block, "```")
	dir := writeFiles(t, map[string]string{"example.yaml": block})
	c := mustBuiltin(t)
	if errs := c.AddPlaybooks(dir); len(errs) > 0 {
		t.Fatalf("the README example playbook does not load: %v", errs)
	}
	if len(c.Portals(token.KindDEP)) == len(mustBuiltin(t).Portals(token.KindDEP)) {
		t.Error("the README example added no DEP guide")
	}
	// Its apple_wording reaches the Apple step it names.
	p := c.Portals(token.KindDEP)[len(c.Portals(token.KindDEP))-2]
	g, err := c.Guide(token.KindDEP, "abm", p.ID)
	if err != nil {
		t.Fatal(err)
	}
	shown := false
	for _, s := range g.AppleSteps {
		shown = shown || strings.Contains(s.Detail, "In the "+p.Name+" guide: ")
	}
	if len(p.Kinds[token.KindDEP].AppleWording) > 0 && !shown {
		t.Error("the README example's apple_wording is not shown with Apple's steps")
	}
}

// TestAppleStepIDValidation checks the Apple side of apple_wording: every
// Apple step needs an id, unique within its kind, and an Apple guide cannot
// carry apple_wording itself.
func TestAppleStepIDValidation(t *testing.T) {
	abm, err := builtinFS.ReadFile("data/apple/abm.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := string(abm)
	menu := "      - id: menu\n        from: ["
	if strings.Count(src, menu) != 2 {
		t.Fatalf("abm.yaml changed: want two menu steps")
	}
	lineOfText := func(s, sub string) int { return strings.Count(s[:strings.Index(s, sub)], "\n") + 1 }
	cases := map[string]struct {
		body string
		line int
		want string
	}{
		"no id": {
			body: strings.Replace(src, menu, "      - from: [", 1),
			line: lineOfText(src, menu), want: "an Apple step needs an id",
		},
		"twice": {
			body: strings.Replace(src, menu, "      - id: sign-in\n        from: [", 1),
			line: lineOfText(src, menu), want: `step id "sign-in" is already used by step 1`,
		},
		"bad id": {
			body: strings.Replace(src, menu, "      - id: Menu\n        from: [", 1),
			line: lineOfText(src, menu), want: `step id "Menu" must be lower-case`,
		},
		"wording": {
			body: strings.Replace(src, "    steps:\n", "    apple_wording:\n      - at: menu\n        text: x\n    steps:\n", 1),
			line: lineOfText(src, "    steps:\n") + 1, want: "apple_wording belongs in a portal guide",
		},
	}
	for name, tc := range cases {
		_, _, errs := parseGuide("abm.yaml", []byte(tc.body), validateApple)
		var fe *FileError
		if len(errs) != 1 || !errors.As(errs[0], &fe) || fe.Line != tc.line || !strings.Contains(fe.Msg, tc.want) {
			t.Errorf("%s: got %v, want one error on line %d with %q", name, errs, tc.line, tc.want)
		}
	}
}
