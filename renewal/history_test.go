package renewal

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/internal/downloadstest"
	"github.com/mdmtoken/mdmtoken/sample"
	"github.com/mdmtoken/mdmtoken/token"
)

// accepted runs a renewal of kind through to the MDM portal's answer.
func accepted(t *testing.T, cfg Config, file func(downloadstest.Folder) string, yes bool) (env, Checked) {
	t.Helper()
	e := env{t: t, f: downloads(t), r: New(cfg)}
	for _, o := range []op{next(), walk(StagePicker), pick(file), decide(Continue, StagePortalSteps), walk(StageConfirm), answer(yes, StageDone)} {
		o.do(e)
	}
	return e, *e.r.Chosen()
}

// TestHistoryEntry: an accepted renewal's entry holds its kind, names,
// portals, file and dates; practice, a refused file and a check of a file
// give none, with the reason.
func TestHistoryEntry(t *testing.T) {
	for _, c := range []struct {
		name     string
		cfg      Config
		file     func(downloadstest.Folder) string
		accepted bool
		wantErr  error // nil: an entry
		want     func(Checked) history.Entry
	}{
		{name: "vpp", cfg: Config{Kind: token.KindVPP, Apple: "abm", Portal: "relution"}, file: vpp, accepted: true,
			want: func(c Checked) history.Entry {
				return history.Entry{Kind: token.KindVPP, Org: downloadstest.Org, Location: c.Location(),
					ApplePortal: "abm", ApplePortalName: "Apple Business Manager (classic)", MDMPortal: "relution", MDMPortalName: "Relution",
					File: c.Name(), SHA256: c.Report.SHA256, OldExpires: c.ReplacedExpiry, Expires: c.Report.Expires}
			}},
		{name: "dep", cfg: Config{Kind: token.KindDEP, Apple: "asm", Portal: "intune"}, file: fresh, accepted: true,
			want: func(c Checked) history.Entry {
				return history.Entry{Kind: token.KindDEP, Server: downloadstest.Server,
					ApplePortal: "asm", ApplePortalName: "Apple School Manager", MDMPortal: "intune", MDMPortalName: "Microsoft Intune",
					File: c.Name(), SHA256: c.Report.SHA256, OldExpires: c.ReplacedExpiry, Expires: c.Report.Expires, ExpiresEstimated: true}
			}},
		{name: "practice", cfg: Config{Kind: token.KindVPP, Apple: "abm", Portal: "relution", Practice: true}, file: vpp, accepted: true, wantErr: ErrPractice},
		{name: "refused", cfg: Config{Kind: token.KindVPP, Apple: "abm", Portal: "relution"}, file: vpp, accepted: false, wantErr: ErrNotAccepted},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.cfg.Catalog, c.cfg.Now = catalog(t), clock
			e, chosen := accepted(t, c.cfg, c.file, c.accepted)
			got, err := e.r.HistoryEntry(now, "alice", "jump1")
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err %v, want %v", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := c.want(chosen)
			want.User, want.Host, want.Recorded, want.Source = "alice", "jump1", now, history.SourceRenewal
			if got != want {
				t.Errorf("entry\n got %+v\nwant %+v", got, want)
			}
			if got.SHA256 == "" || got.Kind == token.KindDEP && got.OldExpires.IsZero() || got.Kind == token.KindVPP && got.Location != downloadstest.Location {
				t.Errorf("entry lacks a fact: %+v", got)
			}
		})
	}
}

// TestAddToHistory: the entry lands in the file and says so, naming the
// file under the home folder with ~ as the other paths shown; practice
// adds nothing and creates no file.
func TestAddToHistory(t *testing.T) {
	ctx := context.Background()
	home := t.TempDir()
	t.Setenv("HOME", home)
	path := filepath.Join(home, "team", "history.jsonl")
	e, _ := accepted(t, Config{Catalog: catalog(t), Now: clock, Kind: token.KindVPP, Apple: "abm", Portal: "relution"}, vpp, true)
	said, err := e.r.ForHistory(now, "alice", "jump1").Add(ctx, path)
	if err != nil || !strings.Contains(said, "Added to the renewal history (~/team/history.jsonl)") {
		t.Fatalf("said %q, err %v", said, err)
	}
	entries, _, err := history.Load(ctx, path)
	if err != nil || len(entries) != 1 || entries[0].Location != e.r.Chosen().Location() {
		t.Fatalf("history %+v, %v", entries, err)
	}

	p, _ := accepted(t, Config{Catalog: catalog(t), Now: clock, Kind: token.KindVPP, Apple: "abm", Portal: "relution", Practice: true}, vpp, true)
	other := filepath.Join(t.TempDir(), "history.jsonl")
	said, err = p.r.ForHistory(now, "alice", "jump1").Add(ctx, other)
	if !errors.Is(err, ErrPractice) || !strings.Contains(said, "Not added") || !strings.Contains(said, "practice") {
		t.Errorf("practice: said %q, err %v", said, err)
	}
	if _, _, err := history.Load(ctx, other); err == nil {
		t.Error("practice wrote a history file")
	}
}

// TestBeginAgain: starting from a due credential answers the Apple and
// MDM portal as last time; an unknown portal is asked instead.
func TestBeginAgain(t *testing.T) {
	for _, c := range []struct {
		name, apple, portal string
		want                Stage
		wantBack            Stage
	}{
		{"both known", "abm", "relution", StageCaveats, StageApple},
		{"portal gone", "abm", "no-such-mdm", StagePortal, StageApple},
		{"apple unknown", "nowhere", "relution", StageApple, StageStart},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := New(Config{Catalog: catalog(t), Now: clock})
			r.BeginAgain(history.Entry{Kind: token.KindVPP, ApplePortal: c.apple, MDMPortal: c.portal})
			if r.Stage() != c.want || r.Kind() != token.KindVPP {
				t.Fatalf("stage %v kind %q, want %v", r.Stage(), r.Kind(), c.want)
			}
			if c.want == StageCaveats && (r.Guide().Apple.ID != c.apple || r.Guide().Portal.ID != c.portal) {
				t.Errorf("guide %s/%s", r.Guide().Apple.ID, r.Guide().Portal.ID)
			}
			if !r.Back() || r.Stage() != c.wantBack {
				t.Errorf("back to %v, want %v", r.Stage(), c.wantBack)
			}
		})
	}
}

// TestBeginAgainKeepsTheName: renewing a DEP server or VPP location again
// from the history, another one's token is a mismatch, in the file list
// and in the verdict, which points to the one renewed; the name is kept
// in the saved place and when resumed.
func TestBeginAgainKeepsTheName(t *testing.T) {
	f := downloads(t)
	r := New(Config{Catalog: catalog(t), Now: clock, Cert: downloadstest.Identity(t, "..").Cert})
	r.BeginAgain(history.Entry{Kind: token.KindDEP, Server: "Staging", ApplePortal: "abm", MDMPortal: "relution"})
	r.Next()
	r.StepsDone()
	if got := r.Lookup().Inspect(f.Path(f.FreshDEP)); got.Status != token.StatusMismatch {
		t.Errorf("the list marks %s's token %s", downloadstest.Server, got.Status)
	}
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
	c := r.Chosen()
	if c.Report.Status != token.StatusMismatch || !strings.Contains(c.Report.Message, `for the MDM server "`+downloadstest.Server+`" (from the file name), but you are renewing "Staging"`) ||
		!strings.HasPrefix(c.Report.Action, `Pick the token of "Staging"`) || !slices.Equal(r.Choices(), []Choice{PickAgain, UseAnyway, Quit}) {
		t.Errorf("verdict %s %q %q %v", c.Report.Status, c.Report.Message, c.Report.Action, r.Choices())
	}
	// Another server's token whose content says so too (encrypted for
	// another MDM's certificate) is not one to use anyway.
	other := f.AddOtherServer(t, now, downloadstest.OtherIdentity(t, ".."))
	r.Decide(PickAgain)
	r.FileChecked(r.Lookup().CheckFile(f.Path(other), nil))
	if c := r.Chosen(); c.Server.How != ServerOther || slices.Contains(r.Choices(), UseAnyway) || strings.Contains(c.Report.Action, "anyway") {
		t.Errorf("another MDM's token: server check %v, choices %v, action %q", c.Server.How, r.Choices(), c.Report.Action)
	}
	p, _ := r.Snapshot()
	if p.Renewing != "Staging" {
		t.Fatalf("saved place renews %q", p.Renewing)
	}
	// Back to the first screen and a renewal of the DEP token chosen
	// there: no name is kept.
	fresh := New(Config{Catalog: catalog(t), Now: clock, Cert: downloadstest.Identity(t, "..").Cert})
	fresh.BeginAgain(history.Entry{Kind: token.KindDEP, Server: "Staging", ApplePortal: "abm", MDMPortal: "relution"})
	for fresh.Stage() != StageStart && fresh.Back() {
	}
	fresh.Begin(token.KindDEP)
	if fresh.Renewing() != "" {
		t.Errorf("after going back, still renewing %s", fresh.Renewing())
	}
	resumed, err := Resume(Config{Catalog: catalog(t), Now: clock}, p)
	if err != nil {
		t.Fatal(err)
	}
	if got := resumed.Lookup().Inspect(f.Path(f.FreshDEP)); got.Status != token.StatusMismatch {
		t.Errorf("resumed, the list marks it %s", got.Status)
	}

	// The other MDM's server renewed again: this MDM's certificate beside
	// the tokens does not make its token a wrong server's.
	otherName := f.AddOtherServer(t, now, downloadstest.OtherIdentity(t, ".."))
	o := New(Config{Catalog: catalog(t), Now: clock})
	o.BeginAgain(history.Entry{Kind: token.KindDEP, Server: downloadstest.OtherServer, ApplePortal: "abm", MDMPortal: "relution"})
	o.Next()
	o.StepsDone()
	o.FileChecked(o.Lookup().CheckFile(f.Path(otherName), nil))
	if c := o.Chosen(); c.Report.Status == token.StatusWrongServer || c.Server.How != ServerNotChecked || !strings.Contains(c.Server.Why, "mdm_public_key.pem) is not this server's MDM's") {
		t.Errorf("the other MDM's server renewed again: %s, server check %+v", c.Report.Status, c.Server)
	}

	// The same, with this MDM's certificate given: the token is encrypted
	// for another MDM, and its name is the server renewed: the certificate
	// is asked for, not another server.
	g := New(Config{Catalog: catalog(t), Now: clock, Cert: downloadstest.Identity(t, "..").Cert})
	g.BeginAgain(history.Entry{Kind: token.KindDEP, Server: downloadstest.OtherServer, ApplePortal: "abm", MDMPortal: "relution"})
	g.Next()
	g.StepsDone()
	g.FileChecked(g.Lookup().CheckFile(f.Path(otherName), nil))
	if c := g.Chosen(); c.Report.Status != token.StatusWrongServer || !slices.Equal(g.Choices(), []Choice{ChooseCert, PickAgain, Quit}) ||
		!strings.Contains(c.Report.Action, "the certificate it was checked with may be another MDM's") {
		t.Errorf("renewed again with another MDM's certificate: %s %v %q", c.Report.Status, g.Choices(), c.Report.Action)
	}

	v := New(Config{Catalog: catalog(t), Now: clock})
	v.BeginAgain(history.Entry{Kind: token.KindVPP, Org: downloadstest.Org, Location: "Annex", ApplePortal: "abm", MDMPortal: "relution"})
	v.Next()
	v.StepsDone()
	if got := v.Lookup().Inspect(f.Path(f.VPP)); got.Status != token.StatusMismatch || !strings.Contains(got.Message, `but you are renewing "Annex"`) {
		t.Errorf("another location's content token: %s %q", got.Status, got.Message)
	}
	same := New(Config{Catalog: catalog(t), Now: clock})
	same.BeginAgain(history.Entry{Kind: token.KindVPP, Location: "Main Campus", ApplePortal: "abm", MDMPortal: "relution"})
	same.Next()
	same.StepsDone()
	if got := same.Lookup().Inspect(f.Path(f.VPP)); got.Status == token.StatusMismatch {
		t.Errorf("the location renewed is a mismatch: %q", got.Message)
	}
}

// TestAddResetServers: a DEP renewal during which another server's token
// was downloaded adds, besides its own entry, one that marks that server
// as reset from the download on, with its new file to upload; the history
// then lists it as due before the renewed one.
func TestAddResetServers(t *testing.T) {
	ctx := context.Background()
	f := downloads(t)
	otherName := f.AddOtherServer(t, now, downloadstest.OtherIdentity(t, ".."))
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution", Cert: downloadstest.Identity(t, "..").Cert})
	r.Next()
	r.ConfirmStep(len(r.Guide().AppleSteps)-1, now.Add(-time.Minute))
	r.StepsDone()
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
	r.Decide(Continue)
	r.StepsDone()
	r.Answer(true)
	path := filepath.Join(t.TempDir(), "history.jsonl")
	said, err := r.ForHistory(now, "alice", "jump1").Add(ctx, path)
	if err != nil || !strings.Contains(said, `the server "`+downloadstest.OtherServer+`" as reset until its new token is uploaded`) {
		t.Fatalf("said %q, err %v", said, err)
	}
	entries, _, err := history.Load(ctx, path)
	if err != nil || len(entries) != 2 {
		t.Fatalf("history %+v, %v", entries, err)
	}
	reset := entries[1]
	if !reset.Reset() || reset.Server != downloadstest.OtherServer || reset.File != otherName || reset.SHA256 != "" ||
		reset.Expires.After(now) || reset.ApplePortal != "abm" || reset.MDMPortal != "" {
		t.Errorf("reset entry %+v", reset)
	}
	due := history.Due(entries, now, 0)
	if len(due) != 1 || due[0].Server != downloadstest.OtherServer || due[0].Status != token.StatusExpired {
		t.Fatalf("due %+v", due)
	}
	if s := due[0].Summary(now); !strings.HasSuffix(s, downloadstest.OtherServer+": reset "+now.Format("2006-01-02")+", today") {
		t.Errorf("summary %q", s)
	}
	if s := DueAdvice(due[0], now, false); !strings.Contains(s, "upload that new token, "+otherName+", to the MDM the server belongs to, without downloading again") || strings.Contains(s, "as last time") {
		t.Errorf("advice %q", s)
	}
	if s := DueIntro(due); !strings.HasSuffix(s, "A reset one has its new token waiting: choosing it walks you through uploading that token.") {
		t.Errorf("intro %q", s)
	}
	if s := DueIntro(nil); s != "" {
		t.Errorf("intro with nothing due: %q", s)
	}
}

// TestLocationCheck: a content token's verdict, confirmation and record
// say whether its location was checked: against the location renewed
// again from the history, else not at all, since the MDM's tokens are out
// of sight.
func TestLocationCheck(t *testing.T) {
	f := downloads(t)
	data, err := os.ReadFile(f.Path(f.VPP))
	if err != nil {
		t.Fatal(err)
	}
	nameless := f.Path("token.vpptoken")
	if err := os.WriteFile(nameless, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, renewing, file, want string
	}{
		{"a new renewal", "", f.Path(f.VPP), `not checked: mdmtoken cannot see which location the MDM's token is for; the file name says "Main Campus"`},
		{"no location in the name", "", nameless, "not checked: mdmtoken cannot see the MDM, and the file name does not say the location"},
		{"renewing again, the same", "main campus", f.Path(f.VPP), `"Main Campus", the location you are renewing (renewal history), as the file name says`},
		{"renewing again, another", "Annex", f.Path(f.VPP), `not "Annex", the location you are renewing (renewal history): the file name says "Main Campus"`},
		{"renewing again, no location in the name", "Annex", nameless, `not checked against "Annex", the location you are renewing: the file name does not say the location`},
		{"pasted", "", "", "not checked: mdmtoken cannot see the MDM, and pasted text has no file name to say the location"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := New(Config{Catalog: catalog(t), Now: clock})
			if c.renewing == "" {
				r.Begin(token.KindVPP)
				r.ChooseApple("abm")
				if err := r.ChoosePortal("relution"); err != nil {
					t.Fatal(err)
				}
			} else {
				r.BeginAgain(history.Entry{Kind: token.KindVPP, Org: downloadstest.Org, Location: c.renewing, ApplePortal: "abm", MDMPortal: "relution"})
			}
			r.Next()
			r.StepsDone()
			if c.file == "" {
				r.FileChecked(r.Lookup().CheckText(string(data)))
			} else {
				r.FileChecked(r.Lookup().CheckFile(c.file, nil))
			}
			if got := r.LocationCheck(); got != c.want {
				t.Errorf("location check %q, want %q", got, c.want)
			}
			if m := r.Match(); m.Label != "Location check" || m.Text != c.want {
				t.Errorf("match %+v", m)
			}
			choice := Continue
			if slices.Contains(r.Choices(), UseAnyway) {
				choice = UseAnyway
			}
			r.Decide(choice)
			r.StepsDone()
			r.Answer(true)
			if rec, ok := r.Record(now); !ok || rec.LocationCheck != c.want {
				t.Errorf("record's location check %q (recorded %v, stage %v)", rec.LocationCheck, ok, r.Stage())
			}
		})
	}
	// A DEP token and a check of a file have no location check.
	d := New(Config{Catalog: catalog(t), Now: clock})
	d.BeginCheck()
	d.FileChecked(d.Lookup().CheckFile(f.Path(f.VPP), nil))
	if got := d.LocationCheck(); got != "" {
		t.Errorf("checking a file: location check %q", got)
	}
}

// TestCheckingTheWaitingToken: checking the token file a recorded reset
// left waiting offers its upload, not a renewal (which would download and
// reset it again); another file is renewed as before.
func TestCheckingTheWaitingToken(t *testing.T) {
	f := downloads(t)
	reset := depResetTo(f.FreshDEP, "relution")
	r := New(Config{Catalog: catalog(t), Now: clock, Known: []history.Item{{Entry: reset}}})
	r.BeginCheck()
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
	if got := r.Choices(); !slices.Equal(got, []Choice{PickAgain, UploadThis, Restart, Quit}) {
		t.Fatalf("choices %v", got)
	}
	if l := ChoiceLabel(UploadThis, "", true, true, token.KindDEP); l != "Upload this DEP server token now: its renewal waits for it" {
		t.Errorf("label %q", l)
	}
	r.Decide(UploadThis)
	if !r.Uploading() || r.Checking() || r.Stage() != StagePicker || r.PickerTitle() != "Choose the token waiting to be uploaded" {
		t.Errorf("upload: uploading %v, checking %v, stage %v, %q", r.Uploading(), r.Checking(), r.Stage(), r.PickerTitle())
	}
	other := New(Config{Catalog: catalog(t), Now: clock, Known: []history.Item{{Entry: reset}}})
	other.BeginCheck()
	other.FileChecked(other.Lookup().CheckFile(f.Path(f.VPP), nil))
	if got := other.Choices(); !slices.Contains(got, RenewThis) || slices.Contains(got, UploadThis) {
		t.Errorf("another token: choices %v", got)
	}
	// A content token has the same name every year: last year's file
	// under the name recorded is not the one waiting, by its content or,
	// with none recorded, by when it was made.
	vppReset := history.Entry{Kind: token.KindVPP, Org: downloadstest.Org, Location: "Main Campus", ApplePortal: "abm", File: f.VPP,
		Expires: now.Add(-time.Hour), RenewBy: now.Add(-time.Hour), Recorded: now, Source: history.SourceReset}
	if err := writeFile(f.Path(f.VPP), sample.VPP(downloadstest.Org, now.AddDate(0, 0, 20))); err != nil {
		t.Fatal(err)
	}
	for _, sha := range []string{"", strings.Repeat("ab", 32)} {
		vppReset.SHA256 = sha
		v := New(Config{Catalog: catalog(t), Now: clock, Known: []history.Item{{Entry: vppReset}}})
		v.BeginCheck()
		v.FileChecked(v.Lookup().CheckFile(f.Path(f.VPP), nil))
		if got := v.Choices(); slices.Contains(got, UploadThis) {
			t.Errorf("last year's content token, recorded digest %q: choices %v", sha, got)
		}
	}
}

// TestUploadWaitingReplaced: uploading the token a reset left waiting, when
// a newer one of its server is beside it (downloaded since), the newer one
// is named, and going back to download is offered with its cost, not
// forbidden in words.
func TestUploadWaitingReplaced(t *testing.T) {
	f := downloads(t)
	reset := depReset(f.OldDEP)
	r := New(Config{Catalog: catalog(t), Now: clock})
	r.BeginAgain(reset)
	if err := r.ChoosePortal("relution"); err != nil {
		t.Fatal(err)
	}
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.OldDEP), nil))
	a := r.Chosen().Report.Action
	if !strings.HasPrefix(a, "Pick "+f.FreshDEP+" instead") || strings.Contains(a, "Do not download again") ||
		!strings.Contains(a, "Download again only if that file is not the one to upload") || !slices.Contains(r.Choices(), Redownload) {
		t.Errorf("action %q, choices %v", a, r.Choices())
	}
}

// TestBeginAgainUploadsAReset: a server reset during another renewal
// already has its new token, so renewing it from the history asks the MDM
// portal and goes to the file picker, without the caveats and Apple's
// steps; another file's verdict points to the one waiting; a saved place
// keeps all this.
func TestBeginAgainUploadsAReset(t *testing.T) {
	f := downloads(t)
	reset := depReset(f.FreshDEP)
	r := New(Config{Catalog: catalog(t), Now: clock})
	r.BeginAgain(reset)
	if r.Stage() != StagePortal || !r.Uploading() {
		t.Fatalf("stage %v, uploading %v", r.Stage(), r.Uploading())
	}
	if err := r.ChoosePortal("relution"); err != nil {
		t.Fatal(err)
	}
	if r.Stage() != StagePicker || r.PickerTitle() != "Choose the token waiting to be uploaded" {
		t.Fatalf("after the MDM portal: stage %v, %q", r.Stage(), r.PickerTitle())
	}
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.OldDEP), nil))
	if a := r.Chosen().Report.Action; !strings.HasPrefix(a, "Pick "+f.FreshDEP+" instead") {
		t.Errorf("another file's advice: %q", a)
	}
	if slices.Contains(r.Choices(), UseAnyway) {
		t.Errorf("the waiting token replaced this one, yet it may be used anyway: %v", r.Choices())
	}
	p, ok := r.Snapshot()
	if !ok || !p.Upload || p.Waiting != f.FreshDEP {
		t.Fatalf("saved place %+v", p)
	}
	resumed, err := Resume(Config{Catalog: catalog(t), Now: clock}, p)
	if err != nil {
		t.Fatal(err)
	}
	if resumed.Stage() != StagePicker || !resumed.Uploading() || resumed.Back() && resumed.Stage() != StageStart {
		t.Errorf("resumed: stage %v, uploading %v", resumed.Stage(), resumed.Uploading())
	}
	r.Decide(PickAgain)
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
	if c := r.Chosen(); c.Report.Status != token.StatusOK || strings.Contains(c.Report.Action, "instead") ||
		!strings.HasPrefix(c.Report.Action, "Upload it to the MDM's Automated Device Enrollment (DEP) token for this server now: downloading it reset the previous token on ") {
		t.Errorf("the waiting file: %s %q", c.Report.Status, c.Report.Action)
	}
	if r.Decide(Continue); r.Stage() != StagePortalSteps {
		t.Errorf("continue leads to %v", r.Stage())
	}

	// Choosing to download again ends the upload: Apple's steps follow,
	// from the caveats, never seen before; the old token is reset still.
	d := New(Config{Catalog: catalog(t), Now: clock})
	d.BeginAgain(reset)
	d.ChoosePortal("relution")
	d.FileChecked(d.Lookup().CheckFile(f.Path(f.OldDEP), nil))
	if !slices.Contains(d.Choices(), Redownload) {
		t.Fatalf("the waiting file may be gone, yet no way to download again: %v", d.Choices())
	}
	if d.Decide(Redownload); d.Stage() != StageCaveats || d.Uploading() || d.PickerTitle() != "Choose the file you just downloaded" || !d.PendingReset() {
		t.Errorf("download again: stage %v, uploading %v, pending reset %v", d.Stage(), d.Uploading(), d.PendingReset())
	}
	// Into Apple's steps and back to the caveats, the token is reset still.
	if d.Next(); !d.Back() || d.Stage() != StageCaveats || !d.PendingReset() {
		t.Errorf("back to the caveats: stage %v, pending reset %v", d.Stage(), d.PendingReset())
	}
	if d.Back(); d.Stage() != StagePortal {
		t.Errorf("esc before Apple's first step leads to %v, not the MDM portal question", d.Stage())
	}
	// The MDM portal known, the file picker comes at once.
	v := New(Config{Catalog: catalog(t), Now: clock})
	v.BeginAgain(history.Entry{Kind: token.KindVPP, Org: downloadstest.Org, Location: "Annex", ApplePortal: "abm", MDMPortal: "relution",
		File: "sToken_for_Annex.vpptoken", Expires: now.Add(-time.Hour), RenewBy: now.Add(-time.Hour), Recorded: now, Source: history.SourceReset})
	if v.Stage() != StagePicker {
		t.Errorf("the MDM portal known: stage %v", v.Stage())
	}
	// Both portals given on the command line: the file picker too.
	a := New(Config{Catalog: catalog(t), Now: clock, Apple: "abm", Portal: "relution"})
	if a.BeginAgain(reset); a.Stage() != StagePicker || !a.Uploading() {
		t.Errorf("portals given in advance: stage %v, uploading %v", a.Stage(), a.Uploading())
	}
	// The MDM portal alone on the command line: a reset records none, so
	// that one is taken.
	m := New(Config{Catalog: catalog(t), Now: clock, Portal: "relution"})
	if m.BeginAgain(reset); m.Stage() != StagePicker || m.Guide() == nil || m.Guide().Portal.ID != "relution" {
		t.Errorf("--portal given: stage %v", m.Stage())
	}
}

// A token reset during another renewal may wait days to be uploaded: it
// is judged against its reset, not as a download made now, and the old
// token counts as reset until it is uploaded.
func TestUploadJudgesAgainstTheReset(t *testing.T) {
	dir, id := t.TempDir(), downloadstest.Identity(t, "..")
	resetAt := now.AddDate(0, 0, -10)
	write := func(name string, data []byte) string {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
		return filepath.Join(dir, name)
	}
	dep := func(at time.Time, seed uint64) []byte {
		b, err := sample.DEP(id, at.AddDate(1, 0, 0), sample.DEPOptions{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	waitingName := sample.DEPFileName(downloadstest.Server, resetAt)
	waiting := write(waitingName, dep(resetAt, 1))
	earlier := write(sample.DEPFileName(downloadstest.Server, resetAt.AddDate(0, 0, -2)), dep(resetAt.AddDate(0, 0, -2), 2))
	// Another server's token downloaded today, not by this renewal.
	write(sample.DEPFileName("Staging", now.Add(-time.Hour)), dep(now.Add(-time.Hour), 3))
	r := New(Config{Catalog: catalog(t), Now: clock})
	r.BeginAgain(history.Entry{Kind: token.KindDEP, Server: downloadstest.Server, ApplePortal: "abm", File: waitingName,
		Expires: resetAt, RenewBy: resetAt, Recorded: resetAt, Source: history.SourceReset})
	if !r.PendingReset() || !r.ResetAt().Equal(resetAt) {
		t.Errorf("uploading a reset token: pending reset %v at %v", r.PendingReset(), r.ResetAt())
	}
	if err := r.ChoosePortal("relution"); err != nil {
		t.Fatal(err)
	}
	r.FileChecked(r.Lookup().CheckFile(waiting, nil))
	c := r.Chosen()
	if c.Report.Status != token.StatusOK {
		t.Fatalf("the waiting token, 10 days old: %s %q", c.Report.Status, c.Report.Message)
	}
	if len(c.AlsoReset) > 0 {
		t.Errorf("a token downloaded since the reset, not in this renewal, is called reset by it: %+v", c.AlsoReset)
	}
	checks := strings.Join(r.Checks(), "; ")
	if strings.Contains(checks, "fresh download") || !strings.Contains(checks, "the token waiting to be uploaded since "+DateOnly(resetAt)) {
		t.Errorf("checks of the waiting token: %q", checks)
	}
	r.Decide(PickAgain)
	r.FileChecked(r.Lookup().CheckFile(earlier, nil))
	c = r.Chosen()
	if c.Report.Status != token.StatusStale || !strings.Contains(c.Report.Message, "during another renewal") {
		t.Errorf("a token downloaded before the reset: %s %q", c.Report.Status, c.Report.Message)
	}
	if !strings.HasPrefix(c.Report.Action, "Pick "+waitingName+" instead") || !strings.Contains(c.Report.Action, "during another renewal") {
		t.Errorf("its advice: %q", c.Report.Action)
	}
	// The waiting file moved away: the advice says it is not there.
	if err := os.Rename(waiting, filepath.Join(t.TempDir(), waitingName)); err != nil {
		t.Fatal(err)
	}
	r.Decide(PickAgain)
	r.FileChecked(r.Lookup().CheckFile(earlier, nil))
	if a := r.Chosen().Report.Action; !strings.HasPrefix(a, waitingName+", the new token downloaded") || !strings.Contains(a, "is not in this folder") {
		t.Errorf("the waiting file gone, the advice: %q", a)
	}
	// Renamed beside the pick, it is named still, and never a download.
	renamed := strings.Replace(waitingName, "_smime.p7m", "_smime (1).p7m", 1)
	write(renamed, dep(resetAt, 1))
	r.Decide(PickAgain)
	r.FileChecked(r.Lookup().CheckFile(earlier, nil))
	if a := r.Chosen().Report.Action; !strings.HasPrefix(a, "Pick "+renamed+" instead") || strings.Contains(a, "Go back to the download steps") {
		t.Errorf("the waiting file renamed, the advice: %q", a)
	}
	// Its text pasted: taken to be the waiting token, dated from the reset.
	r.Decide(PickAgain)
	r.FileChecked(r.Lookup().CheckText(string(dep(resetAt, 1))))
	if c := r.Chosen(); c.Report.Status != token.StatusOK || !c.Report.Downloaded.Equal(resetAt) ||
		!strings.Contains(strings.Join(r.Checks(), "; "), "taken as the token waiting to be uploaded since "+DateOnly(resetAt)) {
		t.Errorf("pasted: %s %q, checks %q", c.Report.Status, c.Report.Message, r.Checks())
	}

	// A location's content token: one made before the reset is not the
	// one waiting.
	vppAt := now.AddDate(0, 0, -40)
	vppWaiting := write("sToken_for_Annex (1).vpptoken", sample.VPP(downloadstest.Org, vppAt.AddDate(1, 0, 0)))
	vppOld := write("sToken_for_Annex.vpptoken", sample.VPP(downloadstest.Org, now.AddDate(0, 0, 20)))
	write("sToken_for_Library.vpptoken", sample.VPP(downloadstest.Org, now.AddDate(1, 0, 0)))
	v := New(Config{Catalog: catalog(t), Now: clock})
	v.BeginAgain(history.Entry{Kind: token.KindVPP, Org: downloadstest.Org, Location: "Annex", ApplePortal: "abm", MDMPortal: "relution",
		File: filepath.Base(vppWaiting), Expires: vppAt, RenewBy: vppAt, Recorded: vppAt, Source: history.SourceReset})
	v.FileChecked(v.Lookup().CheckFile(vppWaiting, nil))
	if c := v.Chosen(); c.Report.Status != token.StatusOK || !v.PendingReset() || len(c.AlsoReset) > 0 {
		t.Errorf("the waiting content token, 40 days old: %s %q, pending reset %v, also reset %+v", c.Report.Status, c.Report.Message, v.PendingReset(), c.AlsoReset)
	}
	v.Decide(PickAgain)
	v.FileChecked(v.Lookup().CheckFile(vppOld, nil))
	if c := v.Chosen(); c.Report.Status != token.StatusStale || !strings.Contains(c.Report.Message, "made before") {
		t.Errorf("last year's content token: %s %q", c.Report.Status, c.Report.Message)
	}
	// Downloaded again after all: the other location's token made today
	// is this renewal's doing again.
	v.Decide(Redownload)
	v.Next()
	v.StepsDone()
	fresh := write("sToken_for_Annex (2).vpptoken", sample.VPP(downloadstest.Org, now.AddDate(1, 0, 0).Add(-time.Minute)))
	v.FileChecked(v.Lookup().CheckFile(fresh, nil))
	if c := v.Chosen(); c.Report.Status != token.StatusOK || len(c.AlsoReset) != 1 || c.AlsoReset[0].Location != "Library" {
		t.Errorf("downloaded again: %s %q, also reset %+v", c.Report.Status, c.Report.Message, c.AlsoReset)
	}
}

// TestDueAdviceSaysTheExpiry: a due credential's advice names its portals
// and who renewed it, then the day it stops working, which its title (the
// renew-by date) does not say; an expired one's title says it already.
func TestDueAdviceSaysTheExpiry(t *testing.T) {
	e := history.Entry{Kind: token.KindVPP, Org: downloadstest.Org, Location: "Main Campus", ApplePortalName: "Apple Business Manager",
		MDMPortalName: "Relution", User: "bob", Expires: now.AddDate(0, 0, 20), Recorded: now.AddDate(-1, 0, 20), Source: history.SourceRenewal}
	due := history.Due([]history.Entry{e}, now, token.DefaultWarnDays)
	if len(due) != 1 {
		t.Fatalf("due %+v", due)
	}
	want := "Renew it as last time: Apple Business Manager, then Relution (by bob, " + now.AddDate(-1, 0, 20).Format("2006-01-02") +
		"). It expires " + now.AddDate(0, 0, 20).Format("2006-01-02") + "."
	if s := DueAdvice(due[0], now, false); s != want {
		t.Errorf("advice %q, want %q", s, want)
	}
	e.Expires = now.AddDate(0, 0, -3)
	if s := DueAdvice(history.Due([]history.Entry{e}, now, token.DefaultWarnDays)[0], now, false); strings.Contains(s, "It expires") {
		t.Errorf("an expired one: %q", s)
	}
}

// depReset is the history's entry of the fixture's DEP server reset 20
// minutes ago during another renewal, its new token file waiting to be
// uploaded.
func depReset(file string) history.Entry { return depResetTo(file, "") }

// depResetTo is depReset with the MDM portal it was recorded for.
func depResetTo(file, portal string) history.Entry {
	return history.Entry{Kind: token.KindDEP, Server: downloadstest.Server, ApplePortal: "abm", MDMPortal: portal, File: file,
		Expires: now.Add(-20 * time.Minute), RenewBy: now.Add(-20 * time.Minute), Recorded: now, Source: history.SourceReset}
}
