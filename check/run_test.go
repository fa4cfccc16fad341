package check

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/mdmtoken/mdmtoken/sample"
	"github.com/mdmtoken/mdmtoken/token"
)

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// Run is RunResults handing over, for the tests, the report of every file found, whatever
// its role, and for a folder given that holds no file, an invalid report.
func Run(ctx context.Context, paths []string, now time.Time, cfg Config, emit func(token.Report) error) error {
	return RunResults(ctx, paths, now, cfg, func(res Result) error {
		switch {
		case res.Role != RoleNoneFound:
			return emit(res.Report)
		case res.empty:
			return emit(token.Report{
				File:    res.Report.File,
				Kind:    token.KindUnknown,
				Status:  token.StatusInvalid,
				Message: "This folder has no files to check",
				Action:  "Name the token file itself, or the folder it was downloaded to",
			})
		}
		return nil
	})
}

// collect runs inspectAll over entries and returns the reports emitted.
func collect(ctx context.Context, entries []Entry, cfg Config) ([]token.Report, error) {
	var reports []token.Report
	err := inspectAll(ctx, slices.Values(entries), testNow, cfg, func(r Result) error {
		reports = append(reports, r.Report)
		return nil
	})
	return reports, err
}

// hangGuard is how long a test waits for something that must not hang.
const hangGuard = 10 * time.Second

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
	reports, err := collect(context.Background(), entries, cfg)
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
	reports, err := collect(context.Background(), []Entry{{Path: "good"}, {Path: "bad"}}, cfg)
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
	_, err := collect(ctx, entries, Config{Workers: 1, Inspect: func(string, token.Options) token.Report {
		return token.Report{Status: token.StatusOK}
	}})
	if err != context.Canceled {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestRunCancelledReportsIt: a check cancelled while its walk is between
// two files returns the cancel's cause, never nil, though every file the
// walk had reached was written: it stopped short of the others.
func TestRunCancelledReportsIt(t *testing.T) {
	cause := errors.New("stopped by a signal")
	cfg := Config{Workers: 1, Inspect: func(string, token.Options) token.Report {
		return token.Report{Kind: token.KindVPP, Status: token.StatusOK}
	}}
	for range 50 {
		ctx, cancel := context.WithCancelCause(context.Background())
		// As Walk does: after the first file, it stops once cancelled.
		walk := func(yield func(Entry) bool) {
			if yield(Entry{Path: "a"}) {
				<-ctx.Done()
			}
		}
		err := inspectAll(ctx, walk, testNow, cfg, func(Result) error {
			cancel(cause)
			time.Sleep(time.Millisecond) // the walk's end is in before the cancel is seen
			return nil
		})
		if err != cause {
			t.Fatalf("err = %v, want the cancel's cause", err)
		}
	}
}

// An inspection stuck in a read (a file system that does not answer) does
// not hold up a cancelled run.
func TestRunLeavesAStuckInspectionBehind(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "a"))
	writeFile(t, filepath.Join(root, "stuck"))
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	cfg := Config{Workers: 2, Inspect: func(path string, _ token.Options) token.Report {
		if filepath.Base(path) == "stuck" {
			<-release
		}
		return token.Report{Kind: token.KindVPP, Status: token.StatusOK}
	}}
	cause := errors.New("stopped by a signal")
	ctx, cancel := context.WithCancelCause(context.Background())
	emitted := make(chan string, 2)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{root}, testNow, cfg, func(r token.Report) error {
			emitted <- filepath.Base(r.File)
			return nil
		})
	}()
	select {
	case name := <-emitted:
		if name != "a" {
			t.Fatalf("first report for %q, want a", name)
		}
	case <-time.After(hangGuard):
		t.Fatal("the report for a was not written while stuck was being read")
	}
	cancel(cause)
	select {
	case err := <-done:
		if err != cause {
			t.Errorf("err = %v, want the context's cause", err)
		}
	case <-time.After(hangGuard):
		t.Fatal("Run waited for the stuck inspection after it was cancelled")
	}
	if len(emitted) != 0 {
		t.Errorf("a report for %q after cancelling", <-emitted)
	}
}

// goroutineID is the number of the goroutine it is called on.
func goroutineID(t *testing.T) string {
	t.Helper()
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	f := strings.Fields(string(buf)) // goroutine 7 [running]: ...
	if len(f) < 2 || f[0] != "goroutine" {
		t.Fatalf("no goroutine number in %q", buf)
	}
	return f[1]
}

// A single file named is inspected on the caller's goroutine: no worker
// is started for it. A folder is not.
func TestRunInspectsASingleFileHere(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.vpptoken")
	writeFile(t, file)
	for _, tc := range []struct {
		path string
		here bool
	}{{file, true}, {dir, false}} {
		here := goroutineID(t)
		var inspectedOn []string
		cfg := Config{Inspect: func(string, token.Options) token.Report {
			inspectedOn = append(inspectedOn, goroutineID(t))
			return token.Report{Kind: token.KindVPP, Status: token.StatusOK}
		}}
		var files []string
		err := RunResults(context.Background(), []string{tc.path}, testNow, cfg, func(r Result) error {
			files = append(files, filepath.Base(r.Report.File))
			return nil
		})
		if err != nil || !slices.Equal(files, []string{"a.vpptoken"}) || len(inspectedOn) != 1 {
			t.Fatalf("%s: reports for %q, %d inspections, err %v; want one for a.vpptoken", tc.path, files, len(inspectedOn), err)
		}
		if got := inspectedOn[0] == here; got != tc.here {
			t.Errorf("%s: inspected on the caller's goroutine: %v, want %v", tc.path, got, tc.here)
		}
	}
}

// Reports are written as soon as they and those before them are done, and
// files are inspected while the folders are still being read.
func TestRunStreams(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{"first/a", "first/b", "second/c"} {
		writeFile(t, filepath.Join(root, p))
	}
	aWritten := make(chan struct{})
	aInspected := make(chan struct{})
	orig := readDir
	t.Cleanup(func() { readDir = orig })
	readDir = func(name string, n int) ([]os.DirEntry, error) {
		if filepath.Base(name) == "second" {
			select {
			case <-aInspected:
			case <-time.After(hangGuard):
				t.Error("no file was inspected before the walk reached the second folder")
			}
		}
		return orig(name, n)
	}
	cfg := Config{Workers: 1, Inspect: func(path string, _ token.Options) token.Report {
		switch filepath.Base(path) {
		case "a":
			close(aInspected)
		case "c":
			select {
			case <-aWritten:
			case <-time.After(hangGuard):
				t.Error("the report for a was not written before the last file was inspected")
			}
		}
		return token.Report{Kind: token.KindVPP, Status: token.StatusOK}
	}}
	var got []string
	err := Run(context.Background(), []string{filepath.Join(root, "first"), filepath.Join(root, "second")}, testNow, cfg, func(r token.Report) error {
		if got = append(got, filepath.Base(r.File)); len(got) == 1 {
			close(aWritten)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	equalLists(t, got, []string{"a", "b", "c"})
}

func TestRunStopsAtTheFirstWriteError(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{"a", "b", "c", "d"} {
		writeFile(t, filepath.Join(root, p))
	}
	cfg := Config{Inspect: func(string, token.Options) token.Report { return token.Report{Status: token.StatusOK} }}
	broken := errors.New("broken pipe")
	calls := 0
	err := Run(context.Background(), []string{root}, testNow, cfg, func(token.Report) error {
		if calls++; calls == 2 {
			return broken
		}
		return nil
	})
	if err != broken || calls != 2 {
		t.Errorf("err = %v after %d writes, want %v after 2", err, calls, broken)
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
	out := NewOutput(io.Discard, FormatJSON, testNow, colorprofile.NoTTY, 0)
	var got []string
	err := Run(context.Background(), []string{filepath.Join(root, "b"), filepath.Join(root, "a"), filepath.Join(root, "c")}, testNow, cfg, func(r token.Report) error {
		rel, _ := filepath.Rel(root, r.File)
		got = append(got, filepath.ToSlash(rel)+" "+string(r.Status))
		return out.Add(r)
	})
	if err != nil {
		t.Fatal(err)
	}
	equalLists(t, got, []string{"b/1 ok", "b/2 ok", "a ok", "c invalid"})
	if code := out.ExitCode(); code != ExitProblem {
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
		// A folder with nothing to judge is unknown, unless a file is a problem.
		{[]token.Status{StatusNoneFound}, 3},
		{[]token.Status{token.StatusOK, StatusNoneFound, token.StatusExpiring}, 3},
		{[]token.Status{StatusNoneFound, token.StatusExpired}, 2},
	} {
		out := NewOutput(io.Discard, FormatText, testNow, colorprofile.NoTTY, 0)
		for _, s := range tc.statuses {
			if err := out.Add(token.Report{Status: s}); err != nil {
				t.Fatal(err)
			}
		}
		if got := out.ExitCode(); got != tc.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tc.statuses, got, tc.want)
		}
	}
}

// TestNamedAloneBesideANewer: a token named alone whose folder holds a newer
// one of its server is replaced by it, as a check of the folder would say;
// the newest named alone is what it is.
func TestNamedAloneBesideANewer(t *testing.T) {
	dir := t.TempDir()
	old, middle, newer := "Main_Token_2025-06-01T09-00-00Z_smime.p7m", "Main_Token_2026-01-10T09-00-00Z_smime.p7m", "Main_Token_2026-05-30T09-00-00Z_smime.p7m"
	for _, n := range []string{old, middle, newer, "notes.txt"} {
		writeFile(t, filepath.Join(dir, n))
	}
	cfg := Config{Beside: true, Inspect: func(path string, _ token.Options) token.Report {
		_, at, _ := token.ParseDEPFileName(filepath.Base(path))
		r := token.Report{File: path, Kind: token.KindDEP, Status: token.StatusOK, Server: "Main",
			Recipients: []token.Recipient{{Issuer: "CN=Main MDM", Serial: "01"}}, Downloaded: at}
		if filepath.Base(path) == old {
			r.Status = token.StatusExpiring
		}
		return r
	}}
	check := func(name string) (string, int) { return textOfRun(t, []string{filepath.Join(dir, name)}, testNow, cfg) }
	if text, code := check(old); code != ExitOK || !strings.Contains(text, "Status        REPLACED (on its own: expiring)") ||
		!strings.Contains(text, "Replaced      by "+newer) || !strings.Contains(text, "A newer token of its server or location is beside the file checked:") {
		t.Errorf("the older token alone: exit %d\n%s", code, text)
	}
	if text, _ := check(old); strings.Contains(text, middle) {
		t.Errorf("the summary names a file not checked:\n%s", text)
	}
	if text, code := check(newer); code != ExitOK || strings.Contains(text, "REPLACED") || strings.Contains(text, "beside the file checked") {
		t.Errorf("the newest alone: exit %d\n%s", code, text)
	}
}

// TestNamedAloneBesideAnotherKeysToken: a newer token of the same server
// name and certificate name and serial, but for another key, does not
// replace the token named alone when the key is given: as a check of the
// folder says, it is another server's (wrong-server), not the newest.
func TestNamedAloneBesideAnotherKeysToken(t *testing.T) {
	mdm, err := sample.NewIdentity("Main MDM", 1)
	if err != nil {
		t.Fatal(err)
	}
	other, err := sample.NewIdentity("Main MDM", 1) // the same name and serial, another key
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	now := time.Now()
	write := func(id *sample.Identity, downloaded time.Time, seed uint64) string {
		data, err := sample.DEP(id, downloaded.AddDate(1, 0, 0), sample.DEPOptions{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, sample.DEPFileName("Main", downloaded))
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	old := write(mdm, now.AddDate(-1, 0, 10), 1) // expiring in ten days
	write(other, now.Add(-time.Hour), 2)
	text, code := textOfRun(t, []string{old}, now, Config{Beside: true, Cert: mdm.Cert, Key: mdm.Key})
	if code != ExitWarning || strings.Contains(text, "REPLACED") || !strings.Contains(text, "EXPIRING") {
		t.Errorf("exit %d:\n%s", code, text)
	}
}

// textOfRun is the text output of a check of paths at now, and its exit
// status.
func textOfRun(t *testing.T, paths []string, now time.Time, cfg Config) (string, int) {
	t.Helper()
	var b strings.Builder
	out := NewOutput(&b, FormatText, now, colorprofile.NoTTY, 0)
	if err := RunResults(context.Background(), paths, now, cfg, out.Put); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), out.ExitCode()
}
