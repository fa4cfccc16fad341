package renewal

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/internal/downloadstest"
	"github.com/mdmtoken/mdmtoken/sample"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// now is the test clock.
var now = time.Date(2026, 6, 2, 14, 30, 0, 0, time.UTC)

func clock() time.Time { return now }

var builtin = sync.OnceValues(steps.Builtin)

func catalog(t *testing.T) *steps.Catalog {
	t.Helper()
	c, err := builtin()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// downloads is the shared fake Downloads folder, in a temporary folder.
func downloads(t *testing.T) downloadstest.Folder {
	t.Helper()
	return downloadstest.Make(t, filepath.Join(t.TempDir(), "Downloads"), now, downloadstest.Identity(t, ".."))
}

// env is what the steps of a path act on.
type env struct {
	t *testing.T
	r *Renewal
	f downloadstest.Folder
}

// op is one thing the user does, and the stage it leads to.
type op struct {
	name string
	do   func(e env)
	want Stage
}

func begin(k token.Kind) op {
	return op{"begin " + string(k), func(e env) { e.r.Begin(k) }, StageApple}
}
func beginCheck() op { return op{"check a file", func(e env) { e.r.BeginCheck() }, StagePicker} }
func apple(id string) op {
	return op{"apple " + id, func(e env) { e.r.ChooseApple(id) }, StagePortal}
}
func portal(id string) op {
	return op{"portal " + id, func(e env) {
		if err := e.r.ChoosePortal(id); err != nil {
			e.t.Fatalf("ChoosePortal(%q): %v", id, err)
		}
	}, StageCaveats}
}
func next() op { return op{"caveats read", func(e env) { e.r.Next() }, StageAppleSteps} }

// walk goes through every step of the current walk, confirming warnings,
// and on past the last.
func walk(to Stage) op {
	return op{"walk to " + to.String(), func(e env) {
		list := e.r.walkSteps(e.r.Stage())
		for i, s := range list {
			e.r.SetStep(i)
			if s.Warning != "" {
				e.r.ConfirmStep(i, now)
			}
		}
		e.r.StepsDone()
	}, to}
}
func pick(file func(downloadstest.Folder) string) op {
	return op{"pick", func(e env) {
		e.r.FileChecked(e.r.Lookup().CheckFile(e.f.Path(file(e.f)), nil))
	}, StageVerdict}
}
func decide(c Choice, to Stage) op { return op{"decide", func(e env) { e.r.Decide(c) }, to} }
func answer(accepted bool, to Stage) op {
	return op{"answer", func(e env) { e.r.Answer(accepted) }, to}
}
func back(to Stage) op { return op{"back", func(e env) { e.r.Back() }, to} }

func fresh(f downloadstest.Folder) string { return f.FreshDEP }
func old(f downloadstest.Folder) string   { return f.OldDEP }
func vpp(f downloadstest.Folder) string   { return f.VPP }
func pem(f downloadstest.Folder) string   { return f.PEM }

// oldVPP is a VPP content token of the same location that expires in 20
// days, written into the folder.
func oldVPP(f downloadstest.Folder) string {
	name := "sToken_for_Main Campus (2).vpptoken"
	if _, err := os.Stat(f.Path(name)); err != nil {
		if err := os.WriteFile(f.Path(name), sample.VPP(downloadstest.Org, now.AddDate(0, 0, 20)), 0o600); err != nil {
			panic(err)
		}
	}
	return name
}

// TestPaths are the ways through a VPP and a DEP renewal, a check of a
// file, and going back: after each step the renewal stands where it
// should, and at the end the outcome is right.
func TestPaths(t *testing.T) {
	for _, c := range []struct {
		name         string
		cfg          Config
		ops          []op
		wantFile     func(downloadstest.Folder) string // the chosen file at the end; nil for none
		wantAccepted bool
		wantPending  bool // a DEP download without a confirmed upload
	}{
		{name: "vpp", ops: []op{
			begin(token.KindVPP), apple("abm"), portal("relution"), next(), walk(StagePicker),
			pick(vpp), decide(Continue, StagePortalSteps), walk(StageConfirm), answer(true, StageDone),
		}, wantFile: vpp, wantAccepted: true},
		{name: "dep", ops: []op{
			begin(token.KindDEP), apple("asm"), portal("relution"), next(), walk(StagePicker),
			pick(fresh), decide(Continue, StagePortalSteps), walk(StageConfirm), answer(true, StageDone),
		}, wantFile: fresh, wantAccepted: true},
		{name: "dep wrong kind then the right file", ops: []op{
			begin(token.KindDEP), apple("abm"), portal("relution"), next(), walk(StagePicker),
			pick(vpp), decide(Continue, StageVerdict), // not offered for a wrong file
			decide(PickAgain, StagePicker), pick(fresh), decide(Continue, StagePortalSteps),
			walk(StageConfirm), answer(true, StageDone),
		}, wantFile: fresh, wantAccepted: true},
		{name: "dep the public key", ops: []op{
			begin(token.KindDEP), apple("abm"), portal("relution"), next(), walk(StagePicker),
			pick(pem), decide(UseAnyway, StageVerdict), decide(Quit, StageVerdict),
		}, wantFile: pem, wantPending: true},
		{name: "vpp old token, back to the download", ops: []op{
			begin(token.KindVPP), apple("abm"), portal("relution"), next(), walk(StagePicker),
			pick(oldVPP), decide(Redownload, StageAppleSteps), walk(StagePicker),
			pick(vpp), decide(Continue, StagePortalSteps),
		}, wantFile: vpp},
		{name: "dep stale file, not usable after the reset", ops: []op{
			begin(token.KindDEP), apple("abm"), portal("relution"), next(), walk(StagePicker),
			pick(old), decide(UseAnyway, StageVerdict), decide(Redownload, StageVerdict),
			decide(PickAgain, StagePicker), pick(fresh), decide(Continue, StagePortalSteps),
		}, wantFile: fresh, wantPending: true},
		{name: "vpp old token used anyway", ops: []op{
			begin(token.KindVPP), apple("abm"), portal("relution"), next(), walk(StagePicker),
			{"the new token gone", func(e env) { remove(e.t, e.f.Path(vpp(e.f))) }, StagePicker},
			pick(oldVPP), decide(UseAnyway, StagePortalSteps), walk(StageConfirm), answer(true, StageDone),
		}, wantFile: oldVPP, wantAccepted: true},
		{name: "vpp old token with the new one beside it: not used anyway", ops: []op{
			begin(token.KindVPP), apple("abm"), portal("relution"), next(), walk(StagePicker),
			pick(oldVPP), decide(UseAnyway, StageVerdict), decide(PickAgain, StagePicker),
			pick(vpp), decide(Continue, StagePortalSteps),
		}, wantFile: vpp},
		{name: "portal refused, another file", ops: []op{
			begin(token.KindVPP), apple("abm"), portal("relution"), next(), walk(StagePicker),
			pick(vpp), decide(Continue, StagePortalSteps), walk(StageConfirm), answer(false, StageConfirm),
			{"pick again", func(e env) { e.r.PickAgain() }, StagePicker},
			pick(vpp), decide(Continue, StagePortalSteps), walk(StageConfirm), answer(true, StageDone),
		}, wantFile: vpp, wantAccepted: true},
		{name: "paste instead", ops: []op{
			begin(token.KindVPP), apple("business"), portal("intune"), next(), walk(StagePicker),
			{"paste", func(e env) { e.r.PasteInstead() }, StagePaste},
			back(StagePicker),
			{"paste", func(e env) { e.r.PasteInstead() }, StagePaste},
			{"pasted", func(e env) {
				data, err := os.ReadFile(e.f.Path(e.f.VPP))
				if err != nil {
					e.t.Fatal(err)
				}
				e.r.FileChecked(e.r.Lookup().CheckText(string(data)))
			}, StageVerdict},
			decide(Continue, StagePortalSteps), walk(StageConfirm), answer(true, StageDone),
		}, wantAccepted: true},
		{name: "back through every stage", ops: []op{
			begin(token.KindDEP), apple("abm"), portal("relution"), next(), walk(StagePicker),
			pick(fresh), decide(Continue, StagePortalSteps), walk(StageConfirm),
			back(StagePortalSteps), back(StageVerdict), back(StagePicker), back(StageAppleSteps),
			back(StageCaveats), back(StagePortal), back(StageApple), back(StageStart), back(StageStart),
		}, wantPending: true},
		{name: "presets start at the caveats, no way back", cfg: Config{Kind: token.KindDEP, Apple: "abm", Portal: "relution"}, ops: []op{
			back(StageCaveats), next(), back(StageCaveats), back(StageCaveats),
		}},
		{name: "preset kind asks the Apple portal", cfg: Config{Kind: token.KindVPP}, ops: []op{
			back(StageApple), apple("abm"), back(StageApple),
		}},
		{name: "preset portal without a guide for the kind is asked", cfg: Config{Portal: "addigy"}, ops: []op{
			begin(token.KindDEP), apple("abm"), back(StageApple), back(StageStart),
		}},
		{name: "preset portal is taken after the Apple portal", cfg: Config{Portal: "relution"}, ops: []op{
			begin(token.KindDEP), {"apple abm", func(e env) { e.r.ChooseApple("abm") }, StageCaveats},
			back(StageApple),
		}},
		{name: "check a file", ops: []op{
			beginCheck(), pick(vpp), decide(Continue, StageVerdict), decide(PickAgain, StagePicker),
			pick(pem), decide(Restart, StageStart), begin(token.KindVPP),
		}},
		{name: "check a file, back to the start", ops: []op{
			beginCheck(), back(StageStart), begin(token.KindDEP),
		}},
		{name: "a finished renewal stays finished", ops: []op{
			begin(token.KindVPP), apple("abm"), portal("relution"), next(), walk(StagePicker),
			pick(vpp), decide(Continue, StagePortalSteps), walk(StageConfirm), answer(true, StageDone),
			back(StageDone), answer(false, StageDone),
		}, wantFile: vpp, wantAccepted: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.cfg.Catalog, c.cfg.Now = catalog(t), clock
			e := env{t: t, r: New(c.cfg), f: downloads(t)}
			for i, o := range c.ops {
				o.do(e)
				if got := e.r.Stage(); got != o.want {
					t.Fatalf("step %d (%s): at %s, want %s", i+1, o.name, got, o.want)
				}
			}
			r := e.r
			switch got := r.Chosen(); {
			case c.wantFile == nil && got != nil && got.Path != "":
				t.Errorf("chosen %s, want none or pasted text", got.Path)
			case c.wantFile != nil && (got == nil || got.Path != e.f.Path(c.wantFile(e.f))):
				t.Errorf("chosen %+v, want %s", got, c.wantFile(e.f))
			}
			if r.Accepted() != c.wantAccepted || r.PendingReset() != c.wantPending {
				t.Errorf("Accepted %v PendingReset %v, want %v %v", r.Accepted(), r.PendingReset(), c.wantAccepted, c.wantPending)
			}
		})
	}
}

// TestDownloadConfirmed: only confirming Apple's DEP download step resets
// the old token; the first confirmation counts; back and forth the step
// stays confirmed.
func TestDownloadConfirmed(t *testing.T) {
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution"})
	r.Next()
	list := r.Guide().AppleSteps
	last := len(list) - 1
	if !list[last].Download || list[last].Warning == "" {
		t.Fatalf("the last Apple step is not a download with a warning: %+v", list[last])
	}
	r.ConfirmStep(0, now) // not the download step
	if !r.DownloadConfirmed().IsZero() || r.PendingReset() {
		t.Errorf("confirming step 1 confirmed the download")
	}
	r.ConfirmStep(last, now)
	r.ConfirmStep(last, now.Add(time.Hour))
	if !r.DownloadConfirmed().Equal(now) || !r.PendingReset() {
		t.Errorf("DownloadConfirmed %v PendingReset %v, want %v true", r.DownloadConfirmed(), r.PendingReset(), now)
	}
	r.Back()
	r.Next()
	if !r.Confirmed(StageAppleSteps, last) {
		t.Error("the download step is no longer confirmed")
	}

	// A VPP renewal's portal warning is not a download.
	v := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindVPP, Apple: "abm", Portal: "relution"})
	v.Next()
	for i := range v.Guide().AppleSteps {
		v.ConfirmStep(i, now)
	}
	if !v.DownloadConfirmed().IsZero() {
		t.Error("a VPP renewal confirmed a DEP download")
	}
}

// TestSteps: the step shown in a walk is kept, within its bounds; a new
// file starts the MDM steps from the first, a new guide the Apple steps.
func TestSteps(t *testing.T) {
	f := downloads(t)
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution"})
	r.Next()
	r.SetStep(99)
	if got, want := r.Step(StageAppleSteps), len(r.Guide().AppleSteps)-1; got != want {
		t.Errorf("step %d, want it held at the last, %d", got, want)
	}
	r.SetStep(-3)
	if r.Step(StageAppleSteps) != 0 {
		t.Errorf("step %d, want 0", r.Step(StageAppleSteps))
	}
	r.SetStep(2)
	r.StepsDone()
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
	r.Decide(Continue)
	r.SetStep(3)
	r.Back()
	r.Decide(PickAgain)
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
	r.Decide(Continue)
	if r.Step(StagePortalSteps) != 0 || r.Step(StageAppleSteps) != 2 {
		t.Errorf("MDM step %d, Apple step %d; want 0 and 2", r.Step(StagePortalSteps), r.Step(StageAppleSteps))
	}
}

// TestChoices: the ways on from a verdict follow the file: a good file
// goes on, a doubtful one may be used anyway, a wrong one never; checking
// a file offers another check.
func TestChoices(t *testing.T) {
	f := downloads(t)
	for _, c := range []struct {
		name  string
		kind  token.Kind
		file  string
		check bool
		want  []Choice
	}{
		{"dep fresh", token.KindDEP, f.FreshDEP, false, []Choice{Continue, PickAgain}},
		{"dep stale, the new one beside it", token.KindDEP, f.OldDEP, false, []Choice{PickAgain, Redownload, Quit}},
		{"dep wrong kind", token.KindDEP, f.VPP, false, []Choice{PickAgain, Redownload, Quit}},
		{"vpp ok", token.KindVPP, f.VPP, false, []Choice{Continue, PickAgain}},
		{"vpp not a token", token.KindVPP, f.Notes, false, []Choice{PickAgain, Redownload, Quit}},
		{"check", "", f.PEM, true, []Choice{PickAgain, Restart, Quit}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := New(Config{Catalog: catalog(t), Now: clock, Kind: c.kind, Apple: "abm", Portal: "relution"})
			if c.check {
				r.BeginCheck()
			} else {
				r.Next()
				r.StepsDone()
			}
			r.FileChecked(r.Lookup().CheckFile(f.Path(c.file), nil))
			if got := r.Choices(); !slices.Equal(got, c.want) {
				t.Errorf("Choices() = %v, want %v", got, c.want)
			}
		})
	}
}

// TestLookup: a renewal looks for its kind's files as fresh downloads;
// checking a file looks for any token and expects nothing.
func TestLookup(t *testing.T) {
	for _, c := range []struct {
		name   string
		setup  func(r *Renewal)
		expect token.Kind
		fresh  bool
		likely []string
		not    []string
	}{
		{"vpp", func(r *Renewal) { r.Begin(token.KindVPP) }, token.KindVPP, true,
			[]string{"sToken_for_A.vpptoken", "SToken_for_B.VPPTOKEN"}, []string{"x_Token_2026_smime.p7m", "key.pem"}},
		{"dep", func(r *Renewal) { r.Begin(token.KindDEP) }, token.KindDEP, true,
			[]string{"x_Token_2026_smime.p7m", "X.P7M"}, []string{"sToken_for_A.vpptoken", "key.pem"}},
		{"check", func(r *Renewal) { r.BeginCheck() }, "", false,
			[]string{"sToken_for_A.vpptoken", "x_smime.p7m", "MDM_ Example_Certificate.pem", "key.pem"}, []string{"notes.txt", "Setup.pdf"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := New(Config{Catalog: catalog(t), Now: clock})
			c.setup(r)
			l := r.Lookup()
			o := l.Options()
			if l.Expect != c.expect || l.Fresh != c.fresh || o.Expect != c.expect || o.Fresh != c.fresh || !o.Now.Equal(now) || o.WarnDays != token.DefaultWarnDays {
				t.Errorf("Lookup %+v, Options %+v", l, o)
			}
			for _, n := range c.likely {
				if !l.Likely(n) {
					t.Errorf("%s is not likely", n)
				}
			}
			for _, n := range c.not {
				if l.Likely(n) {
					t.Errorf("%s is likely", n)
				}
			}
		})
	}
}

// TestPreselect: the picker starts on the best file: the right kind, fresh,
// for the right server, newest; never on a file known to be wrong, a
// folder or a file not inspected. Practice starts on none.
func TestPreselect(t *testing.T) {
	at := func(h int) time.Time { return now.Add(time.Duration(-h) * time.Hour) }
	rep := func(k token.Kind, s token.Status) *token.Report { return &token.Report{Kind: k, Status: s} }
	var (
		folder      = Candidate{Name: "Archive", Dir: true, Modified: at(0)}
		freshOld    = Candidate{Name: "a_Token_smime.p7m", Modified: at(5), Report: rep(token.KindDEP, token.StatusOK)}
		freshNew    = Candidate{Name: "b_Token_smime.P7M", Modified: at(3), Report: rep(token.KindDEP, token.StatusOK)}
		otherServer = Candidate{Name: "c_Token_smime.p7m", Modified: at(1), Report: rep(token.KindDEP, token.StatusWrongServer)}
		stale       = Candidate{Name: "d_Token_smime.p7m", Modified: at(2), Report: rep(token.KindDEP, token.StatusStale)}
		staleOlder  = Candidate{Name: "e_Token_smime.p7m", Modified: at(9), Report: rep(token.KindDEP, token.StatusStale)}
		wrongKind   = Candidate{Name: "f_smime.p7m", Modified: at(0), Report: rep(token.KindVPP, token.StatusWrongKind)}
		damaged     = Candidate{Name: "g_Token_smime.p7m", Modified: at(0), Report: rep(token.KindDEP, token.StatusInvalid)}
		notRead     = Candidate{Name: "h_Token_smime.p7m", Modified: at(0)}
		vppOK       = Candidate{Name: "sToken_for_X.vpptoken", Modified: at(0), Report: rep(token.KindVPP, token.StatusOK)}
	)
	for _, c := range []struct {
		name     string
		kind     token.Kind
		practice bool
		cands    []Candidate
		want     int
		good     bool
	}{
		{"newest fresh, not the newer one for another server", token.KindDEP, false,
			[]Candidate{folder, freshOld, freshNew, otherServer, stale, wrongKind, damaged, notRead, vppOK}, 2, true},
		{"fresh before a newer old download", token.KindDEP, false, []Candidate{stale, freshOld}, 1, true},
		{"only old downloads: the newest, not good", token.KindDEP, false, []Candidate{staleOlder, stale, otherServer}, 1, false},
		{"only wrong files", token.KindDEP, false, []Candidate{folder, otherServer, wrongKind, damaged, notRead, vppOK}, -1, false},
		{"empty", token.KindVPP, false, nil, -1, false},
		{"vpp", token.KindVPP, false, []Candidate{freshNew, vppOK}, 1, true},
		{"practice: none, so the start gives nothing away", token.KindDEP, true, []Candidate{freshNew, otherServer, wrongKind}, -1, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := New(Config{Catalog: catalog(t), Now: clock, Practice: c.practice})
			r.Begin(c.kind)
			if got, good := r.Lookup().Preselect(c.cands); got != c.want || good != c.good {
				t.Errorf("Preselect = %d, %v; want %d, %v", got, good, c.want, c.good)
			}
		})
	}
}

// TestInspectAll: the files that look like what is wanted are inspected,
// so the picker can start on the best of them.
func TestInspectAll(t *testing.T) {
	f := downloads(t)
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP})
	var cands []Candidate
	for _, n := range f.Names() {
		info, err := os.Stat(f.Path(n))
		if err != nil {
			t.Fatal(err)
		}
		cands = append(cands, Candidate{Name: n, Modified: info.ModTime()})
	}
	l := r.Lookup()
	l.InspectAll(f.Dir, cands)
	for _, c := range cands {
		if inspected := c.Report != nil; inspected != l.Likely(c.Name) {
			t.Errorf("%s inspected %v", c.Name, inspected)
		}
	}
	best, good := l.Preselect(cands)
	if best < 0 || cands[best].Name != f.FreshDEP || !good {
		t.Errorf("Preselect = %d, %v; want the fresh DEP token", best, good)
	}
}

// TestReplacedExpiry: the token replaced is the same kind for the same
// server, expiring before the chosen one; reports already made are used
// instead of reading the file again.
func TestReplacedExpiry(t *testing.T) {
	f := downloads(t)
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP})
	l := r.Lookup()
	oldReport := l.Inspect(f.Path(f.OldDEP))

	if got := l.CheckFile(f.Path(f.FreshDEP), nil).ReplacedExpiry; !got.Equal(oldReport.Expires) {
		t.Errorf("replaced expiry %v, want last year's token's %v", got, oldReport.Expires)
	}
	if got := l.CheckFile(f.Path(f.OldDEP), nil).ReplacedExpiry; !got.IsZero() {
		t.Errorf("last year's token replaces one expiring %v, want none", got)
	}
	// A seen report is trusted: here it says the sibling is for another server.
	seen := map[string]token.Report{f.Path(f.OldDEP): {Kind: token.KindDEP, Server: "Other", Expires: oldReport.Expires}}
	if got := l.CheckFile(f.Path(f.FreshDEP), seen).ReplacedExpiry; !got.IsZero() {
		t.Errorf("replaced expiry %v, want none for another server", got)
	}
	// The VPP token has no older sibling, and pasted text no folder.
	v := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindVPP}).Lookup()
	if got := v.CheckFile(f.Path(f.VPP), nil).ReplacedExpiry; !got.IsZero() {
		t.Errorf("VPP replaced expiry %v, want none", got)
	}
	if c := v.CheckText("not a token"); c.Path != "" || c.Name() != "pasted text" || c.Folder() != "" {
		t.Errorf("pasted text checked as %+v (%q)", c, c.Name())
	}
}

// TestPassed: the checks named are those the report supports.
func TestPassed(t *testing.T) {
	f := downloads(t)
	dep := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP}).Lookup()
	for _, c := range []struct {
		name  string
		r     token.Report
		fresh bool
		want  []string
	}{
		{"fresh DEP", dep.Inspect(f.Path(f.FreshDEP)), true,
			[]string{"content: " + token.KindDEP.Label(), "the envelope is intact", "not expired", "a fresh download"}},
		{"fresh DEP, only checked", dep.Inspect(f.Path(f.FreshDEP)), false,
			[]string{"content: " + token.KindDEP.Label(), "the envelope is intact", "not expired"}},
		{"stale DEP", dep.Inspect(f.Path(f.OldDEP)), true, // an older download: its date is not what counts
			[]string{"content: " + token.KindDEP.Label(), "the envelope is intact"}},
		{"VPP where DEP belongs", dep.Inspect(f.Path(f.VPP)), true, []string{"not expired"}},
		{"decrypted", token.Report{Kind: token.KindDEP, Status: token.StatusOK, Decrypted: true}, true,
			[]string{"content: " + token.KindDEP.Label(), "decrypted with the MDM's key", "a fresh download"}},
		{"certificate", dep.Inspect(f.Path(f.PEM)), true, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Passed(c.r, c.fresh); !slices.Equal(got, c.want) {
				t.Errorf("Passed = %q, want %q", got, c.want)
			}
		})
	}
}

// TestScore: practice counts files checked, wrong files, what the
// trainee did with them and the hints used; only a right file finishes the
// run; each trap of the folder ends avoided, caught, hinted or missed.
func TestScore(t *testing.T) {
	type counts struct{ checked, wrong, setAside, usedAnyway, hints int }
	hint := func(file func(downloadstest.Folder) string) op {
		return op{"hint", func(e env) { e.r.Hint(e.f.Path(file(e.f))) }, StagePicker}
	}
	for _, c := range []struct {
		name  string
		ops   []op
		want  counts
		traps []Outcome // last year's, the VPP token, the public key
		line  string
	}{
		{"wrong files set aside, right file", []op{
			next(), walk(StagePicker), pick(vpp), decide(PickAgain, StagePicker), pick(old),
			decide(PickAgain, StagePicker), pick(fresh),
			decide(Continue, StagePortalSteps), walk(StageConfirm), answer(true, StageDone),
		}, counts{3, 2, 2, 0, 0}, []Outcome{Caught, Caught, Avoided},
			"Practice score: 3 files checked, 2 wrong, 2 set aside, 0 used anyway; renewal finished with the right file."},
		{"stale, not usable after the reset", []op{
			next(), walk(StagePicker), pick(old), decide(UseAnyway, StageVerdict), decide(Quit, StageVerdict),
		}, counts{1, 1, 0, 0, 0}, []Outcome{Caught, Avoided, Avoided},
			"Practice score: 1 file checked, 1 wrong, 0 set aside, 0 used anyway; renewal not finished."},
		{"right file at once", []op{
			next(), walk(StagePicker), pick(fresh), decide(Continue, StagePortalSteps), walk(StageConfirm), answer(true, StageDone),
		}, counts{1, 0, 0, 0, 0}, []Outcome{Avoided, Avoided, Avoided},
			"Practice score: 1 file checked, 0 wrong, 0 set aside, 0 used anyway; renewal finished with the right file."},
		{"hints", []op{
			next(), walk(StagePicker), hint(pem), hint(pem), hint(old), pick(fresh),
		}, counts{1, 0, 0, 0, 2}, []Outcome{Hinted, Avoided, Hinted},
			"Practice score: 1 file checked, 0 wrong, 0 set aside, 0 used anyway, 2 hints; renewal not finished."},
		{"quit on a wrong file", []op{
			next(), walk(StagePicker), pick(pem), decide(Quit, StageVerdict),
		}, counts{1, 1, 0, 0, 0}, []Outcome{Avoided, Avoided, Caught},
			"Practice score: 1 file checked, 1 wrong, 0 set aside, 0 used anyway; renewal not finished."},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := downloads(t)
			traps := map[token.Kind][]Trap{token.KindDEP: {
				{"last year's token", []string{f.Path(f.OldDEP)}},
				{"the VPP token", []string{f.Path(f.VPP)}},
				{"the MDM's public key", []string{f.Path(f.PEM)}},
			}}
			e := env{t: t, f: f, r: New(Config{Catalog: catalog(t), Now: clock, Practice: true, Traps: traps,
				Kind: token.KindDEP, Apple: "abm", Portal: "relution"})}
			for i, o := range c.ops {
				o.do(e)
				if got := e.r.Stage(); got != o.want {
					t.Fatalf("step %d (%s): at %s, want %s", i+1, o.name, got, o.want)
				}
			}
			s := e.r.Score()
			if got := (counts{s.Checked, s.Wrong, s.SetAside, s.UsedAnyway, s.Hints}); got != c.want || s.String() != c.line {
				t.Errorf("Score %+v %q, want %+v %q", got, s.String(), c.want, c.line)
			}
			var outcomes []Outcome
			for _, tr := range s.Traps() {
				outcomes = append(outcomes, tr.Outcome)
			}
			if !slices.Equal(outcomes, c.traps) {
				t.Errorf("traps %v, want %v", s.Traps(), c.traps)
			}
			if _, ok := e.r.Snapshot(); ok {
				t.Error("a practice run has a place to save")
			}
			if _, ok := e.r.Record(now); ok {
				t.Error("a practice run has a record")
			}
		})
	}
	// Outside practice nothing is counted.
	e := env{t: t, f: downloads(t), r: New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution"})}
	for _, o := range []op{next(), walk(StagePicker), pick(vpp), decide(PickAgain, StagePicker)} {
		o.do(e)
	}
	e.r.Hint(e.f.Path(e.f.PEM))
	if s := e.r.Score(); s.Checked != 0 || s.Hints != 0 || len(s.Traps()) != 0 {
		t.Errorf("score %+v outside practice", s)
	}
}

// TestScoreMissed: a wrong file used anyway is a missed trap (VPP, where
// an old token can be used anyway).
func TestScoreMissed(t *testing.T) {
	f := downloads(t)
	name := oldVPP(f)
	e := env{t: t, f: f, r: New(Config{Catalog: catalog(t), Now: clock, Practice: true, Kind: token.KindVPP, Apple: "abm", Portal: "relution",
		Traps: map[token.Kind][]Trap{token.KindVPP: {{"last year's token", []string{f.Path(name)}}}}})}
	remove(t, f.Path(f.VPP)) // beside the new token, last year's is not offered to be used anyway
	for _, o := range []op{next(), walk(StagePicker), pick(oldVPP), decide(UseAnyway, StagePortalSteps), walk(StageConfirm), answer(true, StageDone)} {
		o.do(e)
	}
	s := e.r.Score()
	if tr := s.Traps(); len(tr) != 1 || tr[0].Outcome != Missed || s.UsedAnyway != 1 || s.Finished {
		t.Errorf("score %+v, traps %v", s, tr)
	}
}

// TestRecord: an accepted renewal's record names the guide, the file and
// its digest, the server, both expiries and the checks.
func TestRecord(t *testing.T) {
	f := downloads(t)
	e := env{t: t, f: f, r: New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution"})}
	for _, o := range []op{next(), walk(StagePicker), pick(fresh), decide(Continue, StagePortalSteps), walk(StageConfirm)} {
		o.do(e)
	}
	if _, ok := e.r.Record(now); ok {
		t.Error("a record before the portal accepted the file")
	}
	e.r.Answer(true)
	rec, ok := e.r.Record(now)
	if !ok {
		t.Fatal("no record for an accepted renewal")
	}
	c := e.r.Chosen()
	want := []struct{ name, got, want string }{
		{"kind", string(rec.Kind), "dep"},
		{"kind name", rec.KindName, token.KindDEP.Noun()},
		{"Apple", rec.AppleID + " " + rec.ApplePortal, "abm " + e.r.Guide().Apple.Name},
		{"MDM", rec.PortalID + " " + rec.MDMPortal, "relution Relution"},
		{"org", rec.Org, downloadstest.Server},
		{"file", rec.FileName, f.FreshDEP},
		{"digest", rec.SHA256, c.Report.SHA256},
	}
	for _, w := range want {
		if w.got != w.want {
			t.Errorf("%s: %q, want %q", w.name, w.got, w.want)
		}
	}
	if !rec.OldExpiry.Equal(c.ReplacedExpiry) || rec.OldExpiry.IsZero() || !rec.NewExpiry.Equal(c.Report.Expires) ||
		!rec.NewExpiryEstimated || !rec.When.Equal(now) || !rec.Accepted || !slices.Equal(rec.Checks, e.r.Checks()) {
		t.Errorf("record %+v", rec)
	}
}

// writeFile writes a test file.
func writeFile(path string, data []byte) error { return os.WriteFile(path, data, 0o600) }

// TestRecordOfAFileUsedAnyway: the record of a renewal done with a file
// used despite its warning says so, and why; one with a good file does not.
func TestRecordOfAFileUsedAnyway(t *testing.T) {
	for _, c := range []struct {
		file func(downloadstest.Folder) string
		want string
	}{{oldVPP, "STALE"}, {vpp, ""}} {
		f := downloads(t)
		e := env{t: t, f: f, r: New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindVPP, Apple: "abm", Portal: "relution"})}
		choice := Continue
		if c.want != "" {
			remove(t, f.Path(f.VPP)) // else the new one beside it is the file
			choice = UseAnyway
		}
		for _, o := range []op{next(), walk(StagePicker), pick(c.file), decide(choice, StagePortalSteps), walk(StageConfirm), answer(true, StageDone)} {
			o.do(e)
		}
		rec, ok := e.r.Record(now)
		if !ok || !strings.HasPrefix(rec.UsedAnyway, c.want) || c.want == "" && rec.UsedAnyway != "" || c.want != "" && !strings.Contains(rec.UsedAnyway, "last year's file") {
			t.Errorf("%s: used anyway %q, want %q…", c.file(f), rec.UsedAnyway, c.want)
		}
	}
}

// TestMayHaveDownloaded: a content token renewal left at or past Apple's
// download step may have replaced the token in use, which nothing asked to
// confirm; before that step, after the upload, or for a DEP token (whose
// download is confirmed), it is not said.
func TestMayHaveDownloaded(t *testing.T) {
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindVPP, Apple: "abm", Portal: "relution"})
	r.Next()
	apple := r.Guide().AppleSteps
	download := slices.IndexFunc(apple, func(s steps.Step) bool { return s.Download })
	if download < 1 {
		t.Fatalf("no download step after the first in %d steps", len(apple))
	}
	r.SetStep(download - 1)
	if r.Ending().MayHaveDownloaded {
		t.Error("before the download step")
	}
	r.SetStep(download)
	if !r.Ending().MayHaveDownloaded {
		t.Error("at the download step")
	}
	r.StepsDone()
	if !r.Ending().MayHaveDownloaded {
		t.Error("at the file picker")
	}
	d := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution"})
	d.Next()
	d.StepsDone()
	if d.Ending().MayHaveDownloaded {
		t.Error("a DEP renewal, whose download is confirmed")
	}
}

// TestOldExpiryText: the old token's expiry in a summary says when a reset
// ended it before that, and the reset alone when its expiry is not known.
func TestOldExpiryText(t *testing.T) {
	expiry := now.AddDate(0, 0, 10)
	for _, c := range []struct {
		reset time.Time
		want  string
	}{
		{time.Time{}, DateOnly(expiry)},
		{now, "reset " + DateOnly(now) + " by the new download (it was to expire " + DateOnly(expiry) + ")"},
		{expiry.AddDate(0, 0, 1), DateOnly(expiry)}, // expired before the reset
	} {
		if got := OldExpiryText(expiry, c.reset); got != c.want {
			t.Errorf("reset %v: %q, want %q", c.reset, got, c.want)
		}
	}
	// Its expiry not known: the reset alone, or nothing.
	if got := OldExpiryText(time.Time{}, now); got != "unknown; reset "+DateOnly(now)+" by the new download" {
		t.Errorf("expiry not known: %q", got)
	}
	if got := OldExpiryText(time.Time{}, time.Time{}); got != "" {
		t.Errorf("nothing known: %q", got)
	}
}
