package check

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/mdmtoken/mdmtoken/token"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// sampleReports are hand-built reports covering every kind of value: a VPP
// token expiring soon, a DEP token with an estimated expiry, a file that is
// not a token, and names that need escaping.
func sampleReports() []token.Report {
	return []token.Report{
		{
			File: "/tokens/sToken_for_Main Campus.vpptoken", Kind: token.KindVPP, Status: token.StatusExpiring,
			Org: "Fixture Academy Inc.", Location: "Main Campus",
			Expires: time.Date(2026, 12, 3, 14, 5, 9, 0, time.FixedZone("PST", -8*3600)), DaysLeft: 10,
			Encoding: "base64 JSON",
			Secrets:  []token.Secret{{Name: "token", Masked: "Ee3I…oeGE"}},
			Message:  "Apps and Books content token for Fixture Academy Inc.",
			Action:   "Renew it within 10 days", Notes: []string{"The file name says another location"},
			Size: 280, SHA256: "ab12",
		},
		{
			File: "mdmserver1_Token_2026-07-01T22-18-53Z_smime.p7m", Kind: token.KindDEP, Status: token.StatusOK,
			Server:  "mdmserver1",
			Expires: time.Date(2027, 7, 1, 22, 18, 53, 0, time.UTC), ExpiresEstimated: true, DaysLeft: 220,
			Downloaded: time.Date(2026, 7, 1, 22, 18, 53, 0, time.UTC),
			Encoding:   "S/MIME, base64", Cipher: "AES-256-CBC",
			Recipients: []token.Recipient{{Issuer: "CN=depserver", Serial: "1"}, {Issuer: "CN=other", Serial: "2"}},
			Message:    "Automated Device Enrollment server token for mdmserver1",
			Action:     "Upload it to the MDM server mdmserver1",
			Size:       2048, SHA256: "cd34",
		},
		{
			File: "weird \"name\"\\with\nnewline\x1b[31m.txt", Kind: token.KindUnknown, Status: token.StatusInvalid,
			Message: "Not a token: plain text", Action: "Download the token again",
		},
		{
			File: "old.vpptoken", Kind: token.KindVPP, Status: token.StatusExpired, Org: "Org \"Quoted\"",
			Expires: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC), DaysLeft: -3,
			Message: "Expired content token", Action: "Download a new one",
		},
	}
}

func TestParseFlags(t *testing.T) {
	for _, s := range []string{"text", "json", "prometheus", "JSON"} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%q): %v", s, err)
		}
	}
	if _, err := ParseFormat("yaml"); err == nil || !strings.Contains(err.Error(), "text, json or prometheus") {
		t.Errorf("ParseFormat(yaml) = %v, want the valid values named", err)
	}
	if k, err := ParseExpect("DEP"); err != nil || k != token.KindDEP {
		t.Errorf("ParseExpect(DEP) = %q, %v", k, err)
	}
	if _, err := ParseExpect("pem"); err == nil || !strings.Contains(err.Error(), "vpp") || !strings.Contains(err.Error(), "dep") {
		t.Errorf("ParseExpect(pem) = %v, want the valid values named", err)
	}
}

func TestJSONFieldByField(t *testing.T) {
	var buf bytes.Buffer
	if err := writeJSON(&buf, sampleReports()); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, buf.String())
	}
	if len(got) != 4 {
		t.Fatalf("%d objects, want 4", len(got))
	}
	check := func(i int, key string, want any) {
		t.Helper()
		v, ok := got[i][key]
		if !ok {
			t.Errorf("object %d: no %q", i, key)
			return
		}
		gj, _ := json.Marshal(v)
		wj, _ := json.Marshal(want)
		if string(gj) != string(wj) {
			t.Errorf("object %d: %s = %s, want %s", i, key, gj, wj)
		}
	}
	vpp, dep, bad, old := 0, 1, 2, 3
	check(vpp, "file", "/tokens/sToken_for_Main Campus.vpptoken")
	check(vpp, "kind", "vpp")
	check(vpp, "status", "expiring")
	check(vpp, "severity", "warning")
	check(vpp, "org", "Fixture Academy Inc.")
	check(vpp, "location", "Main Campus")
	check(vpp, "server", nil)
	check(vpp, "expires", "2026-12-03T22:05:09Z")
	check(vpp, "expires_estimated", false)
	check(vpp, "days_left", 10)
	check(vpp, "downloaded", nil)
	check(vpp, "encoding", "base64 JSON")
	check(vpp, "cipher", nil)
	check(vpp, "recipients", []any{})
	check(vpp, "decrypted", false)
	check(vpp, "secrets", []any{map[string]any{"name": "token", "masked": "Ee3I…oeGE"}})
	check(vpp, "message", "Apps and Books content token for Fixture Academy Inc.")
	check(vpp, "action", "Renew it within 10 days")
	check(vpp, "notes", []string{"The file name says another location"})
	check(vpp, "size", 280)
	check(vpp, "sha256", "ab12")

	check(dep, "kind", "dep")
	check(dep, "status", "ok")
	check(dep, "severity", "ok")
	check(dep, "org", nil)
	check(dep, "location", nil)
	check(dep, "server", "mdmserver1")
	check(dep, "expires", "2027-07-01T22:18:53Z")
	check(dep, "expires_estimated", true)
	check(dep, "days_left", 220)
	check(dep, "downloaded", "2026-07-01T22:18:53Z")
	check(dep, "cipher", "AES-256-CBC")
	check(dep, "recipients", []any{
		map[string]any{"issuer": "CN=depserver", "serial": "1"},
		map[string]any{"issuer": "CN=other", "serial": "2"},
	})
	check(dep, "secrets", []any{})
	check(dep, "notes", []any{})

	check(bad, "file", "weird \"name\"\\with\nnewline\x1b[31m.txt")
	check(bad, "kind", "unknown")
	check(bad, "status", "invalid")
	check(bad, "severity", "problem")
	check(bad, "org", nil)
	check(bad, "server", nil)
	check(bad, "expires", nil)
	check(bad, "expires_estimated", false)
	check(bad, "days_left", nil)
	check(bad, "sha256", nil)
	check(bad, "message", "Not a token: plain text")
	check(bad, "action", "Download the token again")

	check(old, "status", "expired")
	check(old, "days_left", -3)

	// An empty result is an empty array, not null.
	buf.Reset()
	if err := writeJSON(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(buf.String()) != "[]" {
		t.Errorf("no reports: %q, want []", buf.String())
	}
}

func parsePrometheus(t *testing.T, text string) map[string]*dto.MetricFamily {
	t.Helper()
	var p expfmt.TextParser
	families, err := p.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatalf("not valid exposition format: %v\n%s", err, text)
	}
	checkGrouping(t, text)
	return families
}

// checkGrouping checks what the parser lets pass: each metric's lines form
// one group, its HELP and TYPE come first, and no sample repeats a series.
func checkGrouping(t *testing.T, text string) {
	t.Helper()
	done := make(map[string]bool)
	series := make(map[string]bool)
	current := ""
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		var name string
		switch {
		case strings.HasPrefix(line, "# HELP "), strings.HasPrefix(line, "# TYPE "):
			name = strings.Fields(line)[2]
			if name != current && strings.HasPrefix(line, "# TYPE ") {
				t.Errorf("TYPE of %s does not follow its HELP", name)
			}
		default:
			name = line[:strings.IndexAny(line, "{ ")]
			if name != current {
				t.Errorf("sample of %s before its HELP and TYPE", name)
			}
			key := line[:strings.LastIndex(line, " ")]
			if series[key] {
				t.Errorf("series repeated: %s", key)
			}
			series[key] = true
		}
		if name != current {
			if done[name] {
				t.Errorf("lines of %s are not in one group", name)
			}
			done[current] = true
			current = name
		}
	}
}

func labelsOf(m *dto.Metric) map[string]string {
	out := make(map[string]string)
	for _, l := range m.GetLabel() {
		out[l.GetName()] = l.GetValue()
	}
	return out
}

func TestPrometheusParses(t *testing.T) {
	var buf bytes.Buffer
	reports := sampleReports()
	if err := WritePrometheus(&buf, reports); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	families := parsePrometheus(t, text)

	for _, name := range []string{MetricValid, MetricExpiry, MetricEstimated, MetricInfo} {
		f := families[name]
		if f == nil {
			t.Fatalf("no %s in\n%s", name, text)
		}
		if f.GetType() != dto.MetricType_GAUGE {
			t.Errorf("%s is %v, want gauge", name, f.GetType())
		}
		if f.GetHelp() == "" {
			t.Errorf("%s has no help", name)
		}
	}
	// file label -> value, per family
	values := func(name string) map[string]float64 {
		out := make(map[string]float64)
		for _, m := range families[name].GetMetric() {
			out[labelsOf(m)["file"]] = m.GetGauge().GetValue()
		}
		return out
	}
	valid := values(MetricValid)
	if len(valid) != 4 {
		t.Errorf("%d valid samples, want one per file", len(valid))
	}
	for _, r := range reports {
		want := 0.0
		if r.Status == token.StatusOK || r.Status == token.StatusExpiring || r.Status == token.StatusStale {
			want = 1
		}
		if got, ok := valid[TextLabel(r.File)]; !ok || got != want {
			t.Errorf("valid{file=%q} = %v (present %v), want %v", r.File, got, ok, want)
		}
	}
	expiry := values(MetricExpiry)
	if len(expiry) != 3 {
		t.Errorf("%d expiry samples, want 3 (none for the file without expiry)", len(expiry))
	}
	if got := expiry[reports[0].File]; got != float64(reports[0].Expires.Unix()) {
		t.Errorf("expiry of VPP token = %v, want %d", got, reports[0].Expires.Unix())
	}
	if _, ok := expiry[TextLabel(reports[2].File)]; ok {
		t.Error("a file without expiry has an expiry sample")
	}
	est := values(MetricEstimated)
	if est[reports[1].File] != 1 || est[reports[0].File] != 0 {
		t.Errorf("estimated = %v", est)
	}
	// Labels survive escaping: the parser gives back the strings the text
	// output shows (a name with a control character quoted with escapes).
	for _, m := range families[MetricInfo].GetMetric() {
		l := labelsOf(m)
		switch l["file"] {
		case reports[0].File:
			if l["kind"] != "vpp" || l["org"] != "Fixture Academy Inc." || l["server"] != "" || l["status"] != "expiring" {
				t.Errorf("VPP labels: %v", l)
			}
		case reports[1].File:
			if l["kind"] != "dep" || l["server"] != "mdmserver1" || l["status"] != "ok" {
				t.Errorf("DEP labels: %v", l)
			}
		case TextLabel(reports[2].File), reports[3].File:
		default:
			t.Errorf("unexpected file label %q", l["file"])
		}
		if l["file"] == reports[3].File && l["org"] != `Org "Quoted"` {
			t.Errorf("org label %q", l["org"])
		}
	}
	// The escaped forms, as the format specifies them; no control
	// character reaches a terminal that shows the file.
	if strings.ContainsAny(text, "\x1b\r") {
		t.Errorf("a control character in the output:\n%q", text)
	}
	for _, want := range []string{
		`file="\"weird \\\"name\\\"\\\\with\\nnewline\\x1b[31m.txt\""`,
		`org="Org \"Quoted\""`,
		"# TYPE mdmtoken_token_expiry_timestamp_seconds gauge\n",
		"# HELP mdmtoken_token_valid ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if !strings.HasSuffix(text, "\n") {
		t.Error("output does not end with a newline")
	}
}

func TestPrometheusInvalidUTF8AndEmpty(t *testing.T) {
	var buf bytes.Buffer
	r := token.Report{File: "bad\xffname", Status: token.StatusInvalid}
	if err := WritePrometheus(&buf, []token.Report{r}); err != nil {
		t.Fatal(err)
	}
	families := parsePrometheus(t, buf.String())
	m := families[MetricValid].GetMetric()
	if len(m) != 1 || labelsOf(m[0])["file"] != `"bad\xffname"` || labelsOf(m[0])["kind"] != "unknown" {
		t.Errorf("got %v", m)
	}
	buf.Reset()
	if err := WritePrometheus(&buf, nil); err != nil {
		t.Fatal(err)
	}
	parsePrometheus(t, buf.String())
}

func TestTextBlocks(t *testing.T) {
	var buf bytes.Buffer
	if err := writeText(&buf, sampleReports(), testNow, colorprofile.NoTTY); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, want := range []string{
		"/tokens/sToken_for_Main Campus.vpptoken\n",
		"  Kind          Apps and Books (VPP) content token\n",
		"  Organization  Fixture Academy Inc.\n",
		"  Location      Main Campus (from the file name)\n",
		"  Expires       2026-12-03 22:05 UTC, in 10 days\n",
		"  Secrets       token Ee3I…oeGE (masked)\n",
		"  Status        EXPIRING SOON\n",
		"  What          Apps and Books content token for Fixture Academy Inc.\n",
		"  To do         Renew it within 10 days\n",
		"  Note          The file name says another location\n",

		"mdmserver1_Token_2026-07-01T22-18-53Z_smime.p7m\n",
		"  Kind          Automated Device Enrollment (DEP) server token\n",
		"  MDM server    mdmserver1\n",
		"  Expires       2027-07-01 22:18 UTC, in 220 days (estimated)\n",
		"  Downloaded    2026-07-01 22:18 UTC\n",
		"  Cipher        AES-256-CBC\n",
		"  Encrypted for CN=depserver, serial 1\n",
		"                CN=other, serial 2\n",
		"  Status        OK\n",

		// Control characters in a name cannot reach the terminal: the
		// name is quoted, its line break and escape shown.
		`"weird \"name\"\\with\nnewline\x1b[31m.txt"` + "\n",
		"  Status        INVALID\n",

		"  Expires       2026-11-20 12:00 UTC, expired 3 days ago\n",
		"  Status        EXPIRED\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	// The first line is the verdict over all files, for Nagios and Icinga.
	if first, _, _ := strings.Cut(text, "\n"); first != "mdmtoken CRITICAL: 4 files checked: 1 ok, 1 expiring, 1 expired, 1 invalid" {
		t.Errorf("first line %q, want the overall verdict", first)
	}
	if strings.Contains(text, "\x1b") {
		t.Errorf("escape codes in plain text:\n%q", text)
	}
	for _, unwanted := range []string{"Organization  \n", "MDM server    \n", "Cipher        \n"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("empty line %q printed", unwanted)
		}
	}
	// A file that was not read has no kind line.
	if strings.Contains(text, "Kind          Not a token") {
		t.Errorf("kind shown for a file that was not read:\n%s", text)
	}
	// In the DEP block, there is no organization line.
	dep := text[strings.Index(text, "mdmserver1_Token"):strings.Index(text, "weird")]
	if strings.Contains(dep, "Organization") {
		t.Errorf("DEP block has an organization:\n%s", dep)
	}
}

func TestTextExpiryWording(t *testing.T) {
	for _, tc := range []struct {
		expires time.Time
		days    int
		est     bool
		want    string
	}{
		{testNow.Add(5 * time.Hour), 0, false, "2026-11-23 17:00 UTC, expires today"},
		{testNow.Add(-5 * time.Hour), 0, false, "2026-11-23 07:00 UTC, expired today"},
		{testNow.Add(30 * time.Hour), 1, true, "2026-11-24 18:00 UTC, in 1 day (estimated)"},
		{testNow.Add(-30 * time.Hour), -1, false, "2026-11-22 06:00 UTC, expired 1 day ago"},
	} {
		r := token.Report{Expires: tc.expires, DaysLeft: tc.days, ExpiresEstimated: tc.est}
		if got := expiryText(r, testNow); got != tc.want {
			t.Errorf("expiryText = %q, want %q", got, tc.want)
		}
	}
	// Dates are shown in the time zone of now: the user's local time.
	zone := time.FixedZone("CET", 3600)
	r := token.Report{Expires: time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), DaysLeft: 38}
	if got := expiryText(r, testNow.In(zone)); !strings.HasPrefix(got, "2027-01-01 00:30 CET") {
		t.Errorf("in CET: %q", got)
	}
}

func TestSummary(t *testing.T) {
	for _, tc := range []struct {
		statuses []token.Status
		want     string
	}{
		{nil, "No files checked"},
		{[]token.Status{token.StatusOK}, "1 file checked: 1 ok"},
		{[]token.Status{token.StatusInvalid, token.StatusOK, token.StatusWrongKind, token.StatusOK, token.StatusStale},
			"5 files checked: 2 ok, 1 stale, 1 wrong-kind, 1 invalid"},
		{[]token.Status{token.StatusUnverified, token.StatusRepaired, token.StatusExpired, token.StatusOK},
			"4 files checked: 1 ok, 1 repaired, 1 unverified, 1 expired"},
	} {
		var reports []token.Report
		for _, s := range tc.statuses {
			reports = append(reports, token.Report{Status: s})
		}
		if got := summary(reports, 0, 0); got != tc.want {
			t.Errorf("Summary = %q, want %q", got, tc.want)
		}
	}
}

func TestTextColor(t *testing.T) {
	reports := sampleReports()
	var plain, colored bytes.Buffer
	if err := writeText(&plain, reports, testNow, colorprofile.NoTTY); err != nil {
		t.Fatal(err)
	}
	if err := writeText(&colored, reports, testNow, colorprofile.ANSI); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b") {
		t.Error("escape codes without color")
	}
	if !strings.Contains(colored.String(), "\x1b[") {
		t.Error("no escape codes with color")
	}
	// The file name's own escape sequence is never passed through.
	if strings.Contains(colored.String(), "\x1b[31m.txt") {
		t.Error("escape sequence from a file name reached the output")
	}
}

func TestColorProfile(t *testing.T) {
	var buf bytes.Buffer // not a terminal
	tty := []string{"TERM=xterm-256color", "TTY_FORCE=1"}
	for _, tc := range []struct {
		name string
		out  any
		env  []string
		want colorprofile.Profile
	}{
		{"not a terminal", &buf, []string{"TERM=xterm-256color"}, colorprofile.NoTTY},
		{"terminal", &buf, tty, colorprofile.ANSI256},
		{"NO_COLOR=1 on a terminal", &buf, append(tty, "NO_COLOR=1"), colorprofile.NoTTY},
		{"NO_COLOR=yes on a terminal", &buf, append(tty, "NO_COLOR=yes"), colorprofile.NoTTY},
		{"NO_COLOR empty", &buf, append(tty, "NO_COLOR="), colorprofile.ANSI256},
		{"NO_COLOR beats CLICOLOR_FORCE", &buf, []string{"TERM=xterm", "CLICOLOR_FORCE=1", "NO_COLOR=x"}, colorprofile.NoTTY},
	} {
		w := tc.out.(*bytes.Buffer)
		if got := ColorProfile(w, tc.env); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// A regular file is not a terminal either.
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := ColorProfile(f, []string{"TERM=xterm-256color"}); got != colorprofile.NoTTY {
		t.Errorf("file: %v, want NoTTY", got)
	}
}

// TestTextFirstLine: the first line names the worst severity the way
// monitoring plugins do.
func TestTextFirstLine(t *testing.T) {
	reports := sampleReports()
	for _, c := range []struct {
		pick func(token.Report) bool
		want string
	}{
		{func(r token.Report) bool { return r.Status == token.StatusOK }, "mdmtoken OK: 1 file checked: 1 ok"},
		{func(r token.Report) bool { return r.Status == token.StatusExpiring }, "mdmtoken WARNING: 1 file checked: 1 expiring"},
		{func(r token.Report) bool { return r.Status == token.StatusExpired }, "mdmtoken CRITICAL: 1 file checked: 1 expired"},
	} {
		var one []token.Report
		for _, r := range reports {
			if c.pick(r) {
				one = append(one, r)
				break
			}
		}
		var buf bytes.Buffer
		if err := writeText(&buf, one, testNow, colorprofile.NoTTY); err != nil {
			t.Fatal(err)
		}
		if first, _, _ := strings.Cut(buf.String(), "\n"); first != c.want {
			t.Errorf("first line %q, want %q", first, c.want)
		}
	}
}

// TestTextLabel: a file name cannot reorder the terminal's text with
// bidirectional overrides, send escape sequences or draw a line of its
// own; names that differ only in such characters stay apart, and a name
// that needs no escape is shown as it is.
func TestTextLabel(t *testing.T) {
	for _, c := range []struct{ path, want string }{
		{"invoice\u202Egpj.exe\x1b[2J", `"invoice\u202egpj.exe\x1b[2J"`},
		{"a.p7m\n > sToken_for_Main Campus.vpptoken", `"a.p7m\n > sToken_for_Main Campus.vpptoken"`},
		{`a\n.p7m`, `a\n.p7m`},
		{"a\xff.p7m", `"a\xff.p7m"`},
		{"Main\u200bCampus", `"Main\u200bCampus"`},
		{"/srv/sToken_for_Main Campus.vpptoken", "/srv/sToken_for_Main Campus.vpptoken"},
		{"Café 東京.p7m", "Café 東京.p7m"},
	} {
		if got := TextLabel(c.path); got != c.want {
			t.Errorf("TextLabel(%q) = %s, want %s", c.path, got, c.want)
		}
	}
}

// A token whose expiry is unknown, or a copy the MDM will probably reject,
// is not counted as valid; only the repaired one has an expiry sample.
func TestPrometheusUnverifiedAndRepaired(t *testing.T) {
	reports := []token.Report{
		{File: "renamed.p7m", Kind: token.KindDEP, Status: token.StatusUnverified, Message: "m", Action: "a"},
		{File: "sToken_for_X.vpptoken", Kind: token.KindVPP, Status: token.StatusRepaired,
			Expires: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Message: "m", Action: "a"},
	}
	var buf bytes.Buffer
	if err := WritePrometheus(&buf, reports); err != nil {
		t.Fatal(err)
	}
	families := parsePrometheus(t, buf.String())
	for _, m := range families[MetricValid].GetMetric() {
		if m.GetGauge().GetValue() != 0 {
			t.Errorf("valid = 1 for %v", labelsOf(m))
		}
	}
	expiry := families[MetricExpiry].GetMetric()
	if len(expiry) != 1 || labelsOf(expiry[0])["file"] != "sToken_for_X.vpptoken" {
		t.Errorf("expiry samples: %v", expiry)
	}
	statuses := map[string]string{}
	for _, m := range families[MetricInfo].GetMetric() {
		statuses[labelsOf(m)["file"]] = labelsOf(m)["status"]
	}
	if statuses["renamed.p7m"] != "unverified" || statuses["sToken_for_X.vpptoken"] != "repaired" {
		t.Errorf("status labels: %v", statuses)
	}
	out := NewOutput(io.Discard, FormatText, testNow, colorprofile.NoTTY, 0)
	for _, r := range reports {
		if err := out.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if code := out.ExitCode(); code != ExitWarning {
		t.Errorf("exit code %d, want %d", code, ExitWarning)
	}
}
