package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/mdmtoken/mdmtoken/record"
	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// TestWizardFlags checks how the wizard's flags are resolved against the
// catalog: valid values pass (case does not matter), wrong ones name the
// valid choices, and a portal must have a guide for the kind asked for.
func TestWizardFlags(t *testing.T) {
	catalog, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, c := range []struct {
		name    string
		opts    wizardOptions
		wantErr string
	}{
		{"presets", wizardOptions{guide: guideFlags{kind: "dep", apple: "ABM", portal: "Relution"}, dir: dir}, ""},
		{"portal without kind", wizardOptions{guide: guideFlags{portal: "addigy"}, dir: dir}, ""},
		{"bad kind", wizardOptions{guide: guideFlags{kind: "mdm"}, dir: dir}, `invalid --kind "mdm": use one of vpp, dep`},
		{"bad apple", wizardOptions{guide: guideFlags{apple: "apple"}, dir: dir}, "use one of business, abm, asm"},
		{"unknown portal", wizardOptions{guide: guideFlags{portal: "nosuchmdm"}, dir: dir}, `invalid --portal "nosuchmdm": use one of`},
		{"portal lacks kind", wizardOptions{guide: guideFlags{kind: "dep", portal: "addigy"}, dir: dir}, `invalid --portal "addigy": Addigy has no guide for the DEP server token`},
		{"missing dir", wizardOptions{dir: dir + "/nope"}, "not a folder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts, err := c.opts.resolve(catalog)
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatalf("resolve: %v", err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Fatalf("resolve error %v, want one containing %q", err, c.wantErr)
			}
			if c.name == "presets" && (opts.Kind != token.KindDEP || opts.Apple != "abm" || opts.Portal != "relution" || opts.Dir != dir) {
				t.Errorf("resolved %+v", opts)
			}
		})
	}
}

// relutionDEP is the built-in guide the report tests renew with.
func relutionDEP(t *testing.T) steps.Guide {
	t.Helper()
	catalog, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	g, err := catalog.Guide(token.KindDEP, "abm", "relution")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestReport: the line left on the terminal after the wizard: the renewal
// done, the reset still pending, or a practice run that touched nothing
// real.
func TestReport(t *testing.T) {
	g := relutionDEP(t)
	now := time.Date(2026, 6, 2, 12, 0, 0, 0, time.UTC)
	rep := &token.Report{Kind: token.KindDEP, Status: token.StatusOK, Expires: now.AddDate(1, 0, 0)}
	for _, c := range []struct {
		name        string
		r           ui.Result
		out, errOut string
	}{
		{"done", ui.Result{Guide: &g, Report: rep, Answered: true, Accepted: true, ResetAt: now},
			"Renewed the Automated Device Enrollment (DEP) server token in Relution; new expiry 2027-06-02", ""},
		{"estimated", ui.Result{Guide: &g, Report: &token.Report{Kind: token.KindDEP, Status: token.StatusOK, Expires: now.AddDate(1, 0, 0), ExpiresEstimated: true},
			Answered: true, Accepted: true, ResetAt: now},
			"new expiry 2027-06-02 (estimated), renew by 2027-05-03.", ""},
		{"another server's token to upload", ui.Result{Guide: &g, Report: rep, Answered: true, Accepted: true, ResetAt: now,
			AlsoToDo: []string{"Upload Staging_Token.p7m to the MDM of the server \"Staging\" too"}},
			"renew by 2027-05-03.\nStill to do: Upload Staging_Token.p7m to the MDM of the server \"Staging\" too.\n", ""},
		{"reset pending", ui.Result{Guide: &g, Report: rep, ResetAt: now, Resumable: true},
			"", "Warning: the old DEP server token is already reset. Upload the new *_smime.p7m in Relution now.\nRun mdmtoken again to resume where you stopped."},
		{"reset pending, no place saved", ui.Result{Kind: token.KindVPP, ResetAt: now},
			"", "Warning: the location's old content token is already reset. Upload the new sToken_for_<Location>.vpptoken in your MDM now.\nRun mdmtoken again and choose it on the first screen."},
		{"a content token renewal left past the download", ui.Result{Kind: token.KindVPP, MayHaveDownloaded: true, Resumable: true},
			"", "If you downloaded the new sToken_for_<Location>.vpptoken, the location's old content token no longer works: upload the new one in your MDM soon.\nRun mdmtoken again to resume where you stopped."},
		{"the same, its location known", ui.Result{Kind: token.KindVPP, MayHaveDownloaded: true, Location: "Main Campus"},
			"", `If you downloaded the new content token for location "Main Campus", the location's old content token no longer works`},
		{"a reset renewal started over, another one done", ui.Result{Kind: token.KindVPP, Guide: &g, Report: rep, Answered: true, Accepted: true}.AfterStartOver(
			&renewal.Place{Kind: token.KindDEP, Renewing: "Staging", DownloadConfirmedAt: now.Add(-time.Hour)}),
			"Renewed the", "Warning: The old DEP server token of the renewal you started over (Staging) stopped working on 2026-06-02"},
		{"practice", ui.Result{Guide: &g, Report: rep, ResetAt: now, Practice: &renewal.Score{Checked: 1}},
			"Practice run: nothing real was downloaded, reset or uploaded.", ""},
		{"hostile record folder", ui.Result{Guide: &g, Report: rep, Answered: true, Accepted: true,
			RecordFile: "/tmp/rec\x1b]0;pwned\x07\u202e/r.md", CalendarFile: "/tmp/rec\n> x/r.ics"},
			`Record: /tmp/rec\x1b]0;pwned\x07\u202e/r.md`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut strings.Builder
			writeReport(&out, &errOut, c.r, now, 0, 0)
			if !strings.Contains(out.String(), c.out) || (c.errOut == "") != (errOut.Len() == 0) || !strings.Contains(errOut.String(), c.errOut) {
				t.Errorf("stdout %q, stderr %q; want %q, %q", out.String(), errOut.String(), c.out, c.errOut)
			}
			if strings.ContainsAny(out.String(), "\x1b\x07\u202e") || strings.Contains(out.String(), "\n> x") {
				t.Errorf("a path reaches the terminal raw: %q", out.String())
			}
			if c.r.Practice != nil && (strings.Contains(out.String(), "Renewed") || errOut.Len() > 0) {
				t.Errorf("a practice run reports something real: %q %q", out.String(), errOut.String())
			}
		})
	}
}

// TestReportWraps: on a narrow terminal the lines left after the wizard
// break between words, never inside one; a path stays whole.
func TestReportWraps(t *testing.T) {
	g := relutionDEP(t)
	rep := &token.Report{Kind: token.KindDEP, Status: token.StatusOK}
	path := "/home/alice/.local/share/mdmtoken/records/mdmtoken-dep-renewal-2026-06-02-production.md"
	r := ui.Result{Guide: &g, Report: rep, Answered: true, Accepted: true, RecordFile: path,
		AlsoToDo: []string{`Upload Staging_Token_2026-06-02T14-20-00Z_smime.p7m (downloaded at 14:20) to the MDM of the server "Staging" too: downloading it reset that server's token`}}
	var out, errOut strings.Builder
	writeReport(&out, &errOut, r, time.Now(), 40, 40)
	if !strings.Contains(out.String(), "Record: "+path+"\n") {
		t.Errorf("the record's path is not whole:\n%s", out.String())
	}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !strings.HasPrefix(line, "Record: ") && utf8.RuneCountInString(line) > 40 && len(strings.Fields(line)) > 1 {
			t.Errorf("line wider than 40: %q", line)
		}
	}
	if joined := strings.Join(strings.Fields(out.String()), " "); !strings.Contains(joined, "that server's token.") {
		t.Errorf("a word was broken:\n%s", out.String())
	}
}

// TestOpenState: a damaged saved place is not offered, and what was wrong
// with it is returned for the first screen and written for the end; a
// place reduced to a safe one is offered with its warning.
func TestOpenState(t *testing.T) {
	catalog, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	store := resume.Store{Path: filepath.Join(dir, "state.json")}
	if err := os.WriteFile(store.Path, []byte(`{"version": 1, "screen": "picker", "bogus": true}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	st, notes, _ := openState(store, time.Now(), &out, ui.Options{Catalog: catalog})
	if st != nil || len(notes) == 0 || !strings.Contains(notes[0], "is damaged") || !strings.Contains(out.String(), "warning: ") {
		t.Errorf("damaged: offered %v, notes %q, written %q", st, notes, out.String())
	}

	now := time.Now()
	saved := resume.State{Place: renewal.Place{Kind: "vpp", Apple: "abm", Portal: "relution", Stage: renewal.StageConfirm,
		File: filepath.Join(dir, "gone.vpptoken"), FileSHA256: strings.Repeat("ab", 32)}}
	if err := store.Save(saved, now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	st, notes, _ = openState(store, now, &out, ui.Options{Catalog: catalog})
	if st == nil || st.Stage != renewal.StagePicker || len(notes) != 1 || !strings.Contains(notes[0], "no longer there") {
		t.Errorf("reduced: offered %+v, notes %q", st, notes)
	}
}

// TestOpenStateOtherFlags: a saved place for another credential, Apple
// portal or MDM portal than the flags ask for is not offered; the first
// screen says what is saved and how to resume it, and the file stays.
func TestOpenStateOtherFlags(t *testing.T) {
	catalog, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	store := resume.Store{Path: filepath.Join(t.TempDir(), "state.json")}
	now := time.Now()
	saved := resume.State{Place: renewal.Place{Kind: token.KindVPP, Apple: "abm", Portal: "relution", Stage: renewal.StageAppleSteps, Step: 1}}
	if err := store.Save(saved, now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(store.Path)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name                string
		kind                token.Kind
		apple, portal, want string // want: in the note, empty when offered
	}{
		{"no flags", "", "", "", ""},
		{"same place", token.KindVPP, "abm", "relution", ""},
		{"same kind only", token.KindVPP, "", "", ""},
		{"same portal only", "", "", "relution", ""},
		{"other everything", token.KindDEP, "asm", "jamf", "flags ask for a DEP server token renewal in Apple School Manager and Jamf Pro."},
		{"other kind", token.KindPush, "", "", "flags ask for an APNs push certificate renewal."},
		{"other portal", token.KindVPP, "", "jamf", "flags ask for a VPP content token renewal in Jamf Pro."},
		{"other Apple portal", token.KindVPP, "asm", "relution", "An unfinished VPP content token renewal in Apple Business Manager (classic) and Relution is saved"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			st, notes, other := openState(store, now, &out, ui.Options{Catalog: catalog, Kind: c.kind, Apple: c.apple, Portal: c.portal})
			if other != (c.want != "") {
				t.Errorf("other place %v", other)
			}
			if c.want == "" {
				if st == nil || st.Portal != "relution" || len(notes) != 0 || out.Len() != 0 {
					t.Errorf("not offered as it should be: %+v, notes %q, written %q", st, notes, out.String())
				}
				return
			}
			if st != nil || len(notes) != 1 {
				t.Fatalf("offered %+v, notes %q", st, notes)
			}
			if !strings.Contains(notes[0], c.want) || !strings.Contains(notes[0], "An unfinished VPP content token renewal") ||
				!strings.Contains(notes[0], "It is kept (this run saves no place to resume): run mdmtoken without flags to resume it.") {
				t.Errorf("note %q, want %q", notes[0], c.want)
			}
			if strings.Count(out.String(), "warning: ") != 1 || !strings.Contains(out.String(), c.want) {
				t.Errorf("written %q", out.String())
			}
		})
	}
	after, err := os.ReadFile(store.Path)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("the saved place changed: %v\n%s\n%s", err, before, after)
	}
}

// TestRecordDirDefault: without --record-dir, records and reminders go
// under the user's data folder, never the working folder; the folder is
// made 0700 and the files 0600; --record-dir still wins.
func TestRecordDirDefault(t *testing.T) {
	catalog, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cmd := &cobra.Command{Use: "mdmtoken"}
	var o wizardOptions
	o.register(cmd)
	if f := cmd.Flags().Lookup("record-dir"); f.DefValue != "" || !strings.Contains(f.Usage, "mdmtoken/records") {
		t.Errorf("--record-dir default %q, usage %q", f.DefValue, f.Usage)
	}
	home, data := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	for _, c := range []struct {
		name, xdg, flag, want string
	}{
		{"XDG_DATA_HOME", data, "", filepath.Join(data, "mdmtoken", "records")},
		{"relative XDG_DATA_HOME ignored", "rel", "", filepath.Join(home, ".local", "share", "mdmtoken", "records")},
		{"no XDG_DATA_HOME", "", "", filepath.Join(home, ".local", "share", "mdmtoken", "records")},
		{"flag wins", data, home, home},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("XDG_DATA_HOME", c.xdg)
			opts, err := wizardOptions{dir: home, recordDir: c.flag}.resolve(catalog)
			if err != nil || opts.RecordDir != c.want {
				t.Errorf("record folder %q (%v), want %q", opts.RecordDir, err, c.want)
			}
		})
	}

	t.Setenv("XDG_DATA_HOME", data)
	opts, err := wizardOptions{dir: home}.resolve(catalog)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	md, ics, err := record.Save(opts.RecordDir, record.Renewal{Kind: token.KindVPP, Org: "Example School", NewExpiry: now.AddDate(1, 0, 0)}, now)
	if err != nil {
		t.Fatal(err)
	}
	for path, mode := range map[string]os.FileMode{opts.RecordDir: 0o700, md: 0o600, ics: 0o600} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != mode || filepath.Dir(md) != opts.RecordDir {
			t.Errorf("%s: mode %v, want %v in %s", path, info.Mode().Perm(), mode, opts.RecordDir)
		}
	}
}

// TestEndStatus: the wizard exits 1 while an old token is reset and its
// new one not uploaded, or another server's token is left to upload, in
// either front end; never for a practice run.
func TestEndStatus(t *testing.T) {
	now := time.Date(2026, 6, 2, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		r    renewal.Ending
		want int
	}{
		{"done", renewal.Ending{ResetAt: now, Answered: true, Accepted: true}, exitOK},
		{"reset pending", renewal.Ending{ResetAt: now}, exitResetPending},
		{"another server's token left", renewal.Ending{Answered: true, Accepted: true, AlsoToDo: []string{"Upload it"}}, exitResetPending},
		{"practice, reset pending", renewal.Ending{ResetAt: now, Practice: &renewal.Score{}}, exitOK},
		{"practice, another server's token left", renewal.Ending{AlsoToDo: []string{"Upload it"}, Practice: &renewal.Score{}}, exitOK},
		{"a reset renewal started over", renewal.Ending{}.AfterStartOver(&renewal.Place{Kind: token.KindDEP, DownloadConfirmedAt: now}), exitResetPending},
		{"started over and renewed", renewal.Ending{Kind: token.KindDEP, Answered: true, Accepted: true, Report: &token.Report{Server: "staging"}}.AfterStartOver(
			&renewal.Place{Kind: token.KindDEP, Renewing: "Staging", DownloadConfirmedAt: now}), exitOK},
		{"started over, another server renewed", renewal.Ending{Kind: token.KindDEP, Answered: true, Accepted: true, Report: &token.Report{Server: "Production"}}.AfterStartOver(
			&renewal.Place{Kind: token.KindDEP, Renewing: "Staging", DownloadConfirmedAt: now}), exitResetPending},
		{"started over, its server not known", renewal.Ending{Kind: token.KindDEP, Answered: true, Accepted: true, Report: &token.Report{Server: "Staging"}}.AfterStartOver(
			&renewal.Place{Kind: token.KindDEP, DownloadConfirmedAt: now}), exitResetPending},
		{"a place that reset nothing, started over", renewal.Ending{}.AfterStartOver(&renewal.Place{Kind: token.KindDEP}), exitOK},
	} {
		code := exitOK
		var ee *exitError
		if err := endStatus(c.r); errors.As(err, &ee) {
			code = ee.code
		}
		if code != c.want {
			t.Errorf("%s: %d, want %d", c.name, code, c.want)
		}
	}
}

// TestKeepWarnings: the warnings of the first screen stay on the terminal
// when the wizard ends, but the saved place's not after a renewal done.
func TestKeepWarnings(t *testing.T) {
	const general, place = "warning: history h, line 3 skipped\n", "warning: The file of your saved place is no longer there\n"
	for _, done := range []bool{false, true} {
		var b strings.Builder
		keepWarnings(&b, general, place, done)
		if !strings.Contains(b.String(), general) || strings.Contains(b.String(), place) != !done {
			t.Errorf("done %v: %q", done, b.String())
		}
	}
}

// TestResumedRenewalDone: the saved place's warnings are dropped at the end
// only when the renewal resumed from it was done.
func TestResumedRenewalDone(t *testing.T) {
	catalog, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	r, err := renewal.Resume(renewal.Config{Catalog: catalog}, renewal.Place{Kind: token.KindVPP, Apple: "abm", Portal: "relution", Stage: renewal.StagePicker})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Ending().Resumed || renewal.New(renewal.Config{Catalog: catalog}).Ending().Resumed {
		t.Error("Resumed does not say whether the renewal came from a saved place")
	}
}
