package renewal

import (
	"github.com/mdmtoken/mdmtoken/history"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/internal/downloadstest"
	"github.com/mdmtoken/mdmtoken/sample"
	"github.com/mdmtoken/mdmtoken/token"
)

// TestAfterReset: once Download Token was confirmed, only a token from that
// download goes on; every other file points back to that download, and a
// token for another server made in this run says it reset that server too.
// The file list marks each file as its verdict judges it.
func TestAfterReset(t *testing.T) {
	id := downloadstest.Identity(t, "..")
	other := downloadstest.OtherIdentity(t, "..")
	confirmed := now
	for _, c := range []struct {
		name    string
		confirm bool
		file    func(t *testing.T, f downloadstest.Folder) string
		status  token.Status
		choices []Choice
		action  string // in the advice
		note    string // in a note
		back    Choice // a way back to Apple's steps
		backTo  string // the id of the Apple step it leads to
	}{
		{name: "this download", confirm: true, file: func(_ *testing.T, f downloadstest.Folder) string { return f.FreshDEP },
			status: token.StatusOK, choices: []Choice{Continue, PickAgain}},
		{name: "an earlier download this week", confirm: true, file: func(t *testing.T, f downloadstest.Folder) string {
			at := now.AddDate(0, 0, -2)
			b, err := sample.DEP(id, at.AddDate(1, 0, 0), sample.DEPOptions{Seed: 9})
			if err != nil {
				t.Fatal(err)
			}
			name := sample.DEPFileName(downloadstest.Server, at)
			if err := writeFile(f.Path(name), b); err != nil {
				t.Fatal(err)
			}
			return name
		}, status: token.StatusStale, choices: []Choice{PickAgain, Quit},
			action: "Pick " + downloadstest.At("", now).FreshDEP + " instead (Pick another file): it is beside this one and newer. Do not download again"},
		{name: "last year's", confirm: true, file: func(_ *testing.T, f downloadstest.Folder) string { return f.OldDEP },
			status: token.StatusStale, choices: []Choice{PickAgain, Quit},
			action: "Pick " + downloadstest.At("", now).FreshDEP + " instead"},
		{name: "last year's, alone", confirm: true, file: func(t *testing.T, f downloadstest.Folder) string {
			if err := os.Remove(f.Path(f.FreshDEP)); err != nil {
				t.Fatal(err)
			}
			return f.OldDEP
		}, status: token.StatusStale, choices: []Choice{PickAgain, Quit},
			action: "Pick the token downloaded when you confirmed Download Token at 14:30"},
		{name: "wrong kind, the download beside it", confirm: true, file: func(_ *testing.T, f downloadstest.Folder) string { return f.VPP },
			status: token.StatusWrongKind, choices: []Choice{PickAgain, Quit},
			action: "Pick " + downloadstest.At("", now).FreshDEP + " instead (Pick another file): it is the DEP server token beside this one, for the MDM server \"Campus MDM\". Do not download again"},
		{name: "wrong kind, alone", confirm: true, file: func(t *testing.T, f downloadstest.Folder) string {
			if err := os.Remove(f.Path(f.FreshDEP)); err != nil {
				t.Fatal(err)
			}
			return f.VPP
		}, status: token.StatusWrongKind, choices: []Choice{PickAgain, Quit},
			action: "Pick the token downloaded when you confirmed Download Token at 14:30"},
		{name: "another server, downloaded now, this server's beside it", confirm: true, file: func(t *testing.T, f downloadstest.Folder) string {
			return f.AddOtherServer(t, now, other)
		}, status: token.StatusWrongServer, choices: []Choice{PickAgain, ChooseServer, Quit},
			action: "Pick " + downloadstest.At("", now).FreshDEP + " instead", note: `reset the token of the MDM server "Other MDM" too`},
		{name: "another server, downloaded now, alone", confirm: true, file: func(t *testing.T, f downloadstest.Folder) string {
			if err := os.Remove(f.Path(f.FreshDEP)); err != nil {
				t.Fatal(err)
			}
			return f.AddOtherServer(t, now, other)
		}, status: token.StatusWrongServer, choices: []Choice{PickAgain, ChooseServer, Quit},
			action: "choosing the MDM server", note: `reset the token of the MDM server "Other MDM" too`, back: ChooseServer, backTo: "server"},
		{name: "before the download, a new token beside it", file: func(_ *testing.T, f downloadstest.Folder) string { return f.OldDEP },
			status: token.StatusStale, choices: []Choice{PickAgain, Redownload, Quit}, // not used anyway: the new one replaced it
			action: "Pick " + downloadstest.At("", now).FreshDEP + " instead (Pick another file): it is beside this one and newer."},
		{name: "before the download: a new download, in the portal's words", file: func(t *testing.T, f downloadstest.Folder) string {
			if err := os.Remove(f.Path(f.FreshDEP)); err != nil {
				t.Fatal(err)
			}
			return f.OldDEP
		},
			status: token.StatusStale, choices: []Choice{PickAgain, Redownload, UseAnyway, Quit},
			action: "Download a new server token in Apple Business Manager (classic): Select your name at the bottom of the sidebar",
			back:   Redownload, backTo: "download"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := downloads(t)
			r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution", Cert: id.Cert})
			r.Next()
			if c.confirm {
				r.ConfirmStep(len(r.Guide().AppleSteps)-1, confirmed)
			}
			r.StepsDone()
			path := f.Path(c.file(t, f))
			// The file list marks the file as the verdict will judge it.
			if listed := r.Lookup().Inspect(path); listed.Status.Severity() != c.status.Severity() {
				t.Errorf("the list marks it %s, the verdict %s", listed.Status, c.status)
			}
			r.FileChecked(r.Lookup().CheckFile(path, nil))
			rep := r.Chosen().Report
			if rep.Status != c.status || !slices.Equal(r.Choices(), c.choices) {
				t.Errorf("status %s, choices %v; want %s, %v\n%s", rep.Status, r.Choices(), c.status, c.choices, rep.Message)
			}
			if !strings.Contains(rep.Action, c.action) {
				t.Errorf("advice %q lacks %q", rep.Action, c.action)
			}
			if !strings.Contains(rep.Message, c.note) || c.note == "" && strings.Contains(rep.Message, "reset the token of") {
				t.Errorf("message %q, want %q", rep.Message, c.note)
			}
			if c.back != 0 {
				r.Decide(c.back)
				if got := r.Guide().AppleSteps[r.Step(StageAppleSteps)].ID; r.Stage() != StageAppleSteps || got != c.backTo {
					t.Errorf("back at %s step %q, want Apple step %q", r.Stage(), got, c.backTo)
				}
			}
		})
	}
}

// TestWrongServerOldDownload: a token for another server downloaded long
// before this run did not reset anything now.
func TestWrongServerOldDownload(t *testing.T) {
	f := downloads(t)
	other := downloadstest.OtherIdentity(t, "..")
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution", Cert: downloadstest.Identity(t, "..").Cert})
	r.Next()
	r.ConfirmStep(len(r.Guide().AppleSteps)-1, now.Add(2*time.Hour))
	r.StepsDone()
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.AddOtherServer(t, now, other)), nil))
	if rep := r.Chosen().Report; rep.Status != token.StatusWrongServer || strings.Contains(rep.Message, "reset the token of") {
		t.Errorf("status %s, message %q", rep.Status, rep.Message)
	}
}

// TestAlsoReset: a token for another MDM server downloaded since the
// confirmed Download Token, beside the one renewed, reset that server's
// token too: the verdict says so, and the renewal keeps it for the summary
// and the record. One downloaded shortly before the confirmation may be
// anyone's: what to do says so; one downloaded long before it reset
// nothing now.
func TestAlsoReset(t *testing.T) {
	other := downloadstest.OtherIdentity(t, "..")
	for _, c := range []struct {
		name      string
		confirmed time.Time
		want      int
		earlier   bool
	}{
		{"downloaded since the confirmation", now.Add(-15 * time.Minute), 1, false},
		{"downloaded shortly before it", now, 1, true},
		{"downloaded long before it", now.Add(2 * time.Hour), 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := downloads(t)
			otherName := f.AddOtherServer(t, now, other)
			r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution", Cert: downloadstest.Identity(t, "..").Cert})
			r.Next()
			r.ConfirmStep(len(r.Guide().AppleSteps)-1, c.confirmed)
			r.StepsDone()
			r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
			ch := r.Chosen()
			action := ch.Report.Action
			if len(ch.AlsoReset) != c.want || strings.Contains(action, otherName) != (c.want > 0) {
				t.Fatalf("also reset %+v, what to do %q", ch.AlsoReset, action)
			}
			if c.want == 0 {
				return
			}
			if o := ch.AlsoReset[0]; o.Name() != otherName || o.Server != downloadstest.OtherServer {
				t.Errorf("also reset %+v", o)
			}
			todo := `to the MDM of the server "Other MDM" too: downloading it reset that server's token.`
			if c.earlier {
				todo = `(downloaded at 14:20, before this renewal's download was confirmed) to the MDM of the server "Other MDM" too, unless it was uploaded since: downloading it reset that server's token.`
			}
			if !strings.HasPrefix(action, "Upload it to the MDM") || !strings.Contains(action, todo) {
				t.Errorf("what to do %q, want %q in it", action, todo)
			}
			if notes := strings.Join(ch.Report.Notes, " "); strings.Contains(notes, otherName) {
				t.Errorf("said again in a note: %q", notes)
			}
			if ch.Report.Status != token.StatusOK {
				t.Errorf("the renewed token is %s", ch.Report.Status)
			}
		})
	}
}

// TestPastedDEP: pasted DEP text has no name to date it; after a confirmed
// download it is taken to be that download, with an estimated expiry, and
// its checks say so instead of claiming a fresh download.
func TestPastedDEP(t *testing.T) {
	f := downloads(t)
	text, err := os.ReadFile(f.Path(f.FreshDEP))
	if err != nil {
		t.Fatal(err)
	}
	for _, confirm := range []bool{true, false} {
		r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution"})
		r.Next()
		if confirm {
			r.ConfirmStep(len(r.Guide().AppleSteps)-1, now)
		}
		r.StepsDone()
		r.PasteInstead()
		r.FileChecked(r.Lookup().CheckText(string(text)))
		c := r.Chosen()
		checks := strings.Join(r.Checks(), "; ")
		switch {
		case confirm && (c.Report.Status != token.StatusOK || !c.DownloadAssumed || !c.Report.Expires.Equal(now.AddDate(1, 0, 0)) ||
			!c.Report.ExpiresEstimated || !strings.Contains(checks, "taken as the download confirmed at 14:30") || strings.Contains(checks, "a fresh download")):
			t.Errorf("after the download: %+v, checks %q", c, checks)
		case !confirm && (c.Report.Status != token.StatusUnverified || c.DownloadAssumed || c.Report.HasExpiry()):
			t.Errorf("without a download: %+v", c)
		}
	}
}

// TestReplacedVPPLocation: a VPP token replaces the one of its own
// location: another location of the same organization, or a file whose
// location is unknown, is never taken for it; a browser's " (1)" copy is
// the same location.
func TestReplacedVPPLocation(t *testing.T) {
	f := downloads(t)
	write := func(name string, expires time.Time) {
		if err := writeFile(f.Path(name), sample.VPP(downloadstest.Org, expires)); err != nil {
			t.Fatal(err)
		}
	}
	lastYear := now.AddDate(0, 0, 6)
	write("sToken_for_North Wing.vpptoken", now.AddDate(1, 0, -1)) // another location, renewed just before
	write("sToken_for_Main Campus (1).vpptoken", lastYear)         // this location, last year's
	write("token.vpptoken", now.AddDate(0, 0, 3))                  // renamed: whose is unknown
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindVPP, Apple: "abm", Portal: "relution"})
	l := r.Lookup()
	c := l.CheckFile(f.Path(f.VPP), nil)
	if !c.ReplacedExpiry.Equal(l.Inspect(f.Path("sToken_for_Main Campus (1).vpptoken")).Expires) || c.Location() != "Main Campus" {
		t.Errorf("replaced expiry %v, location %q; want last year's token of Main Campus", c.ReplacedExpiry, c.Location())
	}
	north := l.CheckFile(f.Path("sToken_for_North Wing.vpptoken"), nil)
	if !north.ReplacedExpiry.IsZero() || north.Location() != "North Wing" {
		t.Errorf("North Wing replaces a token expiring %v (location %q); want none", north.ReplacedExpiry, north.Location())
	}
	if renamed := l.CheckFile(f.Path("token.vpptoken"), nil); !renamed.ReplacedExpiry.IsZero() || renamed.Location() != "" {
		t.Errorf("a renamed token replaces one expiring %v", renamed.ReplacedExpiry)
	}

	// The record carries the location.
	r.Next()
	r.StepsDone()
	r.FileChecked(c)
	r.Decide(Continue)
	r.StepsDone()
	r.Answer(true)
	if rec, ok := r.Record(now); !ok || rec.Location != "Main Campus" || rec.Org != downloadstest.Org {
		t.Errorf("record %+v", rec)
	}
}

// TestAdviceFollowsPortal: the advice for a wrong file names the menus of
// the Apple portal chosen, never those of the other design.
func TestAdviceFollowsPortal(t *testing.T) {
	f := downloads(t)
	remove(t, f.Path(f.FreshDEP)) // a new token beside a wrong one would be the advice
	other := downloadstest.OtherIdentity(t, "..")
	otherServer := f.AddOtherServer(t, now, other)
	noVPP := downloads(t) // a content token beside a wrong pick would be the advice too
	remove(t, noVPP.Path(noVPP.VPP))
	const classic, newDesign = "Select your name at the bottom of the sidebar", "Management Services"
	for _, c := range []struct {
		kind      token.Kind
		apple     string
		file      string
		cert      bool
		want, not string
	}{
		{token.KindVPP, "business", f.OldDEP, false, "from Apple Business (new design): In your browser, choose Settings > Payments & Billing.", classic},
		{token.KindVPP, "abm", f.OldDEP, false, "from Apple Business Manager (classic): " + classic, "Settings > Payments"},
		{token.KindVPP, "asm", f.PEM, false, "from Apple School Manager: " + classic, newDesign},
		{token.KindDEP, "business", f.OldDEP, false, "in Apple Business (new design): Select the Devices tab, then Management Services.", classic},
		{token.KindDEP, "abm", f.VPP, false, "from Apple Business Manager (classic): " + classic, newDesign},
		{token.KindDEP, "business", otherServer, true, "choosing the MDM server in Apple Business (new design): Select the device management service your MDM uses.", classic},
		{token.KindDEP, "asm", otherServer, true, "choosing the MDM server in Apple School Manager: Under Your MDM Servers, select the server your MDM uses.", newDesign},
	} {
		t.Run(string(c.kind)+" "+c.apple, func(t *testing.T) {
			cfg := Config{Catalog: catalog(t), Now: clock, Kind: c.kind, Apple: c.apple, Portal: "other"}
			if c.cert {
				cfg.Cert = downloadstest.Identity(t, "..").Cert
			}
			r := New(cfg)
			r.Next()
			r.StepsDone()
			dir := f
			if c.kind == token.KindVPP {
				dir = noVPP
			}
			r.FileChecked(r.Lookup().CheckFile(dir.Path(c.file), nil))
			if a := r.Chosen().Report.Action; !strings.Contains(a, c.want) || strings.Contains(a, c.not) {
				t.Errorf("advice %q: want %q, not %q", a, c.want, c.not)
			}
		})
	}
}

// TestReplacedDEPNotSameRenewal: a token of the same server downloaded in
// the same renewal (an hour earlier) is not the one the new token
// replaces: the old expiry is last year's token's.
func TestReplacedDEPNotSameRenewal(t *testing.T) {
	f := downloads(t)
	id := downloadstest.Identity(t, "..")
	at := now.Add(-time.Hour)
	b, err := sample.DEP(id, at.AddDate(1, 0, 0), sample.DEPOptions{Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	if err := writeFile(f.Path(sample.DEPFileName(downloadstest.Server, at)), b); err != nil {
		t.Fatal(err)
	}
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution", Cert: id.Cert})
	l := r.Lookup()
	c := l.CheckFile(f.Path(f.FreshDEP), nil)
	if want := l.Inspect(f.Path(f.OldDEP)).Expires; !c.ReplacedExpiry.Equal(want) {
		t.Errorf("replaced expiry %v, want last year's %v", c.ReplacedExpiry, want)
	}
}

// TestNewerBeside: a token with a newer one beside it for the same DEP
// server or VPP location was replaced by that download: its verdict says
// so and points to the newer file, even when both are recent.
func TestNewerBeside(t *testing.T) {
	id := downloadstest.Identity(t, "..")
	f := downloads(t)
	earlier := now.Add(-40 * time.Minute) // before the fixture's new token, within the hour before the confirmation
	b, err := sample.DEP(id, earlier.AddDate(1, 0, 0), sample.DEPOptions{Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	older := sample.DEPFileName(downloadstest.Server, earlier)
	if err := writeFile(f.Path(older), b); err != nil {
		t.Fatal(err)
	}
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution", Cert: id.Cert})
	r.Next()
	r.ConfirmStep(len(r.Guide().AppleSteps)-1, now)
	r.StepsDone()
	r.FileChecked(r.Lookup().CheckFile(f.Path(older), nil))
	c := r.Chosen()
	if c.Report.Status != token.StatusReplaced || !strings.Contains(c.Report.Message, `A newer token for the MDM server "`+downloadstest.Server+`" is beside this one: `+f.FreshDEP) ||
		!strings.HasPrefix(c.Report.Action, "Pick "+f.FreshDEP+" instead") || !slices.Equal(r.Choices(), []Choice{PickAgain, Quit}) {
		t.Errorf("older DEP token: %s, %q, %q, %v", c.Report.Status, c.Report.Message, c.Report.Action, r.Choices())
	}
	// The picker's list marks it as its verdict does.
	var cands []Candidate
	for _, n := range []string{older, f.FreshDEP} {
		info, err := os.Stat(f.Path(n))
		if err != nil {
			t.Fatal(err)
		}
		cands = append(cands, Candidate{Name: n, Modified: info.ModTime()})
	}
	r.Lookup().InspectAll(f.Dir, cands)
	if cands[0].Report.Status != token.StatusReplaced || cands[1].Report.Status != token.StatusOK {
		t.Errorf("the list marks the older %s and the newer %s", cands[0].Report.Status, cands[1].Report.Status)
	}
	r.Decide(PickAgain)
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
	if c := r.Chosen(); c.Report.Status != token.StatusOK || c.Newer != "" {
		t.Errorf("the newest: %s, newer %q", c.Report.Status, c.Newer)
	}

	dir := t.TempDir()
	old, fresh := sample.VPPFileName("Main Campus"), "sToken_for_Main Campus (1).vpptoken"
	if err := writeFile(filepath.Join(dir, old), sample.VPP("Lakeside", now.AddDate(0, 0, 10))); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(filepath.Join(dir, fresh), sample.VPP("Lakeside", now.AddDate(1, 0, 0))); err != nil {
		t.Fatal(err)
	}
	v := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindVPP, Apple: "abm", Portal: "relution"})
	v.Next()
	v.StepsDone()
	v.FileChecked(v.Lookup().CheckFile(filepath.Join(dir, old), nil))
	if c := v.Chosen(); c.Report.Status != token.StatusStale || !strings.HasPrefix(c.Report.Action, "Pick "+fresh+" instead") {
		t.Errorf("last year's VPP token beside the new one: %s, %q", c.Report.Status, c.Report.Action)
	}
	// Back to the list, it starts on the file pointed to, though another
	// location's token is newer.
	if err := writeFile(filepath.Join(dir, sample.VPPFileName("Library")), sample.VPP("Lakeside", now.AddDate(1, 0, 0).Add(time.Minute))); err != nil {
		t.Fatal(err)
	}
	v.Decide(PickAgain)
	var list []Candidate
	for i, n := range []string{old, fresh, sample.VPPFileName("Library")} {
		list = append(list, Candidate{Name: n, Modified: now.Add(time.Duration(i) * time.Minute)})
	}
	l := v.Lookup()
	l.InspectAll(dir, list)
	if best, good := l.Preselect(list); best != 1 || !good {
		t.Errorf("the list starts on %d (%v), want %s", best, good, fresh)
	}
}

// TestChooseServerConfirmsAgain: back to choosing the MDM server after a
// token for another server, the next Download Token asks for its warning
// to be confirmed again; the first confirmation stays the start of the
// reset, so the other server's token stays still to do even hours later.
func TestChooseServerConfirmsAgain(t *testing.T) {
	f := downloads(t)
	remove(t, f.Path(f.FreshDEP))
	otherName := f.AddOtherServer(t, now, downloadstest.OtherIdentity(t, ".."))
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution", Cert: downloadstest.Identity(t, "..").Cert})
	r.Next()
	download := len(r.Guide().AppleSteps) - 1
	r.ConfirmStep(download, now)
	r.StepsDone()
	r.FileChecked(r.Lookup().CheckFile(f.Path(otherName), nil))
	r.Decide(ChooseServer)
	if r.Stage() != StageAppleSteps || r.Confirmed(StageAppleSteps, download) || r.DownloadConfirmed().IsZero() {
		t.Fatalf("back at %s, download confirmed %v", r.Stage(), r.Confirmed(StageAppleSteps, download))
	}
	later := now.Add(3 * time.Hour)
	r.SetStep(download)
	r.ConfirmStep(download, later)
	if !r.Confirmed(StageAppleSteps, download) || !r.DownloadConfirmed().Equal(now) {
		t.Errorf("confirmed again: %v, reset since %v, want %v", r.Confirmed(StageAppleSteps, download), r.DownloadConfirmed(), now)
	}
}

// TestAlsoResetOncePerServer: two downloads for another server during the
// renewal leave one thing to do, the newer file (it replaced the other);
// one the history shows as uploaded since leaves nothing.
func TestAlsoResetOncePerServer(t *testing.T) {
	f := downloads(t)
	other := downloadstest.OtherIdentity(t, "..")
	first := f.AddOtherServer(t, now.Add(-20*time.Minute), other)
	second := f.AddOtherServer(t, now, other)
	check := func(known []history.Item) []OtherToken {
		r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution",
			Cert: downloadstest.Identity(t, "..").Cert, Known: known})
		r.Next()
		r.ConfirmStep(len(r.Guide().AppleSteps)-1, now)
		r.StepsDone()
		r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
		return r.Chosen().AlsoReset
	}
	if got := check(nil); len(got) != 1 || got[0].Name() != second || strings.Contains(r0(got), first) {
		t.Errorf("also reset %+v, want only %s", got, second)
	}
	uploaded := history.Credentials([]history.Entry{{Kind: token.KindDEP, Server: downloadstest.OtherServer,
		Expires: now.AddDate(1, 0, 0), Recorded: now.Add(-time.Minute), Source: history.SourceRenewal}}, now, 0)
	if got := check(uploaded); len(got) != 0 {
		t.Errorf("a token the history shows uploaded since is still to do: %+v", got)
	}
}

func r0(others []OtherToken) string {
	var names []string
	for _, o := range others {
		names = append(names, o.Name())
	}
	return strings.Join(names, " ")
}

// TestWrongKindPointsToTheWantedFile: a file of another kind picked while
// a good token of the kind renewed is beside it is answered with that
// file (or, several, with their names), not with a new download.
func TestWrongKindPointsToTheWantedFile(t *testing.T) {
	f := downloads(t)
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindVPP, Apple: "abm", Portal: "relution"})
	r.Next()
	r.StepsDone()
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.PEM), nil))
	if a := r.Chosen().Report.Action; !strings.HasPrefix(a, "Pick "+f.VPP+" instead (Pick another file): it is the VPP content token beside this one, for location \"Main Campus\".") {
		t.Errorf("one content token beside: %q", a)
	}
	if l := r.Lookup(); l.prefer != f.Path(f.VPP) {
		t.Errorf("the picker starts on %q, not on the file named", l.prefer)
	}
	other := f.Path("sToken_for_Library.vpptoken")
	if err := os.WriteFile(other, sample.VPP(downloadstest.Org, now.AddDate(1, 0, 0).Add(-2*time.Hour)), 0o600); err != nil {
		t.Fatal(err)
	}
	r.Decide(PickAgain)
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.PEM), nil))
	if a := r.Chosen().Report.Action; !strings.HasPrefix(a, "Pick the location's VPP content token instead (Pick another file): beside this one are "+f.VPP+", sToken_for_Library.vpptoken.") {
		t.Errorf("two locations' tokens beside: %q", a)
	}
}

// TestCheckingAReplacedToken: checking a file, a token that a newer one of
// its server beside it replaced says so whatever it is alone, as
// mdmtoken check does: nothing to do with it, no renewing it (that would
// reset the newer one), and the picker starts on the newer one next.
func TestCheckingAReplacedToken(t *testing.T) {
	f := downloads(t)
	r := New(Config{Catalog: catalog(t), Now: clock})
	r.BeginCheck()
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.OldDEP), nil))
	c := r.Chosen()
	if c.Newer != f.Path(f.FreshDEP) || c.Report.Status != token.StatusReplaced || !strings.Contains(c.Report.Message, "A newer token for the MDM server") ||
		!strings.HasSuffix(c.Report.Message, "On its own it is expiring.") {
		t.Fatalf("newer %q, status %s, message %q", c.Newer, c.Report.Status, c.Report.Message)
	}
	if a := c.Report.Action; !strings.HasPrefix(a, "Nothing to do with this file") || !strings.Contains(a, f.FreshDEP) || strings.Contains(a, "Download a new") {
		t.Errorf("what to do %q", a)
	}
	if got := r.Choices(); slices.Contains(got, RenewThis) {
		t.Errorf("choices %v offer to renew a replaced token", got)
	}
	r.Decide(PickAgain)
	var cands []Candidate
	for _, name := range f.Names() {
		c := Candidate{Name: name, Modified: now.Add(-time.Hour)}
		if name == f.VPP {
			c.Modified = now // the newest good file: the start, but for the verdict's pointer
		}
		cands = append(cands, c)
	}
	r.Lookup().InspectAll(f.Dir, cands)
	if i, _ := r.Lookup().Preselect(cands); i < 0 || cands[i].Name != f.FreshDEP {
		t.Errorf("the picker starts on %d, want %s", i, f.FreshDEP)
	}

	// The newest token itself is what it is.
	r = New(Config{Catalog: catalog(t), Now: clock})
	r.BeginCheck()
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
	if c := r.Chosen(); c.Newer != "" || c.Report.Status != token.StatusOK || !slices.Contains(r.Choices(), RenewThis) {
		t.Errorf("the newest token: newer %q, status %s, choices %v", c.Newer, c.Report.Status, r.Choices())
	}
}

// TestReplacedBy: the newest token replaces an older one of its DEP server
// only when encrypted for the same MDM certificate (servers of one name
// for two MDMs are not one), and of its VPP location; the newest must be
// usable (ok, expiring or stale), as mdmtoken check has it: a broken
// newest hides no older one, not even behind a usable middle one.
func TestReplacedBy(t *testing.T) {
	a := []token.Recipient{{Issuer: "CN=MDM A", Serial: "01"}}
	b := []token.Recipient{{Issuer: "CN=MDM B", Serial: "01"}}
	dep := func(at time.Time, st token.Status, rc []token.Recipient) token.Report {
		return token.Report{Kind: token.KindDEP, Status: st, Server: "Main", Downloaded: at, Recipients: rc}
	}
	vpp := func(exp time.Time, st token.Status) token.Report {
		return token.Report{Kind: token.KindVPP, Status: st, Org: "School", Location: "Annex", Expires: exp}
	}
	for _, c := range []struct {
		name     string
		old, new token.Report
		want     bool
	}{
		{"same server, same MDM", dep(now.AddDate(-1, 0, 0), token.StatusExpiring, a), dep(now, token.StatusOK, a), true},
		{"same name, another MDM", dep(now.AddDate(-1, 0, 0), token.StatusExpiring, a), dep(now, token.StatusOK, b), false},
		{"an expiring newer location token", vpp(now.AddDate(0, 0, -1), token.StatusExpired), vpp(now.AddDate(0, 0, 20), token.StatusExpiring), true},
		{"a repaired newer one", vpp(now.AddDate(0, 0, -1), token.StatusExpired), vpp(now.AddDate(1, 0, 0), token.StatusRepaired), false},
		{"an older one", vpp(now.AddDate(1, 0, 0), token.StatusOK), vpp(now.AddDate(0, 0, 20), token.StatusExpiring), false},
	} {
		var n newest
		n.consider(c.old, "new", c.new)
		if got := n.replacing(c.old) != ""; got != c.want {
			t.Errorf("%s: replaced %v, want %v", c.name, got, c.want)
		}
	}
	old, middle, newer := dep(now.AddDate(-1, 0, 0), token.StatusExpiring, a), dep(now.AddDate(0, 0, -1), token.StatusOK, a), dep(now, token.StatusRepaired, a)
	var n newest
	n.consider(old, "middle", middle)
	n.consider(old, "newer", newer)
	if got := n.replacing(old); got != "" {
		t.Errorf("behind a repaired newest, replaced by %q", got)
	}
}

// TestAlreadyDownloaded: before Apple's steps, a fresh token of the kind
// renewed already in the folder is named, since downloading again would
// replace it; last year's is not, nor anything in practice.
func TestAlreadyDownloaded(t *testing.T) {
	f := downloads(t)
	dep := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution"})
	if a := dep.Lookup().AlreadyDownloaded(f.Dir); !strings.HasPrefix(a.Text, "Already in ") ||
		!strings.Contains(a.Text, f.FreshDEP+", a server token for the MDM server \"Campus MDM\" downloaded 20 minutes ago") ||
		!strings.Contains(a.Text, "do not download again: that would reset it") || a.Path != f.Path(f.FreshDEP) || a.At.IsZero() {
		t.Errorf("DEP: %+v", a)
	}
	vpp := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindVPP, Apple: "abm", Portal: "relution"})
	if a := vpp.Lookup().AlreadyDownloaded(f.Dir); !strings.Contains(a.Text, f.VPP+", a content token for location") || !strings.Contains(a.Text, "a new download replaces it") {
		t.Errorf("VPP: %+v", a)
	}
	practice := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution", Practice: true})
	if a := practice.Lookup().AlreadyDownloaded(f.Dir); a != (Already{}) {
		t.Errorf("practice: %+v", a)
	}
	// Uploading it instead skips Apple's steps: its download reset the
	// token in use, and the list starts on it.
	a := dep.Lookup().AlreadyDownloaded(f.Dir)
	dep.UploadAlready(a)
	if dep.Stage() != StagePicker || !dep.Uploading() || !dep.PendingReset() || !dep.ResetAt().Equal(a.At) ||
		dep.PickerTitle() != "Choose the token waiting to be uploaded" || dep.Lookup().prefer != f.FreshDEP {
		t.Errorf("upload instead: stage %v, uploading %v, reset %v, %q, prefer %q", dep.Stage(), dep.Uploading(), dep.ResetAt(), dep.PickerTitle(), dep.Lookup().prefer)
	}
	dep.FileChecked(dep.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
	if c := dep.Chosen(); c.Report.Status != token.StatusOK || !slices.Contains(dep.Choices(), Continue) ||
		!strings.Contains(c.Report.Action, "reset the previous token when it was downloaded, on ") || strings.Contains(c.Report.Action, "another renewal") {
		t.Errorf("the token already downloaded: %s, %v, %q", c.Report.Status, dep.Choices(), c.Report.Action)
	}
	// Tokens made before it are not dated by its download: last year's is
	// replaced by it, as ever, not stale for another renewal.
	if old := dep.Lookup().Inspect(f.Path(f.OldDEP)); strings.Contains(old.Message, "during another renewal") {
		t.Errorf("last year's token: %s: %s", old.Status, old.Message)
	}
	if !dep.Back() || dep.Stage() != StagePicker || !dep.Back() || dep.Stage() != StageCaveats || dep.Uploading() || dep.PendingReset() {
		t.Errorf("esc from the verdict and the list: %v, uploading %v, reset %v; want the caveats as before", dep.Stage(), dep.Uploading(), dep.PendingReset())
	}
	remove(t, f.Path(f.FreshDEP))
	if a := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution"}).Lookup().AlreadyDownloaded(f.Dir); a != (Already{}) {
		t.Errorf("only last year's token: %+v", a)
	}
}

// TestPassedDatesTheDownload: a token judged as the new download is called
// fresh only when made within the day; one made days ago (within the
// weeks a new download is taken to be) says how old it is.
func TestPassedDatesTheDownload(t *testing.T) {
	vpp := func(daysLeft int) token.Report {
		return token.Report{Kind: token.KindVPP, Status: token.StatusOK, Expires: now.AddDate(0, 0, daysLeft), DaysLeft: daysLeft}
	}
	if got := strings.Join(Passed(vpp(365), true), "; "); !strings.HasSuffix(got, "; a fresh download") {
		t.Errorf("made today: %s", got)
	}
	if got := strings.Join(Passed(vpp(353), true), "; "); !strings.HasSuffix(got, "; a recent download (about 12 days old)") {
		t.Errorf("made 12 days ago: %s", got)
	}
	if got := strings.Join(Passed(vpp(353), false), "; "); strings.Contains(got, "download") {
		t.Errorf("checked, not renewed: %s", got)
	}
}

// TestUsedAnywayText: the summary says what follows from the verdict a
// file was used despite: its age, an unknown expiry, or that the key given
// did not decrypt it.
func TestUsedAnywayText(t *testing.T) {
	for _, c := range []struct {
		r    token.Report
		want string
	}{
		{token.Report{Status: token.StatusStale}, "It is not a new download (stale): renew it again soon."},
		{token.Report{Status: token.StatusUnverified}, "Its expiry is unknown (unverified)"},
		{token.Report{Status: token.StatusUnverified, Expires: now.AddDate(1, 0, 0)}, "It was not decrypted with the key given (unverified)"},
		{token.Report{Status: token.StatusRepaired}, "This copy had to be repaired to be read (repaired)"},
	} {
		if got := UsedAnywayText(c.r); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: %q, want %q…", c.r.Status, got, c.want)
		}
	}
}

// TestShortfall: the note above a list with no good file says why the
// likeliest is not: an old download by its date, another verdict by name.
func TestShortfall(t *testing.T) {
	l := Lookup{Expect: token.KindDEP}
	stale := []Candidate{{Name: "Main_Token_2025-06-01T09-00-00Z_smime.p7m", Report: &token.Report{Kind: token.KindDEP, Status: token.StatusStale, Downloaded: now.AddDate(-1, 0, 0)}}}
	if got := l.Shortfall(stale, 0, "~/Downloads", ""); got != "No fresh DEP server token for this renewal in ~/Downloads: the likeliest was downloaded "+DateOnly(now.AddDate(-1, 0, 0))+"." {
		t.Errorf("stale: %q", got)
	}
	repaired := []Candidate{{Name: "x_smime.p7m", Report: &token.Report{Kind: token.KindDEP, Status: token.StatusRepaired, Downloaded: now}}}
	if got := l.Shortfall(repaired, 0, "~/Downloads", ""); got != "No DEP server token in ~/Downloads is right for this renewal as it is: the likeliest, x_smime.p7m, is repaired." {
		t.Errorf("repaired: %q", got)
	}
}
