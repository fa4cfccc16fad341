package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mdmtoken/mdmtoken/steps"
)

// complete asks the command line, as a shell's completion script does,
// for the values of the last argument, and returns them without their
// descriptions. It fails unless the shell is told not to offer files.
func complete(t *testing.T, args ...string) (values, descriptions []string) {
	t.Helper()
	r := runArgs(t, append([]string{"__complete"}, args...)...)
	if r.code != 0 {
		t.Fatalf("__complete %v: exit %d\n%s", args, r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if last := lines[len(lines)-1]; last != ":4" { // ShellCompDirectiveNoFileComp
		t.Errorf("__complete %v: directive %q, want :4 (no files)", args, last)
	}
	for _, l := range lines[:len(lines)-1] {
		v, d, _ := strings.Cut(l, "\t")
		values = append(values, v)
		descriptions = append(descriptions, d)
	}
	return values, descriptions
}

func TestCompletionOfFlagValues(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // no playbooks from the user's config
	catalog, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	allPortals := steps.PortalIDs(catalog.AllPortals())
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--kind", ""}, []string{"vpp", "dep", "push"}}, // the credentials the wizard renews
		{[]string{"guide", "--kind", ""}, []string{"vpp", "dep", "push"}},
		{[]string{"--apple", ""}, catalog.AppleIDs()},
		{[]string{"guide", "--apple", ""}, catalog.AppleIDs()},
		{[]string{"--portal", ""}, allPortals},
		{[]string{"guide", "--kind", "push", "--portal", ""}, steps.PortalIDs(catalog.Portals("push"))},
		{[]string{"--kind", "DEP", "--portal", ""}, steps.PortalIDs(catalog.Portals("dep"))},
		{[]string{"check", "--format", ""}, []string{"text", "json", "prometheus"}},
		{[]string{"check", "--expect", ""}, []string{"vpp", "dep", "push"}},
		{[]string{"due", "--format", ""}, []string{"text", "json", "prometheus", "ics"}},
		{[]string{"guide", "--format", ""}, []string{"text", "markdown"}},
	} {
		got, _ := complete(t, tc.args...)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%v: completes %q, want %q", tc.args, got, tc.want)
		}
	}
	if len(steps.PortalIDs(catalog.Portals("push"))) >= len(allPortals) {
		t.Fatal("the push guides should be fewer than all portals, or the --kind filter is not tested")
	}
	_, desc := complete(t, "check", "--expect", "")
	if desc[0] != "Apps and Books (VPP) content token" {
		t.Errorf("--expect vpp is described as %q", desc[0])
	}
}

// TestCompletionOfLocalPlaybooks: a playbook in --playbooks is offered by
// its id, and its name, text from outside, cannot break the shell's list
// or reach the terminal raw.
func TestCompletionOfLocalPlaybooks(t *testing.T) {
	dir := t.TempDir()
	playbook := "id: acme\nname: \"ACME\\tMDM\\e[2J\\nnext\"\nkinds:\n  dep:\n    steps:\n" +
		"      - text: Open Settings > Enrollment > Apple in the ACME console.\n" +
		"      - text: Upload the new server token.\n        upload: true\n" +
		"    sources:\n      - title: ACME wiki\n        date: \"2026-02-01\"\n"
	if err := os.WriteFile(filepath.Join(dir, "acme.yaml"), []byte(playbook), 0o600); err != nil {
		t.Fatal(err)
	}
	values, desc := complete(t, "guide", "--playbooks", dir, "--kind", "dep", "--portal", "")
	i := slices.Index(values, "acme")
	if i < 0 {
		t.Fatalf("the local playbook is not offered: %q", values)
	}
	if desc[i] != `ACME\tMDM\x1b[2J\nnext` {
		t.Errorf("the playbook's name reaches the shell as %q, want it printable on one line", desc[i])
	}
	if values, _ := complete(t, "guide", "--playbooks", dir, "--kind", "vpp", "--portal", ""); slices.Contains(values, "acme") {
		t.Error("a playbook without a VPP guide is offered for --kind vpp")
	}
}

func TestCompletionOfFolders(t *testing.T) {
	for _, flag := range []string{"--dir", "--record-dir", "--playbooks"} {
		r := runArgs(t, "__complete", flag, "")
		if !strings.HasSuffix(strings.TrimSpace(r.stdout), ":16") { // ShellCompDirectiveFilterDirs
			t.Errorf("%s completes %q, want folders only", flag, r.stdout)
		}
	}
}

// TestCompletionIsOneLine: a value and its description cannot break the
// shell's list (one completion a line, a tab before the description) or
// drive the terminal, whatever the catalog holds.
func TestCompletionIsOneLine(t *testing.T) {
	got := completion("ac me\x1b]52;c;eA==\x07", "ACME\tMDM\x1b[2J\r\nnext\u202e")
	value, desc, ok := strings.Cut(got, "\t")
	if !ok || strings.ContainsAny(value, " \t\n\r\x1b\x07") || strings.ContainsAny(desc, "\t\n\r\x1b\u202e") {
		t.Errorf("completion %q is not one clean line", got)
	}
	if !strings.HasPrefix(value, "acme") || !strings.HasPrefix(desc, `ACME\tMDM`) {
		t.Errorf("completion %q lost its text", got)
	}
}
