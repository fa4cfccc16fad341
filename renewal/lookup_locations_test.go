package renewal

import (
	"context"
	"github.com/mdmtoken/mdmtoken/history"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/sample"
	"github.com/mdmtoken/mdmtoken/token"
)

// TestOtherLocations: with new content tokens of several locations in
// Downloads, the chosen one's verdict names the others and the location
// it belongs to; alone, it says nothing of other locations.
func TestOtherLocations(t *testing.T) {
	dir := t.TempDir()
	exp := now.AddDate(1, 0, 0)
	for i, loc := range []string{"High School", "Middle School", "District Office"} {
		// Made days apart: none counts as downloaded during this renewal.
		if err := os.WriteFile(filepath.Join(dir, sample.VPPFileName(loc)), sample.VPP("Lakeside", exp.AddDate(0, 0, -2*(i+1))), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Last year's token of a fourth location has expired: not named.
	if err := os.WriteFile(filepath.Join(dir, sample.VPPFileName("Annex")), sample.VPP("Lakeside", now.Add(-48*time.Hour)), 0o600); err != nil {
		t.Fatal(err)
	}
	l := Lookup{Expect: token.KindVPP, Exts: fileExts(token.KindVPP), Fresh: true, now: clock}
	c := l.CheckFile(filepath.Join(dir, sample.VPPFileName("Middle School")), nil)
	notes := strings.Join(c.Report.Notes, " ")
	if !strings.Contains(notes, `content tokens for "District Office", "High School"`) || !strings.Contains(notes, `entry for location "Middle School"`) || strings.Contains(notes, "Annex") {
		t.Errorf("notes: %s", notes)
	}
	// Renewing another location, the same file is a mismatch: its advice
	// says which to pick, and no note says to upload it to its own entry.
	l.renewing = "High School"
	if c := l.CheckFile(filepath.Join(dir, sample.VPPFileName("Middle School")), nil); c.Report.Status != token.StatusMismatch || strings.Contains(strings.Join(c.Report.Notes, " "), "Upload this one") {
		t.Errorf("another location's token, renewing High School: %s, notes %v", c.Report.Status, c.Report.Notes)
	}
	l.renewing = ""
	alone := t.TempDir()
	if err := os.WriteFile(filepath.Join(alone, sample.VPPFileName("Middle School")), sample.VPP("Lakeside", exp), 0o600); err != nil {
		t.Fatal(err)
	}
	if c := l.CheckFile(filepath.Join(alone, sample.VPPFileName("Middle School")), nil); strings.Contains(strings.Join(c.Report.Notes, " "), "also holds") {
		t.Errorf("a token alone names other locations: %v", c.Report.Notes)
	}
}

// TestNewLocationsAlsoReset: the organization's other locations' tokens
// made in the last day are what is still to do after the chosen one, in
// its advice and as reset in the history; one made days ago, another
// organization's, and a renamed copy of the chosen location are not.
func TestNewLocationsAlsoReset(t *testing.T) {
	dir := t.TempDir()
	year := now.AddDate(1, 0, 0)
	for name, data := range map[string][]byte{
		sample.VPPFileName("Middle School"):       sample.VPP("Lakeside", year),
		sample.VPPFileName("High School"):         sample.VPP("Lakeside", year.Add(-time.Hour)),
		sample.VPPFileName("District Office"):     sample.VPP("Lakeside", year.AddDate(0, 0, -3)),
		sample.VPPFileName("Middle School (old)"): sample.VPP("Lakeside", year.Add(-2*time.Hour)),
		sample.VPPFileName("Middle School East"):  sample.VPP("Lakeside", year.Add(-3*time.Hour)),
		sample.VPPFileName("Annex"):               sample.VPP("Other District", year),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindVPP, Apple: "abm", Portal: "relution"})
	r.Next()
	r.StepsDone()
	r.FileChecked(r.Lookup().CheckFile(filepath.Join(dir, sample.VPPFileName("Middle School")), nil))
	c := r.Chosen()
	if len(c.AlsoReset) != 2 || c.AlsoReset[0].Location != "High School" || c.AlsoReset[0].Org != "Lakeside" || c.AlsoReset[1].Location != "Middle School East" {
		t.Fatalf("also reset %+v", c.AlsoReset)
	}
	if !strings.Contains(c.Report.Action, `content token for location "High School" too: downloading it replaced that location's token in use.`) {
		t.Errorf("what to do %q", c.Report.Action)
	}
	if notes := strings.Join(c.Report.Notes, " "); !strings.Contains(notes, `content tokens for "District Office":`) || strings.Contains(notes, "High School") {
		t.Errorf("notes %q: the location in what to do is named again, or the older one not at all", notes)
	}
	r.Decide(Continue)
	r.StepsDone()
	r.Answer(true)
	add := r.ForHistory(now, "alice", "jump1")
	if len(add.Resets) != 2 || add.Resets[0].Kind != token.KindVPP || add.Resets[0].Location != "High School" || add.Resets[0].Org != "Lakeside" ||
		!add.Resets[0].Expires.Equal(now.Add(-time.Hour)) {
		t.Fatalf("resets %+v", add.Resets)
	}
	said, err := add.Add(context.Background(), filepath.Join(t.TempDir(), "history.jsonl"))
	if err != nil || !strings.Contains(said, `and the location "High School", the location "Middle School East" as reset until their new tokens are uploaded`) {
		t.Errorf("said %q, %v", said, err)
	}

	// Renewing Middle School again from the history, the others are still
	// to do; one the history shows uploaded since it was made is not.
	known := history.Credentials([]history.Entry{
		{Kind: token.KindVPP, Org: "Lakeside", Location: "Middle School", ApplePortal: "abm", MDMPortal: "relution",
			Expires: now.AddDate(0, 0, 20), Recorded: now.AddDate(-1, 0, 20)},
		{Kind: token.KindVPP, Org: "Lakeside", Location: "Middle School East", Expires: year, Recorded: now.Add(-time.Minute)},
	}, now, 0)
	again := New(Config{Catalog: catalog(t), Now: clock, Known: known})
	again.BeginAgain(known[slices.IndexFunc(known, func(it history.Item) bool { return it.Location == "Middle School" })].Entry)
	again.Next()
	again.StepsDone()
	again.FileChecked(again.Lookup().CheckFile(filepath.Join(dir, sample.VPPFileName("Middle School")), nil))
	if got := again.Chosen().AlsoReset; len(got) != 1 || got[0].Location != "High School" {
		t.Errorf("renewing again, also reset %+v, want High School only", got)
	}
}

// TestCheckOtherTopics: checking a push certificate (not renewing), the
// ones of another topic beside it are named in a note; of the same topic,
// nothing is said.
func TestCheckOtherTopics(t *testing.T) {
	dir := pushFolder(t, pushNew, pushLastYear, pushCreated)
	r := New(Config{Catalog: catalog(t), Now: clock})
	r.BeginCheck()
	l := r.Lookup()
	notes := strings.Join(l.CheckFile(filepath.Join(dir, pushNew), nil).Report.Notes, " ")
	if !strings.Contains(notes, "Beside it are push certificates of another topic: "+pushCreated+".") || strings.Contains(notes, pushLastYear) {
		t.Errorf("notes %q", notes)
	}
	if err := os.Remove(filepath.Join(dir, pushCreated)); err != nil {
		t.Fatal(err)
	}
	if c := l.CheckFile(filepath.Join(dir, pushNew), nil); strings.Contains(strings.Join(c.Report.Notes, " "), "another topic") {
		t.Errorf("of one topic, yet: %q", c.Report.Notes)
	}
}

// TestSameTokenTwoLocations: the very same content token under two
// locations' names makes the verdict ask first which location it is for;
// a browser's copy of the same location does not.
func TestSameTokenTwoLocations(t *testing.T) {
	dir := t.TempDir()
	data := sample.VPP("Lakeside", now.AddDate(1, 0, 0))
	for _, name := range []string{sample.VPPFileName("High School"), sample.VPPFileName("Annex"), "sToken_for_High School (1).vpptoken"} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	l := Lookup{Expect: token.KindVPP, Exts: fileExts(token.KindVPP), Fresh: true, now: clock}
	c := l.CheckFile(filepath.Join(dir, sample.VPPFileName("High School")), nil)
	if !strings.HasPrefix(c.Report.Action, "First make sure which location it is for: "+sample.VPPFileName("Annex")+" beside it holds the very same token") ||
		strings.Contains(c.Report.Action, "(1)") || len(c.AlsoReset) != 0 {
		t.Errorf("what to do %q, also to do %+v", c.Report.Action, c.AlsoReset)
	}
	if err := os.Remove(filepath.Join(dir, sample.VPPFileName("Annex"))); err != nil {
		t.Fatal(err)
	}
	if c := l.CheckFile(filepath.Join(dir, sample.VPPFileName("High School")), nil); strings.Contains(c.Report.Action, "First make sure") {
		t.Errorf("a copy of the same location: %q", c.Report.Action)
	}
}
