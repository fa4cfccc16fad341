package renewal

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/token"
)

// TestStageNames: every stage has a name; only the stages worth saving
// read back from a saved place.
func TestStageNames(t *testing.T) {
	saved := map[string]bool{}
	for s := StageStart; s <= StageDone; s++ {
		name := s.String()
		if strings.HasPrefix(name, "stage(") {
			t.Errorf("stage %d has no name", int(s))
		}
		text, err := s.MarshalText()
		if err != nil || string(text) != name {
			t.Errorf("MarshalText(%s) = %q, %v", name, text, err)
		}
		var back Stage
		err = back.UnmarshalText(text)
		if s.Saved() {
			saved[name] = true
			if err != nil || back != s {
				t.Errorf("UnmarshalText(%q) = %s, %v", text, back, err)
			}
		} else if err == nil {
			t.Errorf("UnmarshalText(%q) accepted a stage that is never saved", text)
		}
	}
	// The names the first state files used.
	for _, n := range []string{"caveats", "apple-steps", "picker", "paste", "verdict", "portal-steps", "confirm"} {
		if !saved[n] {
			t.Errorf("%q is not a saved stage", n)
		}
	}
	var s Stage
	if err := s.UnmarshalText([]byte("checkout")); err == nil {
		t.Error("an unknown stage name was accepted")
	}
	if got := Stage(42).String(); got != "stage(42)" {
		t.Errorf("Stage(42) = %q", got)
	}
}

// TestPlaceJSON: a place is saved under the names the first state files
// used, so those still load.
func TestPlaceJSON(t *testing.T) {
	p := Place{Kind: token.KindDEP, Apple: "abm", Portal: "relution", Stage: StagePortalSteps, Step: 3,
		File: "/tmp/x_smime.p7m", FileSHA256: "ab", DownloadConfirmedAt: now}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"kind":"dep","apple":"abm","portal":"relution","screen":"portal-steps","step":3,"file":"/tmp/x_smime.p7m","sha256":"ab","download_confirmed_at":"2026-06-02T14:30:00Z"}`
	if string(b) != want {
		t.Errorf("JSON %s\nwant %s", b, want)
	}
	var back Place
	if err := json.Unmarshal(b, &back); err != nil || back != p {
		t.Errorf("read back %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"screen":"done"}`), &back); err == nil {
		t.Error("a finished renewal's stage was read as a saved place")
	}
}

// TestSnapshot: what is saved at each stage of a DEP renewal, and when
// nothing is.
func TestSnapshot(t *testing.T) {
	f := downloads(t)
	e := env{t: t, f: f, r: New(Config{Catalog: catalog(t), Now: clock})}
	check := func(wantOK bool, want Place) {
		t.Helper()
		got, ok := e.r.Snapshot()
		if ok != wantOK || got != want {
			t.Errorf("at %s: Snapshot() = %+v, %v; want %+v, %v", e.r.Stage(), got, ok, want, wantOK)
		}
	}
	place := func(s Stage, step int) Place {
		return Place{Kind: token.KindDEP, Apple: "abm", Portal: "relution", Stage: s, Step: step, DownloadConfirmedAt: e.r.DownloadConfirmed()}
	}
	check(false, Place{})
	for _, o := range []op{begin(token.KindDEP), apple("abm")} {
		o.do(e)
		check(false, Place{})
	}
	portal("relution").do(e)
	check(true, place(StageCaveats, 0))
	e.r.Next()
	e.r.SetStep(2)
	check(true, place(StageAppleSteps, 2))
	walk(StagePicker).do(e)
	if e.r.DownloadConfirmed().IsZero() {
		t.Fatal("no download confirmed")
	}
	check(true, place(StagePicker, 0))
	pick(fresh).do(e)
	withFile := func(p Place) Place {
		p.File, p.FileSHA256 = f.Path(f.FreshDEP), e.r.Chosen().Report.SHA256
		p.CertPath = f.Path(f.PEM) // the certificate beside it, which it is encrypted for
		return p
	}
	check(true, withFile(place(StageVerdict, 0)))
	e.r.Decide(Continue)
	e.r.SetStep(1)
	check(true, withFile(place(StagePortalSteps, 1)))
	walk(StageConfirm).do(e)
	check(true, withFile(place(StageConfirm, 0)))
	e.r.Answer(false)
	check(true, withFile(place(StageConfirm, 0)))
	e.r.Answer(true)
	check(false, Place{})

	// Pasted text has no file to save; checking a file saves nothing.
	p := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindVPP, Apple: "abm", Portal: "relution"})
	p.Next()
	p.StepsDone()
	p.PasteInstead()
	p.FileChecked(p.Lookup().CheckText("text"))
	if got, ok := p.Snapshot(); !ok || got.File != "" || got.FileSHA256 != "" || got.Stage != StageVerdict {
		t.Errorf("pasted: Snapshot() = %+v, %v", got, ok)
	}
	c := New(Config{Catalog: catalog(t), Now: clock})
	c.BeginCheck()
	c.FileChecked(c.Lookup().CheckFile(f.Path(f.VPP), nil))
	if _, ok := c.Snapshot(); ok {
		t.Error("checking a file has a place to save")
	}
}

// TestResume: a renewal resumed at each saved stage stands where it was,
// with the way back leading through the stages before it to the start; a
// place past the picker goes on only with its file unchanged.
func TestResume(t *testing.T) {
	f := downloads(t)
	fileSum := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP}).Lookup().Inspect(f.Path(f.FreshDEP)).SHA256
	confirmed := now.Add(-30 * time.Minute)
	for _, c := range []struct {
		name     string
		place    Place
		change   bool  // the file changed since it was saved
		want     Stage // after the file was checked again
		wantStep int
		backs    []Stage // where esc leads from there
	}{
		{name: "caveats", place: Place{Stage: StageCaveats}, want: StageCaveats,
			backs: []Stage{StageStart}},
		{name: "apple steps", place: Place{Stage: StageAppleSteps, Step: 2}, want: StageAppleSteps, wantStep: 2,
			backs: []Stage{StageCaveats, StageStart}},
		{name: "apple steps, step out of range", place: Place{Stage: StageAppleSteps, Step: 40}, want: StageAppleSteps, wantStep: 3,
			backs: []Stage{StageCaveats}},
		{name: "picker", place: Place{Stage: StagePicker}, want: StagePicker,
			backs: []Stage{StageAppleSteps, StageCaveats, StageStart}},
		{name: "paste", place: Place{Stage: StagePaste}, want: StagePicker,
			backs: []Stage{StageAppleSteps}},
		{name: "verdict", place: Place{Stage: StageVerdict, File: "fresh"}, want: StageVerdict,
			backs: []Stage{StagePicker, StageAppleSteps}},
		{name: "portal steps", place: Place{Stage: StagePortalSteps, Step: 3, File: "fresh"}, want: StagePortalSteps, wantStep: 3,
			backs: []Stage{StageVerdict, StagePicker, StageAppleSteps, StageCaveats, StageStart}},
		{name: "confirm", place: Place{Stage: StageConfirm, File: "fresh"}, want: StageConfirm,
			backs: []Stage{StagePortalSteps, StageVerdict}},
		{name: "confirm, file changed", place: Place{Stage: StageConfirm, File: "fresh"}, change: true, want: StagePicker,
			backs: []Stage{StageAppleSteps}},
		{name: "portal steps, no file saved", place: Place{Stage: StagePortalSteps, Step: 1}, want: StagePicker},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := c.place
			p.Kind, p.Apple, p.Portal, p.DownloadConfirmedAt = token.KindDEP, "abm", "relution", confirmed
			if p.File != "" {
				p.File, p.FileSHA256 = f.Path(f.FreshDEP), fileSum
			}
			if c.change {
				if err := os.WriteFile(p.File, []byte("changed"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			// Presets are ignored on resume.
			r, err := Resume(Config{Catalog: catalog(t), Now: clock, Kind: token.KindVPP, Apple: "asm", Portal: "intune"}, p)
			if err != nil {
				t.Fatal(err)
			}
			if r.Kind() != token.KindDEP || r.Guide() == nil || r.Guide().Portal.ID != "relution" || !r.DownloadConfirmed().Equal(confirmed) || !r.PendingReset() {
				t.Fatalf("resumed %+v", r)
			}
			if path, ok := r.SavedFile(); ok {
				if r.Stage() != StagePicker || path != p.File {
					t.Fatalf("a file to check again at %s: %q", r.Stage(), path)
				}
				r.ResumeFile(r.Lookup().CheckFile(path, nil))
			} else if p.File != "" {
				t.Fatal("the saved file is not checked again")
			}
			if r.Stage() != c.want || r.Step(r.Stage()) != c.wantStep {
				t.Fatalf("at %s step %d, want %s step %d", r.Stage(), r.Step(r.Stage()), c.want, c.wantStep)
			}
			if got := r.Confirmed(StageAppleSteps, len(r.Guide().AppleSteps)-1); !got {
				t.Error("the download step is not confirmed")
			}
			if c.want == c.place.Stage {
				p.Step = c.wantStep
				if p.File != "" {
					p.CertPath = f.Path(f.PEM) // found beside the file
				}
				if got, ok := r.Snapshot(); !ok || got != p {
					t.Errorf("Snapshot() = %+v, %v; want the place resumed, %+v", got, ok, p)
				}
			}
			for _, want := range c.backs {
				if !r.Back() || r.Stage() != want {
					t.Fatalf("back: at %s, want %s", r.Stage(), want)
				}
			}
		})
	}
}

// TestResumeFileLate: the saved file, checked again, is not taken once the
// user has moved on, nor twice, nor when it is another file.
func TestResumeFileLate(t *testing.T) {
	f := downloads(t)
	p := Place{Kind: token.KindDEP, Apple: "abm", Portal: "relution", Stage: StageVerdict, File: f.Path(f.FreshDEP)}
	cfg := Config{Catalog: catalog(t), Now: clock}
	checked := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP}).Lookup().CheckFile(p.File, nil)
	p.FileSHA256 = checked.Report.SHA256

	r, err := Resume(cfg, p)
	if err != nil {
		t.Fatal(err)
	}
	r.Back() // to the Apple steps
	if r.ResumeFile(checked) || r.Stage() != StageAppleSteps {
		t.Errorf("resumed after the user moved on, at %s", r.Stage())
	}

	r, _ = Resume(cfg, p)
	other := checked
	other.Path = f.Path(f.OldDEP)
	if r.ResumeFile(other) {
		t.Error("resumed with another file")
	}
	if !r.ResumeFile(checked) || r.ResumeFile(checked) {
		t.Error("the saved file is not taken exactly once")
	}

	if _, err := Resume(cfg, Place{Kind: token.KindDEP, Apple: "abm", Portal: "gone", Stage: StageCaveats}); err == nil {
		t.Error("resumed a place whose guide is gone")
	}
}

// TestResumeStopsAtTheVerdict: a place past the verdict goes on only when
// the file, checked again, still lets the renewal go on; otherwise the
// verdict shows again, however the place got past it before (a token that
// expired since, last year's file, a warning taken anyway).
func TestResumeStopsAtTheVerdict(t *testing.T) {
	f := downloads(t)
	for _, c := range []struct {
		name  string
		file  func() string
		later time.Duration // how long after the save the renewal goes on
	}{
		{"last year's token", func() string { return f.Path(f.OldDEP) }, 0},
		{"expired since", func() string { return f.Path(f.FreshDEP) }, 2 * 366 * 24 * time.Hour},
	} {
		for _, stage := range []Stage{StagePortalSteps, StageConfirm} {
			t.Run(c.name+"/"+stage.String(), func(t *testing.T) {
				later := func() time.Time { return clock().Add(c.later) }
				cfg := Config{Catalog: catalog(t), Now: later}
				checked := New(Config{Catalog: catalog(t), Now: later, Kind: token.KindDEP}).Lookup().CheckFile(c.file(), nil)
				if checked.Report.Status.Severity() == token.SeverityOK {
					t.Fatalf("the file is judged %s: no bad verdict to test with", checked.Report.Status)
				}
				p := Place{Kind: token.KindDEP, Apple: "abm", Portal: "relution", Stage: stage, Step: 1,
					File: checked.Path, FileSHA256: checked.Report.SHA256, DownloadConfirmedAt: clock().Add(-time.Hour)}
				r, err := Resume(cfg, p)
				if err != nil {
					t.Fatal(err)
				}
				if !r.ResumeFile(r.Lookup().CheckFile(p.File, nil)) {
					t.Fatal("the saved file was not taken up")
				}
				if r.Stage() != StageVerdict {
					t.Errorf("resumed at %s past a %s verdict, want the verdict", r.Stage(), r.Chosen().Report.Status)
				}
			})
		}
	}
}
