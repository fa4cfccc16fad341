package practice

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// TestMakeGivesEveryTrap checks that each practice file is what the
// training says it is, judged by the token engine as the wizard would.
func TestMakeGivesEveryTrap(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	kit, err := Make(filepath.Join(t.TempDir(), "Downloads"), now)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(kit.Dir)
	if err != nil {
		t.Fatal(err)
	}
	dep := token.Options{Now: now, Expect: token.KindDEP, Fresh: true, Cert: kit.Cert, Key: kit.Key}
	vpp := token.Options{Now: now, Expect: token.KindVPP, Fresh: true, Cert: kit.Cert, Key: kit.Key}
	got := map[token.Status]int{}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", e.Name(), info.Mode().Perm())
		}
		r := token.Inspect(filepath.Join(kit.Dir, e.Name()), dep)
		got[r.Status]++
		t.Logf("as DEP: %-55s %s", e.Name(), r.Status)
	}
	want := map[token.Status]int{
		token.StatusOK:          1, // this year's server token
		token.StatusStale:       1, // last year's, still in Downloads
		token.StatusWrongServer: 1, // made for another MDM server
		token.StatusWrongKind:   8, // three VPP tokens, the public key, three push certificates and the push request
	}
	for s, n := range want {
		if got[s] != n {
			t.Errorf("renewing DEP: %d files %s, want %d (all: %v)", got[s], s, n, got)
		}
	}

	fresh := token.Inspect(filepath.Join(kit.Dir, "sToken_for_Practice School (1).vpptoken"), vpp)
	old := token.Inspect(filepath.Join(kit.Dir, "sToken_for_Practice School.vpptoken"), vpp)
	expired := token.Inspect(filepath.Join(kit.Dir, "sToken_for_Annex.vpptoken"), vpp)
	if fresh.Status != token.StatusOK || old.Status != token.StatusStale || expired.Status != token.StatusExpired {
		t.Errorf("renewing VPP: fresh %s, old %s, annex %s; want ok, stale and expired", fresh.Status, old.Status, expired.Status)
	}

	// Every trap is a file of the folder, and none is the right file.
	for kind, traps := range kit.Traps {
		if kind == token.KindPush {
			continue // judged against each other: TestPushTraps
		}
		opts := dep
		if kind == token.KindVPP {
			opts = vpp
		}
		for _, tr := range traps {
			if len(tr.Paths) == 0 {
				t.Errorf("%s trap %q has no file", kind, tr.Name)
			}
			for _, p := range tr.Paths {
				if r := token.Inspect(p, opts); r.Status == token.StatusOK {
					t.Errorf("%s trap %q: %s is %s", kind, tr.Name, filepath.Base(p), r.Status)
				}
			}
		}
	}
	if fresh.Org != Org {
		t.Errorf("VPP org %q, want %q", fresh.Org, Org)
	}
}

// TestPushTraps checks the practice push files as a push renewal judges
// them, comparing each certificate with the one beside it that it
// replaces: this year's renewal is right, last year's is expiring, the
// certificate with another topic is a mismatch, and the request and the
// DEP public key are the wrong kind.
func TestPushTraps(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	kit, err := Make(filepath.Join(t.TempDir(), "Downloads"), now)
	if err != nil {
		t.Fatal(err)
	}
	r := renewal.New(renewal.Config{Kind: token.KindPush, Practice: true, Traps: kit.Traps, Now: func() time.Time { return now }})
	l := r.Lookup()
	for name, want := range map[string]token.Status{
		PushRenewed:                   token.StatusOK,
		PushLastYear:                  token.StatusStale,
		PushNewTopic:                  token.StatusMismatch,
		PushRequest:                   token.StatusWrongKind,
		"practice_mdm_public_key.pem": token.StatusWrongKind,
	} {
		c := l.CheckFile(filepath.Join(kit.Dir, name), nil)
		if c.Report.Status != want {
			t.Errorf("%s: %s (%s), want %s", name, c.Report.Status, c.Report.Message, want)
		}
		t.Logf("as push: %-45s %s", name, c.Report.Status)
	}
	ok := l.CheckFile(filepath.Join(kit.Dir, PushRenewed), nil)
	if ok.Report.Topic != PushTopic || filepath.Base(ok.Topic.File) != PushLastYear {
		t.Errorf("this year's renewal: topic %s, compared with %q; want %s and last year's", ok.Report.Topic, ok.Topic.File, PushTopic)
	}
	traps := kit.Traps[token.KindPush]
	if len(traps) != 4 {
		t.Fatalf("push traps %+v, want four: last year's, new topic, request, public key", traps)
	}
	for _, tr := range traps {
		for _, p := range tr.Paths {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("push trap %q: %v", tr.Name, err)
			}
			if c := l.CheckFile(p, nil); c.Report.Status.Severity() == token.SeverityOK {
				t.Errorf("push trap %q: %s is %s", tr.Name, filepath.Base(p), c.Report.Status)
			}
		}
	}
}

// TestPushPracticeScored goes through a practice push renewal with the
// practice folder: the new-topic certificate picked and sent back to Renew
// counts as set aside, last year's shown with the hint key as a hint, the
// request never picked as avoided, and the right certificate finishes it.
func TestPushPracticeScored(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	kit, err := Make(filepath.Join(t.TempDir(), "Downloads"), now)
	if err != nil {
		t.Fatal(err)
	}
	catalog, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	r := renewal.New(renewal.Config{Catalog: catalog, Practice: true, Traps: kit.Traps, Cert: kit.Cert, Key: kit.Key,
		Now: func() time.Time { return now }})
	r.Begin(token.KindPush)
	if err := r.ChoosePortal("intune"); err != nil {
		t.Fatal(err)
	}
	r.Next()
	r.StepsDone() // the request steps
	for i, s := range r.Guide().AppleSteps {
		if s.Warning != "" {
			r.ConfirmStep(i, now)
		}
	}
	r.StepsDone()
	pick := func(name string) {
		t.Helper()
		if !r.FileChecked(r.Lookup().CheckFile(filepath.Join(kit.Dir, name), nil)) {
			t.Fatalf("%s not taken at %v", name, r.Stage())
		}
	}
	pick(PushNewTopic)
	if got := r.Chosen().Report.Status; got != token.StatusMismatch {
		t.Fatalf("the new-topic certificate is %s, want mismatch", got)
	}
	r.Decide(renewal.RenewInstead)
	if r.Stage() != renewal.StageAppleSteps {
		t.Fatalf("renew instead leads to %v", r.Stage())
	}
	r.StepsDone()
	r.Hint(filepath.Join(kit.Dir, PushLastYear))
	pick(PushRenewed)
	r.Decide(renewal.Continue)
	r.StepsDone()
	r.Answer(true)

	s := r.Score()
	if s.Checked != 2 || s.Wrong != 1 || s.SetAside != 1 || s.UsedAnyway != 0 || s.Hints != 1 || !s.Finished {
		t.Errorf("score %s (%+v), want 2 checked, 1 wrong, 1 set aside, 1 hint, finished", s, s)
	}
	want := map[string]renewal.Outcome{
		"last year's certificate": renewal.Hinted,
		"a new certificate with another push topic (Create a Certificate)": renewal.Caught,
		"the request file, which goes to Apple, not to the MDM":            renewal.Avoided,
		"the MDM's public key for DEP (.pem)":                              renewal.Avoided,
	}
	got := s.Traps()
	if len(got) != len(want) {
		t.Fatalf("traps %+v, want %d", got, len(want))
	}
	for _, tr := range got {
		if want[tr.Name] != tr.Outcome {
			t.Errorf("trap %q: %s, want %s", tr.Name, tr.Outcome, want[tr.Name])
		}
	}
	if _, ok := r.Record(now); ok {
		t.Error("a practice push renewal makes a record")
	}
}

// BenchmarkMake is the time the wizard's --practice takes to make its
// folder before the first screen.
func BenchmarkMake(b *testing.B) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for i := 0; b.Loop(); i++ {
		if _, err := Make(filepath.Join(b.TempDir(), "Downloads"), now); err != nil {
			b.Fatal(err)
		}
	}
}
