package renewal

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/token"
)

// pushFolder is a Downloads folder with copies of the push fixtures named.
func pushFolder(t *testing.T, names ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "Downloads")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "push", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const (
	pushNew      = "MDM_ Fixture_Certificate.pem"
	pushLastYear = "MDM_ Fixture_Certificate_2025.pem"
	pushCreated  = "MDM_ Fixture_Certificate (1).pem" // Create a Certificate: another topic
)

// TestPushFlow: the push certificate has no Apple portal question, the
// MDM's steps to get the request come before Apple's, its Renew warning
// needs confirming, and the picker looks for .pem files.
func TestPushFlow(t *testing.T) {
	r := New(Config{Catalog: catalog(t), Now: clock})
	r.Begin(token.KindPush)
	if r.Stage() != StagePortal {
		t.Fatalf("push starts at %v, want the MDM portal question", r.Stage())
	}
	if !r.Back() || r.Stage() != StageStart {
		t.Fatalf("esc from the portal question: %v, want the start", r.Stage())
	}
	r.Begin(token.KindPush)
	if err := r.ChoosePortal("intune"); err != nil {
		t.Fatal(err)
	}
	if g := r.Guide(); g.Apple.ID != "pushcert" || len(g.BeforeSteps) == 0 {
		t.Fatalf("guide %s with %d request steps", g.Apple.ID, len(g.BeforeSteps))
	}
	r.Next()
	if r.Stage() != StageRequestSteps {
		t.Fatalf("after the caveats: %v, want the request steps", r.Stage())
	}
	r.StepsDone()
	if r.Stage() != StageAppleSteps {
		t.Fatalf("after the request steps: %v, want Apple's", r.Stage())
	}
	l := r.Lookup()
	if l.Expect != token.KindPush || !l.Likely("MDM_ Vendor_Certificate.pem") || l.Likely("sToken_for_X.vpptoken") {
		t.Errorf("lookup %+v", l)
	}
	if !Stage(StageRequestSteps).Saved() {
		t.Error("a place in the request steps is not saved")
	}
}

// TestPushReplaced: the picker compares a push certificate with last
// year's beside it; the same topic is a renewal, another topic is a
// mismatch whose ways on lead back to renewing in Apple's portal.
func TestPushReplaced(t *testing.T) {
	for _, c := range []struct {
		name        string
		files       []string
		pick        string
		status      token.Status
		choices     []Choice
		replaced    string // the file compared with; empty for none
		wantEntries bool
	}{
		{"renewed", []string{pushNew, pushLastYear}, pushNew, token.StatusOK, []Choice{Continue, PickAgain}, pushLastYear, true},
		{"created new", []string{pushCreated, pushLastYear}, pushCreated, token.StatusMismatch, []Choice{RenewInstead, PickAgain, Quit}, pushLastYear, false},
		{"alone", []string{pushCreated}, pushCreated, token.StatusOK, []Choice{CompareTopic, Continue, PickAgain}, "", true},
		// Downloaded in the same renewal, minutes apart: neither replaces
		// the other, so the topic is left to compare with the MDM's.
		{"created beside the renewal", []string{pushNew, pushCreated}, pushCreated, token.StatusOK, []Choice{CompareTopic, Continue, PickAgain}, "", false},
		{"last year's picked", []string{pushNew, pushLastYear}, pushLastYear, token.StatusStale, []Choice{PickAgain, CompareTopic, Redownload, UseAnyway, Quit}, "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := pushFolder(t, c.files...)
			r := pushAtPicker(t)
			r.FileChecked(r.Lookup().CheckFile(filepath.Join(dir, c.pick), nil))
			ch := r.Chosen()
			if ch.Report.Status != c.status {
				t.Fatalf("status %s (%s), want %s", ch.Report.Status, ch.Report.Message, c.status)
			}
			if got := filepath.Base(ch.Topic.File); (c.replaced == "") != (ch.Topic.File == "") || c.replaced != "" && got != c.replaced {
				t.Errorf("compared with %q, want %q", ch.Topic.File, c.replaced)
			}
			if !slices.Equal(r.Choices(), c.choices) {
				t.Errorf("choices %v, want %v", r.Choices(), c.choices)
			}
			if c.status == token.StatusMismatch {
				if !strings.Contains(ch.Report.Message+ch.Report.Action, "enroll again") {
					t.Errorf("no re-enroll warning: %s / %s", ch.Report.Message, ch.Report.Action)
				}
				r.Decide(RenewInstead)
				if r.Stage() != StageAppleSteps || r.Guide().AppleSteps[r.Step(StageAppleSteps)].ID != "find" {
					t.Errorf("renew instead leads to %v step %d, want Apple's find step", r.Stage(), r.Step(StageAppleSteps))
				}
				return
			}
			if !c.wantEntries {
				return
			}
			r.Decide(Continue)
			r.StepsDone()
			r.Answer(true)
			rec, ok := r.Record(now)
			if !ok || rec.Org != ch.Report.Topic || !strings.HasPrefix(rec.Org, "com.apple.mgmt.") || !rec.NewExpiry.Equal(ch.Report.Expires) || !rec.OldExpiry.Equal(ch.ReplacedExpiry) {
				t.Errorf("record %+v", rec)
			}
			e, err := r.HistoryEntry(now, "alice", "jump1")
			if err != nil || e.Topic != ch.Report.Topic || e.Kind != token.KindPush || e.ApplePortal != "pushcert" || !e.OldExpires.Equal(ch.ReplacedExpiry) {
				t.Errorf("history entry %+v, %v", e, err)
			}
		})
	}
}

// TestPushListCompared: the picker's list shows a new-topic certificate
// beside last year's as a mismatch, and never starts on it.
func TestPushListCompared(t *testing.T) {
	dir := pushFolder(t, pushCreated, pushLastYear)
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindPush, Portal: "intune"})
	l := r.Lookup()
	cands := []Candidate{{Name: pushCreated, Modified: now}, {Name: pushLastYear, Modified: now.AddDate(-1, 0, 0)}}
	l.InspectAll(dir, cands)
	if cands[0].Report == nil || cands[0].Report.Status != token.StatusMismatch {
		t.Fatalf("the new-topic certificate in the list: %+v", cands[0].Report)
	}
	if best, _ := l.Preselect(cands); best == 0 {
		t.Error("the picker starts on the new-topic certificate")
	}
}

// pushAtPicker is a push renewal for Intune at the picker.
func pushAtPicker(t *testing.T) *Renewal {
	t.Helper()
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindPush, Portal: "intune"})
	r.Next()
	r.StepsDone()
	for i, s := range r.Guide().AppleSteps {
		if s.Warning != "" {
			r.ConfirmStep(i, now)
		}
	}
	r.StepsDone()
	if r.Stage() != StagePicker {
		t.Fatalf("stage %v, want the picker", r.Stage())
	}
	return r
}

// TestPushTypedTopic: with no earlier certificate beside it, the topic the
// MDM shows, typed in any of its forms, is compared with the download: a
// new topic is stopped, the same topic goes on, a serial number is refused
// with the reason, and the record says how the topic was compared.
func TestPushTypedTopic(t *testing.T) {
	const fixtureTopic = "3f1c2a64-5b7e-4d1a-9c3e-0a1b2c3d4e5f" // pushNew's and last year's
	for _, c := range []struct {
		name, pick, typed string
		status            token.Status
		choices           []Choice
		check             string
	}{
		{"created new, APSP name", pushCreated, "APSP:" + strings.ToUpper(fixtureTopic), token.StatusMismatch, []Choice{RenewInstead, RetypeTopic, PickAgain, Quit}, "another topic than the one you typed"},
		{"renewed, topic", pushNew, "  com.apple.mgmt.External." + fixtureTopic + "\n", token.StatusOK, []Choice{Continue, PickAgain}, "the same topic as the one you typed from the MDM (" + fixtureTopic + ")"},
		{"renewed, identifier", pushNew, `"` + fixtureTopic + `"`, token.StatusOK, []Choice{Continue, PickAgain}, "the same topic as the one you typed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := pushFolder(t, c.pick)
			r := pushAtPicker(t)
			r.FileChecked(r.Lookup().CheckFile(filepath.Join(dir, c.pick), nil))
			if !strings.HasPrefix(r.TopicCheck(), "not compared") {
				t.Errorf("before typing, the topic check says %q", r.TopicCheck())
			}
			if a := r.Chosen().Report.Action; c.status == token.StatusOK && (!strings.HasPrefix(a, "Compare its topic with the one Microsoft Intune shows") || strings.Contains(a, "--")) {
				t.Errorf("before typing, the advice is %q", a)
			}
			r.Decide(CompareTopic)
			if r.Stage() != StageTopic {
				t.Fatalf("compare leads to %v", r.Stage())
			}
			if err := r.CompareTopic("12:AB:34:CD:56:EF:78:90"); err == nil || !strings.Contains(err.Error(), "serial number") || r.Stage() != StageTopic {
				t.Errorf("a serial number: %v, stage %v", err, r.Stage())
			}
			if err := r.CompareTopic(c.typed); err != nil {
				t.Fatal(err)
			}
			ch := r.Chosen()
			if r.Stage() != StageVerdict || ch.Report.Status != c.status || ch.Topic.How != TopicTyped {
				t.Fatalf("stage %v, status %s (%s), compared %v", r.Stage(), ch.Report.Status, ch.Report.Message, ch.Topic.How)
			}
			if !slices.Equal(r.Choices(), c.choices) || !strings.Contains(r.TopicCheck(), c.check) {
				t.Errorf("choices %v, topic check %q", r.Choices(), r.TopicCheck())
			}
			if c.status == token.StatusMismatch {
				if !strings.Contains(ch.Report.Message, "enroll again") {
					t.Errorf("no re-enroll warning: %s", ch.Report.Message)
				}
				return
			}
			if !strings.Contains(ch.Report.Action, "keeps that certificate's topic") {
				t.Errorf("the action of a compared certificate: %s", ch.Report.Action)
			}
			if m := r.Match(); m.Label != "Topic check" || m.Text != r.TopicCheck() {
				t.Errorf("match %+v", m)
			}
			r.Decide(Continue)
			r.StepsDone()
			r.Answer(true)
			if rec, ok := r.Record(now); !ok || rec.TopicCheck != r.TopicCheck() {
				t.Errorf("record's topic check %q", rec.TopicCheck)
			}
		})
	}
}

// TestPushTypedTopicResumed: the topic typed from the MDM is kept with the
// place, so that a push renewal resumed at its verdict or later is judged
// against it again, not shown as not compared; a topic edited into
// something else in the state file is dropped.
func TestPushTypedTopicResumed(t *testing.T) {
	const fixtureTopic = "3f1c2a64-5b7e-4d1a-9c3e-0a1b2c3d4e5f"
	for _, c := range []struct {
		name, pick string
		status     token.Status
	}{
		{"renewed", pushNew, token.StatusOK},
		{"created new", pushCreated, token.StatusMismatch},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := pushFolder(t, c.pick)
			r := pushAtPicker(t)
			file := filepath.Join(dir, c.pick)
			r.FileChecked(r.Lookup().CheckFile(file, nil))
			r.Decide(CompareTopic)
			if err := r.CompareTopic("APSP:" + fixtureTopic); err != nil {
				t.Fatal(err)
			}
			p, ok := r.Snapshot()
			if !ok || p.Topic != fixtureTopic {
				t.Fatalf("saved place %+v (%v): topic %q", p, ok, p.Topic)
			}
			back, err := Resume(Config{Catalog: catalog(t), Now: clock}, p)
			if err != nil {
				t.Fatal(err)
			}
			if !back.ResumeFile(back.Lookup().CheckFile(file, nil)) {
				t.Fatalf("the saved file did not resume, stage %v", back.Stage())
			}
			ch := back.Chosen()
			if back.Stage() != StageVerdict || ch.Topic.How != TopicTyped || ch.Report.Status != c.status {
				t.Errorf("resumed: stage %v, topic compared %v, status %s", back.Stage(), ch.Topic.How, ch.Report.Status)
			}

			p.Topic = "12:AB:34:CD"
			back, err = Resume(Config{Catalog: catalog(t), Now: clock}, p)
			if err != nil {
				t.Fatal(err)
			}
			back.ResumeFile(back.Lookup().CheckFile(file, nil))
			if how := back.Chosen().Topic.How; how == TopicTyped {
				t.Errorf("a topic that does not parse was compared with")
			}
		})
	}
}

// TestPushTypedTopicPasted: a pasted certificate is compared with the
// topic typed too.
func TestPushTypedTopicPasted(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "push", pushCreated))
	if err != nil {
		t.Fatal(err)
	}
	r := pushAtPicker(t)
	r.PasteInstead()
	r.FileChecked(r.Lookup().CheckText(string(data)))
	r.Decide(CompareTopic)
	if err := r.CompareTopic("3f1c2a64-5b7e-4d1a-9c3e-0a1b2c3d4e5f"); err != nil {
		t.Fatal(err)
	}
	if st := r.Chosen().Report.Status; st != token.StatusMismatch {
		t.Errorf("pasted new-topic certificate: %s", st)
	}
}

// TestParseTopic: the forms an MDM shows a push certificate's topic in.
func TestParseTopic(t *testing.T) {
	const id = "0055e7e9-492b-4d46-967a-28fc5d49edb6"
	for _, c := range []struct{ in, want, err string }{
		{"com.apple.mgmt.External." + id, id, ""},
		{"APSP:" + strings.ToUpper(id), id, ""},
		{"apsp: " + id, id, ""},
		{" '" + id + "' ", id, ""},
		{"", "", "nothing typed"},
		{"7D:D5:1A:45:BF:77:B2:0A", "", "serial number"},
		{"7DD51A45BF77B20A", "", "serial number"},
		{"com.apple.mgmt.External.not-an-id", "", "not a push topic"},
		{"Lakeside push", "", "not a push topic"},
	} {
		got, err := ParseTopic(c.in)
		if got != c.want || (err == nil) != (c.err == "") || err != nil && !strings.Contains(err.Error(), c.err) {
			t.Errorf("ParseTopic(%q) = %q, %v; want %q, %q", c.in, got, err, c.want, c.err)
		}
	}
}

// TestPushChecks: what was checked about a push certificate never claims
// a fresh download (a push certificate has no download date); compared
// with last year's, the topic check says the topic is that file's.
func TestPushChecks(t *testing.T) {
	for _, c := range []struct {
		name, pick string
		files      []string
		want       string // the topic check
	}{
		{"renewed", pushNew, []string{pushNew, pushLastYear}, "the same topic as " + pushLastYear + ", the certificate it replaces"},
		{"alone", pushNew, []string{pushNew}, "not compared"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := pushFolder(t, c.files...)
			r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindPush, Portal: "intune"})
			r.Next()
			r.StepsDone()
			r.StepsDone()
			r.FileChecked(r.Lookup().CheckFile(filepath.Join(dir, c.pick), nil))
			checks := strings.Join(r.Checks(), "; ")
			if strings.Contains(checks, "fresh download") {
				t.Errorf("checks claim a fresh download: %s", checks)
			}
			if got := r.TopicCheck(); !strings.HasPrefix(got, c.want) {
				t.Errorf("topic check %q, want %q", got, c.want)
			}
		})
	}
}

// TestPushCheckedAdvice: checking a push certificate in the wizard advises
// comparing its topic, and renewing it here, never check's --replaces.
func TestPushCheckedAdvice(t *testing.T) {
	dir := pushFolder(t, pushNew)
	r := New(Config{Catalog: catalog(t), Now: clock})
	r.BeginCheck()
	r.FileChecked(r.Lookup().CheckFile(filepath.Join(dir, pushNew), nil))
	a := r.Chosen().Report.Action
	if strings.Contains(a, "--") || !strings.Contains(a, "Renew this APNs push certificate now") {
		t.Errorf("advice on a checked push certificate: %q", a)
	}
}

// TestPushCheckedReplaced: checking last year's push certificate with its
// renewal beside it, the wizard says what mdmtoken check says: replaced,
// nothing to do (no Renew offered), whatever it is alone; the list marks
// it so too, and the renewal itself is what it is.
func TestPushCheckedReplaced(t *testing.T) {
	dir := pushFolder(t, pushNew, pushLastYear)
	r := New(Config{Catalog: catalog(t), Now: clock})
	r.BeginCheck()
	r.FileChecked(r.Lookup().CheckFile(filepath.Join(dir, pushLastYear), nil))
	c := r.Chosen()
	if c.Newer != filepath.Join(dir, pushNew) || c.Report.Status != token.StatusReplaced ||
		!strings.Contains(c.Report.Message, "A newer push certificate for the topic") || !strings.HasSuffix(c.Report.Message, "On its own it is expiring.") {
		t.Fatalf("newer %q, status %s, message %q", c.Newer, c.Report.Status, c.Report.Message)
	}
	if a := c.Report.Action; !strings.HasPrefix(a, "Nothing to do with this file") || !strings.Contains(a, "do not renew it again ("+pushNew+" is its renewal)") {
		t.Errorf("what to do %q", a)
	}
	if got := r.Choices(); slices.Contains(got, RenewThis) {
		t.Errorf("choices %v offer to renew a replaced certificate", got)
	}
	cands := []Candidate{{Name: pushLastYear, Modified: now}, {Name: pushNew, Modified: now.Add(-time.Hour)}}
	r.Lookup().InspectAll(dir, cands)
	if cands[0].Report.Status != token.StatusReplaced || cands[1].Report.Status != token.StatusOK {
		t.Errorf("the list marks last year's %s and the renewal %s", cands[0].Report.Status, cands[1].Report.Status)
	}
	r = New(Config{Catalog: catalog(t), Now: clock})
	r.BeginCheck()
	r.FileChecked(r.Lookup().CheckFile(filepath.Join(dir, pushNew), nil))
	if c := r.Chosen(); c.Newer != "" || c.Report.Status != token.StatusOK || !slices.Contains(r.Choices(), RenewThis) {
		t.Errorf("the renewal: newer %q, status %s, choices %v", c.Newer, c.Report.Status, r.Choices())
	}
}

// TestPushHistoryTopic: with no earlier certificate beside the download
// and nothing typed, the topic the renewal history holds for this MDM
// portal is compared with it; another portal's entry is not.
func TestPushHistoryTopic(t *testing.T) {
	const fixtureTopic = "com.apple.mgmt.External.3f1c2a64-5b7e-4d1a-9c3e-0a1b2c3d4e5f" // pushNew's
	lastYear := history.Entry{Kind: token.KindPush, Topic: fixtureTopic, MDMPortal: "intune",
		Expires: now.AddDate(0, 0, 10), Recorded: now.AddDate(-1, 0, 10)}
	other := lastYear
	other.MDMPortal, other.Topic = "fleet", "com.apple.mgmt.External.8d2e4f60-1a3b-4c5d-8e9f-112233445566"
	recorded := lastYear
	recorded.Expires = time.Date(2026, 6, 20, 8, 59, 59, 0, time.UTC) // pushLastYear's
	for _, c := range []struct {
		name, pick string
		known      []history.Entry
		status     token.Status
		how        TopicHow
		check      string
	}{
		{"renewed", pushNew, []history.Entry{lastYear}, token.StatusOK, TopicByHistory, "the same topic as the push certificate renewed for this MDM on " + DateOnly(lastYear.Recorded)},
		{"created new", pushCreated, []history.Entry{lastYear}, token.StatusMismatch, TopicByHistory, "another topic than the push certificate renewed"},
		{"another portal's", pushCreated, []history.Entry{other}, token.StatusOK, TopicNotCompared, "not compared"},
		// The certificate the history holds, picked again: its topic, but
		// not its renewal.
		{"the one renewed last time", pushLastYear, []history.Entry{recorded}, token.StatusMismatch, TopicByHistory, "the same topic as the push certificate renewed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := pushFolder(t, c.pick)
			var known []history.Item
			for _, e := range c.known {
				known = append(known, history.Item{Entry: e})
			}
			r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindPush, Portal: "intune", Known: known})
			r.Next()
			r.StepsDone()
			r.StepsDone()
			r.FileChecked(r.Lookup().CheckFile(filepath.Join(dir, c.pick), nil))
			ch := r.Chosen()
			if ch.Report.Status != c.status || ch.Topic.How != c.how || !strings.HasPrefix(r.TopicCheck(), c.check) {
				t.Fatalf("status %s, compared %v, topic check %q", ch.Report.Status, ch.Topic.How, r.TopicCheck())
			}
			if c.how == TopicByHistory && !ch.ReplacedExpiry.Equal(c.known[0].Expires) {
				t.Errorf("old expiry %v, want the history's %v", ch.ReplacedExpiry, c.known[0].Expires)
			}
			if c.pick == pushLastYear && !strings.Contains(ch.Report.Message, "not its renewal") {
				t.Errorf("message %q", ch.Report.Message)
			}
		})
	}
}

// TestPushMismatchPointsToRenewal: a certificate of a new topic beside
// last year's and this year's renewal is a mismatch whose advice is to pick
// the renewal, where the list then starts.
func TestPushMismatchPointsToRenewal(t *testing.T) {
	dir := pushFolder(t, pushNew, pushCreated, pushLastYear)
	r := pushAtPicker(t)
	r.FileChecked(r.Lookup().CheckFile(filepath.Join(dir, pushCreated), nil))
	ch := r.Chosen()
	if ch.Report.Status != token.StatusMismatch || filepath.Base(ch.Newer) != pushNew ||
		!strings.HasPrefix(ch.Report.Action, "Pick "+pushNew+" instead (Pick another file)") {
		t.Fatalf("%s, newer %q, what to do %q", ch.Report.Status, ch.Newer, ch.Report.Action)
	}
	if !slices.Equal(r.Choices(), []Choice{RenewInstead, PickAgain, Quit}) {
		t.Errorf("choices %v", r.Choices())
	}
	r.Decide(PickAgain)
	cands := []Candidate{{Name: pushCreated, Modified: now}, {Name: pushNew, Modified: now.Add(-time.Minute)}, {Name: pushLastYear, Modified: now.AddDate(-1, 0, 0)}}
	l := r.Lookup()
	l.InspectAll(dir, cands)
	if best, _ := l.Preselect(cands); best != 1 {
		t.Errorf("the list starts on %d, want the renewal", best)
	}
}

// TestPushNamedLikeItButNot: the MDM's own certificate saved under the
// push certificate's name is the wrong kind, and the advice says that its
// name is no guide, not merely "use MDM_ <Vendor>_Certificate.pem".
func TestPushNamedLikeItButNot(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "mdm", "mdm_public_key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	for name, named := range map[string]bool{"MDM_ Relution_Certificate.pem": true, "mdm_public_key.pem": false} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindPush, Portal: "intune"})
		r.Next()
		r.StepsDone()
		r.StepsDone()
		r.FileChecked(r.Lookup().CheckFile(path, nil))
		rep := r.Chosen().Report
		if rep.Status != token.StatusWrongKind || strings.HasPrefix(rep.Action, "Despite its name, this file is not the APNs push certificate.") != named {
			t.Errorf("%s: %s, what to do %q", name, rep.Status, rep.Action)
		}
	}
	// An empty download named like the token is not told that it is of
	// another kind: it is no file of any kind yet.
	empty := filepath.Join(dir, "sToken_for_Annex.vpptoken")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindVPP, Apple: "abm", Portal: "relution"})
	r.Next()
	r.StepsDone()
	r.FileChecked(r.Lookup().CheckFile(empty, nil))
	if a := r.Chosen().Report.Action; strings.Contains(a, "Despite its name") {
		t.Errorf("an empty file: %q", a)
	}
}

// TestStalePushComparesTopic: an older push certificate picked as the
// renewal, with nothing to compare its topic with, offers to compare it;
// using it anyway says the topic goes uncompared.
func TestStalePushComparesTopic(t *testing.T) {
	dir := pushFolder(t, pushLastYear)
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindPush, Portal: "intune"})
	r.Next()
	r.StepsDone()
	r.StepsDone()
	r.FileChecked(r.Lookup().CheckFile(filepath.Join(dir, pushLastYear), nil))
	got := r.Choices()
	if r.Chosen().Report.Status != token.StatusStale || !slices.Contains(got, CompareTopic) || !slices.Contains(got, UseAnyway) {
		t.Fatalf("status %s, choices %v", r.Chosen().Report.Status, got)
	}
	if l := ChoiceLabel(UseAnyway, "Microsoft Intune", false, Matched(got), token.KindPush); l != "Use this file anyway, without comparing the topic" {
		t.Errorf("label %q", l)
	}
}
