package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mdmtoken/mdmtoken/runbook"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // no playbooks from the user's config
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestGuideCmdPrintsRunbook checks that guide prints exactly the runbook
// (whose text is pinned by the golden files in runbook/testdata).
func TestGuideCmdPrintsRunbook(t *testing.T) {
	c, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range runbook.Formats() {
		for _, tc := range [][3]string{{"dep", "abm", "relution"}, {"vpp", "business", "intune"}, {"dep", "asm", "other"}} {
			code, out, errs := runCmd(t, "guide", "--kind", tc[0], "--apple", tc[1], "--portal", tc[2], "--format", string(f))
			if code != exitOK || errs != "" {
				t.Fatalf("guide %v: exit %d, stderr %q", tc, code, errs)
			}
			g, err := c.Guide(token.Kind(tc[0]), tc[1], tc[2])
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			_ = runbook.Render(&want, g, f)
			if out != want.String() {
				t.Errorf("guide %v --format %s printed something else than the runbook:\n%s", tc, f, out)
			}
		}
	}
}

func TestGuideCmdUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"guide"}, []string{"--kind", "vpp, dep", "--apple", "business, abm, asm", "--portal", "relution", "other"}},
		{[]string{"guide", "--kind", "vp", "--apple", "abm", "--portal", "relution"}, []string{`"vp"`, "vpp, dep"}},
		{[]string{"guide", "--kind", "vpp", "--apple", "abx", "--portal", "relution"}, []string{`"abx"`, "business, abm, asm"}},
		{[]string{"guide", "--kind", "vpp", "--apple", "abm", "--portal", "nope-mdm"}, []string{`"nope-mdm"`, "hexnode", "intune", "jamf"}},
		{[]string{"guide", "--kind", "vpp", "--apple", "abm", "--portal", "hexnode"},
			[]string{"Hexnode UEM has no guide for the VPP content token", "It has one for --kind dep", "--portal other", "relution"}},
		{[]string{"guide", "--kind", "push", "--portal", "relution"}, []string{"Relution has no guide for the APNs push certificate", "--kind vpp and --kind dep", "fleet", "intune"}},
		{[]string{"guide", "--kind", "dep", "--portal", "relution"}, []string{"needs --apple (one of: business, abm, asm)"}},
		{[]string{"guide", "--kind", "push", "--apple", "abx", "--portal", "fleet"}, []string{`"abx"`, "business, abm, asm"}},
		{[]string{"guide", "--kind", "vpp", "--apple", "abm", "--portal", "relution", "--format", "html"}, []string{`"html"`, "text, markdown"}},
		{[]string{"guide", "--nope"}, []string{"nope"}},
	} {
		code, out, errs := runCmd(t, tc.args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d", tc.args, code, exitUsage)
		}
		// The error box wraps lines, even inside a word: compare without spaces.
		squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
		all := out + errs
		for _, w := range tc.want {
			if !strings.Contains(squash(all), squash(w)) {
				t.Errorf("%v: output lacks %q:\n%s", tc.args, w, all)
			}
		}
	}
}

func TestPortalsCmd(t *testing.T) {
	code, out, errs := runCmd(t, "portals")
	if code != exitOK || errs != "" {
		t.Fatalf("portals: exit %d, stderr %q", code, errs)
	}
	c, _ := steps.Builtin()
	for _, p := range c.AllPortals() {
		if !strings.Contains(out, "  "+p.ID+" ") {
			t.Errorf("portals does not list %s", p.ID)
		}
	}
	for _, w := range []string{"business", "abm", "asm", "Mosyle Manager [vpp, dep, push]", "push, community-sourced, partial:",
		"Relution [vpp, dep]", "Relution 5.33+", "updated May 3rd, 2022", "Jamf Pro [vpp, dep, push]", "vpp, community-sourced:",
		"SOTI MobiControl [vpp, dep]", "dep, documented:", "N-able N-central [vpp, dep, push]", "vpp, documented, partial:",
		"push, generic:", "For the APNs push certificate (--kind push, no --apple needed): Apple Push Certificates Portal"} {
		if !strings.Contains(out, w) {
			t.Errorf("portals output lacks %q", w)
		}
	}
	if i, j := strings.Index(out, "  relution "), strings.Index(out, "  other "); i < 0 || j < i {
		t.Error("the generic guide must be listed last")
	}
}

// TestLocalPlaybooks checks that a good playbook is listed and usable while a
// broken one is reported with file and line on stderr, and nothing stops.
func TestLocalPlaybooks(t *testing.T) {
	dir := t.TempDir()
	good := `id: acme
name: ACME MDM
kinds:
  dep:
    steps:
      - text: Open Settings > Enrollment > Apple in the ACME console.
      - text: Click Renew and upload the new server token.
        upload: true
    sources:
      - title: ACME wiki
        date: "2026-02-01"
`
	bad := strings.Replace(strings.Replace(good, "acme", "broken", 1), "upload: true", "uplaod: true", 1)
	for name, body := range map[string]string{"acme.yaml": good, "broken.yaml": bad} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := runCmd(t, "portals", "--playbooks", dir)
	if code != exitOK {
		t.Fatalf("portals: exit %d", code)
	}
	if !strings.Contains(out, "ACME MDM [dep]\n") || !strings.Contains(out, "dep, local playbook:") || strings.Contains(out, "broken") {
		t.Errorf("portals output:\n%s", out)
	}
	if want := filepath.Join(dir, "broken.yaml") + `:8: unknown field "uplaod" in a step`; !strings.Contains(errs, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errs)
	}
	code, out, _ = runCmd(t, "guide", "--kind", "dep", "--apple", "abm", "--portal", "acme", "--playbooks", dir)
	if code != exitOK || !strings.Contains(out, "local playbook") || !strings.Contains(out, "Click Renew and upload") {
		t.Errorf("guide with a local playbook: exit %d\n%s", code, out)
	}
	// The XDG default folder is used when --playbooks is not given.
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	cfg := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "mdmtoken", "portals")
	if err := os.MkdirAll(cfg, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfg, "acme.yaml"), []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	var o, e bytes.Buffer
	if code := run(context.Background(), []string{"portals"}, &o, &e); code != exitOK || !strings.Contains(o.String(), "ACME MDM") {
		t.Errorf("default playbook folder not used: exit %d\n%s%s", code, o.String(), e.String())
	}
}

// TestGuideMarkdownKeyScreens checks, for each portal added with the newer
// research, that its Markdown runbook names the screens the admin must find
// and says where its steps come from.
func TestGuideMarkdownKeyScreens(t *testing.T) {
	for _, tc := range []struct {
		kind, apple, portal string
		want                []string
	}{
		{"vpp", "abm", "jamf", []string{"Jamf Pro (community-sourced)", "Global Management > Volume Purchasing",
			"the button that renews the service token", "do not delete it first", "Choose the file here: `sToken_for_<Location>.vpptoken`"}},
		{"dep", "business", "jamf", []string{"Jamf Pro (community-sourced)", "Global Management > Automated Device Enrollment",
			"uploads a server token file", "Click Save."}},
		{"push", "", "jamf", []string{"## In Jamf Pro: get the signing request", "Global Management > Push Certificates",
			"Download signed CSR from Jamf", "save JamfSignedCSR.plist", "## In Apple Push Certificates Portal", "Serial Number", "## Back in Jamf Pro"}},
		{"vpp", "abm", "soti", []string{"- MDM portal: **SOTI MobiControl**", "Global Settings", "Apple > App Store License Management",
			"Content/Server Token Expiry", "Location"}},
		{"dep", "asm", "soti", []string{"Global Settings", "Automated Device Enrollment", "MDM Server Token Expiry", "MobiControl Public Key Expiry",
			"MDM Server field"}},
		{"vpp", "abm", "n-central", []string{"N-able N-central (documented, partial)", "review step", "Confirm",
			"The N-able N-central guide does not cover this part; generic steps follow."}},
		{"dep", "abm", "n-sight", []string{"N-able N-sight (documented, partial)", "Replace Certificate", "review step", "claim management"}},
		{"push", "", "n-central", []string{"Configuration > Device Management for Apple", "Renew Certificate", "Download CSR",
			"Certificates for Third-Party Servers", "The N-able N-central guide stops here; generic steps follow."}},
		{"push", "", "mosyle", []string{"Mosyle Manager (community-sourced, partial)", "My School > Basic Setup > Push Certificate",
			"topic UDID", "The Mosyle Manager guide stops here"}},
		{"push", "", "maas360", []string{"IBM MaaS360 (documented, partial)", "Setup > Services", "APNS Certificate", "Download CSR.txt"}},
		{"push", "", "intune", []string{"Devices > Device onboarding > Enrollment", "Apple MDM Push Certificate", "Download your CSR",
			"Create your MDM push Certificate"}},
		{"vpp", "business", "fleet", []string{"Settings > Integrations > MDM", "Apple Business (AB)", "Volume Purchasing Program (VPP)", "Actions > Renew"}},
		{"dep", "business", "fleet", []string{"Settings > Integrations > MDM", "Company-owned (ADE) and personal (BYOD) enrollment",
			"Actions > Renew", "Devices > Management", "three dots"}},
		{"push", "", "fleet", []string{"Edit next to Apple MDM turned on", "Renew certificate", "Common Name (CN)"}},
		{"dep", "abm", "hexnode", []string{"Admin > Apple DEP > DEP Accounts", "Edit DEP Account", "Upload Token"}},
	} {
		args := []string{"guide", "--kind", tc.kind, "--portal", tc.portal, "--format", "markdown"}
		if tc.apple != "" {
			args = append(args, "--apple", tc.apple)
		}
		code, out, errs := runCmd(t, args...)
		if code != exitOK || errs != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: the runbook does not name %q", args, w)
			}
		}
	}
}

// TestPlaybookTextNeverRaw checks that terminal control sequences in a
// playbook (a screen clear, an OSC 52 clipboard write, CR-LF that would
// draw a fake step, C1 and bidirectional controls) reach neither portals
// nor guide, in text or Markdown, nor the warnings about broken playbooks.
func TestPlaybookTextNeverRaw(t *testing.T) {
	hostile := "id: evil\n" +
		"name: \"Evil\\e[2J MDM\\e]52;c;ZXZpbA==\\a\"\n" +
		"kinds:\n  dep:\n" +
		"    caveats:\n      - \"Read this\\r\\n  * Upload your private key too\"\n" +
		"    steps:\n" +
		"      - text: \"Open the console\\r\\n  2. Paste the token into chat\\u009b31m\"\n" +
		"        detail: \"\\u202eeulav\\u2028next\"\n" +
		"      - text: Upload the token.\n        upload: true\n" +
		"    sources:\n      - title: \"Wiki\\e]8;;http://x\\e\\\\link\\e]8;;\\e\\\\\"\n        date: \"2026\"\n"
	broken := "id: broken\nname: \"\\e]52;c;YnJva2Vu\\a\"\nkinds: 3\n"
	dir := t.TempDir()
	for name, body := range map[string]string{"evil.yaml": hostile, "broken\x1b[31m.yaml": broken} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	runs := [][]string{
		{"portals", "--playbooks", dir},
		{"guide", "--kind", "dep", "--apple", "abm", "--portal", "evil", "--playbooks", dir},
		{"guide", "--kind", "dep", "--apple", "abm", "--portal", "evil", "--playbooks", dir, "--format", "markdown"},
		{"guide", "--kind", "vpp", "--apple", "abm", "--portal", "evil", "--playbooks", dir},
	}
	for _, args := range runs {
		_, out, errs := runCmd(t, args...)
		if !strings.Contains(out+errs, "Evil") {
			t.Errorf("%v: the playbook is not shown:\n%s%s", args, out, errs)
		}
		for _, r := range out + errs {
			if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u202e' || r == '\u2028' {
				t.Errorf("%v: control character %U reaches the output:\n%q", args, r, out+errs)
				break
			}
		}
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "2. Paste the token") || strings.HasPrefix(strings.TrimSpace(l), "* Upload your private key") {
				t.Errorf("%v: a line break in the playbook drew a line of its own: %q", args, l)
			}
		}
	}
}
