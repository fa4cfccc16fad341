package check

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/token"
)

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func TestInspectKeepsOrderAndBoundsWorkers(t *testing.T) {
	const n, workers = 200, 4
	entries := make([]Entry, n)
	for i := range entries {
		entries[i] = Entry{Path: fmt.Sprintf("file-%03d", i)}
	}
	entries[7].Err = &EntryError{Message: "File not found", Action: "Check the path"}

	var running, most atomic.Int32
	var calls atomic.Int32
	cfg := Config{
		Workers: workers,
		Expect:  token.KindVPP,
		Inspect: func(path string, opts token.Options) token.Report {
			calls.Add(1)
			cur := running.Add(1)
			defer running.Add(-1)
			for {
				m := most.Load()
				if cur <= m || most.CompareAndSwap(m, cur) {
					break
				}
			}
			if !opts.Now.Equal(testNow) || opts.Expect != token.KindVPP {
				t.Errorf("options not passed on: %+v", opts)
			}
			time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond)
			return token.Report{File: "wrong name", Kind: token.KindVPP, Status: token.StatusOK, Message: "inspected " + path}
		},
	}
	reports, err := Inspect(context.Background(), entries, testNow, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != n {
		t.Fatalf("%d reports, want %d", len(reports), n)
	}
	for i, r := range reports {
		if r.File != entries[i].Path {
			t.Fatalf("report %d is for %q, want %q", i, r.File, entries[i].Path)
		}
		if i == 7 {
			if r.Status != token.StatusInvalid || r.Kind != token.KindUnknown || r.Message != "File not found" || r.Action != "Check the path" {
				t.Errorf("entry with error: %+v", r)
			}
			continue
		}
		if r.Message != "inspected "+entries[i].Path {
			t.Errorf("report %d: %q", i, r.Message)
		}
	}
	if got := calls.Load(); got != n-1 {
		t.Errorf("inspector called %d times, want %d (not for the entry with an error)", got, n-1)
	}
	if m := most.Load(); m > workers {
		t.Errorf("%d files inspected at once, want at most %d", m, workers)
	}
}

func TestInspectSurvivesPanic(t *testing.T) {
	cfg := Config{Inspect: func(path string, _ token.Options) token.Report {
		if path == "bad" {
			panic("boom")
		}
		return token.Report{Status: token.StatusOK, Kind: token.KindVPP}
	}}
	reports, err := Inspect(context.Background(), []Entry{{Path: "good"}, {Path: "bad"}}, testNow, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if reports[0].Status != token.StatusOK || reports[0].File != "good" {
		t.Errorf("good: %+v", reports[0])
	}
	if r := reports[1]; r.Status != token.StatusInvalid || r.File != "bad" || !strings.Contains(r.Message, "boom") {
		t.Errorf("bad: %+v", r)
	}
}

func TestInspectCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	entries := []Entry{{Path: "a"}, {Path: "b"}}
	_, err := Inspect(ctx, entries, testNow, Config{Workers: 1, Inspect: func(string, token.Options) token.Report {
		return token.Report{Status: token.StatusOK}
	}})
	if err != context.Canceled {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestRunWalksThenInspects(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "b", "2"))
	writeFile(t, filepath.Join(root, "b", "1"))
	writeFile(t, filepath.Join(root, "a"))
	cfg := Config{Inspect: func(path string, _ token.Options) token.Report {
		return token.Report{Kind: token.KindVPP, Status: token.StatusOK}
	}}
	reports, err := Run(context.Background(), []string{filepath.Join(root, "b"), filepath.Join(root, "a"), filepath.Join(root, "c")}, testNow, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range reports {
		rel, _ := filepath.Rel(root, r.File)
		got = append(got, filepath.ToSlash(rel)+" "+string(r.Status))
	}
	equalLists(t, got, []string{"b/1 ok", "b/2 ok", "a ok", "c invalid"})
	if code := ExitCode(reports); code != ExitProblem {
		t.Errorf("exit code %d, want %d for a missing file", code, ExitProblem)
	}
}

func TestExitCode(t *testing.T) {
	for _, tc := range []struct {
		statuses []token.Status
		want     int
	}{
		{nil, 0},
		{[]token.Status{token.StatusOK}, 0},
		{[]token.Status{token.StatusExpiring}, 1},
		{[]token.Status{token.StatusStale}, 1},
		{[]token.Status{token.StatusExpired}, 2},
		{[]token.Status{token.StatusWrongKind}, 2},
		{[]token.Status{token.StatusWrongServer}, 2},
		{[]token.Status{token.StatusInvalid}, 2},
		{[]token.Status{"something-new"}, 2},
		{[]token.Status{token.StatusOK, token.StatusExpiring, token.StatusOK}, 1},
		{[]token.Status{token.StatusInvalid, token.StatusExpiring, token.StatusOK}, 2},
		{[]token.Status{token.StatusExpiring, token.StatusStale}, 1},
	} {
		var reports []token.Report
		for _, s := range tc.statuses {
			reports = append(reports, token.Report{Status: s})
		}
		if got := ExitCode(reports); got != tc.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tc.statuses, got, tc.want)
		}
	}
}
