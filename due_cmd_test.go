package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/mdmtoken/mdmtoken/check"
	"github.com/mdmtoken/mdmtoken/due"
	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/sample"
	"github.com/prometheus/common/expfmt"
)

// dueAt is the fixed clock of the due tests.
var dueAt = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// dueFiles are token files for the due tests, relative to dueAt.
type dueFiles struct {
	dir, history         string
	vpp, vppOld, dep     string // VPP token expiring in 20 days, last year's, DEP token downloaded yesterday
	cert, key, otherCert string
	vppSecret            string
	vppExpiry, depExpiry time.Time
	depSecrets           []string
	notToken, badHistory string
}

func newDueFiles(t *testing.T) *dueFiles {
	t.Helper()
	t.Setenv("NO_COLOR", "1")
	t.Setenv(history.EnvVar, "")
	t.Setenv("XDG_DATA_HOME", filepath.Join(t.TempDir(), "unused"))
	dueNow = func() time.Time { return dueAt }
	t.Cleanup(func() { dueNow = time.Now })

	dir := t.TempDir()
	f := &dueFiles{dir: dir, history: filepath.Join(dir, "team", "history.jsonl")}
	write := func(name string, data []byte) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	f.vppExpiry = dueAt.AddDate(0, 0, 20)
	f.vpp = write("tokens/sToken_for_Main Campus.vpptoken", sample.VPP("Fixture Academy Inc.", f.vppExpiry))
	f.vppSecret = sample.VPPTokenValue("Fixture Academy Inc.", f.vppExpiry)
	f.vppOld = write("old/sToken_for_Main Campus.vpptoken", sample.VPP("Fixture Academy Inc.", f.vppExpiry.AddDate(-1, 0, 0)))

	id, err := sample.NewIdentity("depserver", 1)
	if err != nil {
		t.Fatal(err)
	}
	other, err := sample.NewIdentity("other-mdm", 7)
	if err != nil {
		t.Fatal(err)
	}
	f.cert = write("mdm/cert.pem", id.CertPEM())
	f.key = write("mdm/key.pem", id.KeyPEM())
	f.otherCert = write("mdm/other-cert.pem", other.CertPEM())
	downloaded := dueAt.Add(-24 * time.Hour)
	f.depExpiry = downloaded.AddDate(1, 0, 0).Add(-time.Hour) // exact: an hour before the estimate
	creds := sample.NewCredentials(f.depExpiry, nil)
	f.depSecrets = []string{creds.ConsumerKey, creds.ConsumerSecret, creds.AccessToken, creds.AccessSecret}
	depData, err := sample.Envelope(id.Cert, creds.Message(), sample.DEPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f.dep = write("tokens/"+sample.DEPFileName("Fixture MDM", downloaded), depData)
	f.notToken = write("other/notes.txt", []byte("renew the tokens\n"))
	return f
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// TestDueEndToEnd adds two tokens, then lists them: both, with their
// renew-by and expiry dates, in renew-by order, with check's exit status.
func TestDueEndToEnd(t *testing.T) {
	f := newDueFiles(t)
	runArgs(t, "due", "add", "--history", f.history, f.vpp).want(t, exitOK,
		[]string{"Added " + f.vpp, "VPP content token, Fixture Academy Inc., Main Campus: renew by " + day(f.vppExpiry.AddDate(0, 0, -30)) + ", 10 days ago (expires " + day(f.vppExpiry) + ")"}, nil)
	runArgs(t, "due", "add", "--history", f.history, "--cert", f.cert, "--key", f.key, f.dep).want(t, exitOK,
		[]string{"Added ", "DEP server token, Fixture MDM: renew by " + day(f.depExpiry.AddDate(0, 0, -30)) + ", in 334 days (expires " + day(f.depExpiry) + ")"}, nil)

	r := runArgs(t, "due", "--history", f.history)
	r.want(t, 1, []string{
		"mdmtoken WARNING: 2 credentials: 1 ok, 1 expiring\n",
		"History: " + f.history,
		day(f.vppExpiry.AddDate(0, 0, -30)) + "  10 days ago  " + day(f.vppExpiry) + "  EXPIRING SOON  VPP content token, Fixture Academy Inc., Main Campus\n",
		day(f.depExpiry.AddDate(0, 0, -30)) + "  in 334 days  " + day(f.depExpiry) + "  OK             DEP server token, Fixture MDM\n",
	}, nil)
	if strings.Index(r.stdout, "Main Campus") > strings.Index(r.stdout, "Fixture MDM\n") {
		t.Errorf("not in renew-by order:\n%s", r.stdout)
	}

	// The history file: mode 0600 in a 0700 folder, facts only.
	for p, want := range map[string]os.FileMode{f.history: 0o600, filepath.Dir(f.history): 0o700} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want mode %v", p, fi.Mode(), err, want)
		}
	}
	data, err := os.ReadFile(f.history)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); n != 2 {
		t.Errorf("%d lines in the history, want 2", n)
	}
	for _, secret := range append([]string{f.vppSecret}, f.depSecrets...) {
		if strings.Contains(string(data)+r.stdout, secret) {
			t.Errorf("a secret is in the history or the output")
		}
	}
	if strings.Contains(string(data), f.dir) {
		t.Errorf("the history holds a folder path:\n%s", data)
	}

	// The same file again adds nothing; last year's file is not the newest.
	runArgs(t, "due", "add", "--history", f.history, f.vpp).want(t, exitOK, []string{"Already in the history: " + f.vpp}, nil)
	runArgs(t, "due", "add", "--history", f.history, f.vppOld).want(t, exitOK, []string{"Not added: " + f.vppOld, "an older token"}, nil)
	if data2, _ := os.ReadFile(f.history); !bytes.Equal(data, data2) {
		t.Errorf("the history changed:\n%s", data2)
	}

	// A daily job: what is due within 14 days, through the environment.
	t.Setenv(history.EnvVar, f.history)
	runArgs(t, "due", "--within", "14").want(t, 1, []string{"1 of 2 credentials due within 14 days: 1 expiring", "Main Campus"}, nil)
	if r := runArgs(t, "due", "--within", "14"); strings.Contains(r.stdout, "Fixture MDM") {
		t.Errorf("--within 14 lists what is not due:\n%s", r.stdout)
	}
	runArgs(t, "due", "--within", "400").want(t, 1, []string{"2 of 2 credentials due within 400 days"}, nil)
}

func TestDueFormats(t *testing.T) {
	f := newDueFiles(t)
	runArgs(t, "due", "add", "--history", f.history, "--cert", f.cert, "--key", f.key, f.vpp, f.dep).want(t, exitOK, nil, nil)

	r := runArgs(t, "due", "--history", f.history, "--format", "json")
	r.want(t, 1, nil, nil)
	var items []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil || len(items) != 2 {
		t.Fatalf("JSON: %v, %d items\n%s", err, len(items), r.stdout)
	}
	if items[0]["location"] != "Main Campus" || items[0]["status"] != "expiring" || items[0]["days_left"] != float64(20) ||
		items[1]["server"] != "Fixture MDM" || items[1]["expires"] != f.depExpiry.UTC().Format(time.RFC3339) || items[1]["expires_estimated"] != false {
		t.Errorf("JSON items:\n%s", r.stdout)
	}

	r = runArgs(t, "due", "--history", f.history, "--format", "prometheus")
	r.want(t, 1, nil, nil)
	var p expfmt.TextParser
	fams, err := p.TextToMetricFamilies(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatalf("Prometheus: %v\n%s", err, r.stdout)
	}
	for _, name := range []string{check.MetricValid, check.MetricExpiry, check.MetricEstimated, check.MetricInfo, due.MetricRenewBy} {
		if n := len(fams[name].GetMetric()); n != 2 {
			t.Errorf("%s: %d series, want 2", name, n)
		}
	}
	for _, m := range fams[due.MetricRenewBy].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == "server" && l.GetValue() == "Fixture MDM" && m.GetGauge().GetValue() != float64(f.depExpiry.AddDate(0, 0, -30).Unix()) {
				t.Errorf("renew-by of the DEP token %v", m.GetGauge().GetValue())
			}
		}
	}

	r = runArgs(t, "due", "--history", f.history, "--format", "ics")
	r.want(t, 1, nil, nil)
	cal, err := ics.ParseCalendar(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatalf("ics: %v", err)
	}
	var starts []string
	for _, ev := range cal.Events() {
		starts = append(starts, ev.GetProperty(ics.ComponentPropertyDtStart).Value)
	}
	if want := f.vppExpiry.AddDate(0, 0, -30).Format("20060102") + "," + f.depExpiry.AddDate(0, 0, -30).Format("20060102"); strings.Join(starts, ",") != want {
		t.Errorf("events start %v, want %s", starts, want)
	}
}

func TestDueProblems(t *testing.T) {
	f := newDueFiles(t)
	missing := filepath.Join(f.dir, "none.jsonl")
	runArgs(t, "due", "--history", missing).want(t, exitProblem, nil, []string{"no history file " + missing, "add the tokens in use with"})

	// Not a token: refused, exit 2; the token beside it is still added.
	runArgs(t, "due", "add", "--history", f.history, f.notToken, f.cert, f.vpp).want(t, exitProblem,
		[]string{"Not added: " + f.notToken, "Not added: " + f.cert, "Only tokens are added", "Added " + f.vpp}, nil)
	// In a folder, what is no token is set aside, not refused: a folder
	// with a token and an invoice is fine; one with no token at all is not.
	folder := filepath.Join(f.dir, "mixed")
	if err := os.MkdirAll(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{f.notToken, f.vpp} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(folder, filepath.Base(src)), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	runArgs(t, "due", "add", "--history", filepath.Join(f.dir, "mixed.jsonl"), folder).want(t, exitOK,
		[]string{"Added " + filepath.Join(folder, filepath.Base(f.vpp)), "Set aside: 1 file in the folders"}, nil)
	runArgs(t, "due", "add", "--history", filepath.Join(f.dir, "nothing.jsonl"), filepath.Dir(f.notToken)).want(t, exitProblem,
		[]string{"Not added: " + filepath.Dir(f.notToken), "This folder holds no token or push certificate."}, nil)
	// A DEP token made for another MDM server is not the one in use.
	runArgs(t, "due", "add", "--history", f.history, "--cert", f.otherCert, f.dep).want(t, exitProblem,
		[]string{"Not added: " + f.dep}, nil)

	// A damaged line is skipped with a warning naming it.
	hf, err := os.OpenFile(f.history, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	hf.WriteString(`{"kind":"dep","server":"Lost","expires":"2027-` + "\n")
	hf.Close()
	runArgs(t, "due", "--history", f.history, "--within", "1").want(t, 1,
		[]string{"1 line of the history skipped as damaged"}, []string{"warning: history " + f.history + ", line 2 skipped: not valid JSON"})

	for _, args := range [][]string{
		{"due", "--format", "csv"},
		{"due", "--within", "-1"},
		{"due", "--within", "3651"},
		{"due", "--within", "9223372036854775807"}, // past time.Duration's range in days: nothing would be due
		{"due", "--within", "106752"},
		{"due", "--within", "soon"},
		{"due", "extra"},
		{"due", "add"},
		{"due", "add", "--key", f.key, f.dep},
	} {
		if r := runArgs(t, append(args, "--history", f.history)...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s%s", args, r.code, exitUsage, r.stdout, r.stderr)
		}
	}
}
