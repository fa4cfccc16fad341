package resume

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.FixedZone("CET", 3600))

// sample is a place at the MDM's steps with a checked file, which exists.
func sample(t testing.TB) State {
	t.Helper()
	file := filepath.Join(t.TempDir(), "Relution_Token_2026-11-23T08-55-00Z_smime.p7m")
	if err := os.WriteFile(file, []byte("a token"), 0o600); err != nil {
		t.Fatal(err)
	}
	return State{Place: renewal.Place{
		Kind:                "dep",
		Apple:               "abm",
		Portal:              "relution",
		Stage:               renewal.StagePortalSteps,
		Step:                3,
		File:                file,
		FileSHA256:          "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		DownloadConfirmedAt: time.Date(2026, 11, 23, 8, 55, 0, 0, time.UTC),
	}}
}

func store(t *testing.T) Store {
	return Store{Path: filepath.Join(t.TempDir(), "state", "mdmtoken", "state.json")}
}

func TestRoundTrip(t *testing.T) {
	s := store(t)
	in := sample(t)
	if err := s.Save(in, now); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Load(now.Add(time.Hour))
	if err != nil || !ok {
		t.Fatalf("Load = ok %v, err %v", ok, err)
	}
	want := in
	want.Version = Version
	want.SavedAt = now.UTC()
	if !got.DownloadConfirmedAt.Equal(want.DownloadConfirmedAt) || !got.SavedAt.Equal(want.SavedAt) {
		t.Errorf("times: got %v %v, want %v %v", got.DownloadConfirmedAt, got.SavedAt, want.DownloadConfirmedAt, want.SavedAt)
	}
	got.DownloadConfirmedAt, want.DownloadConfirmedAt = time.Time{}, time.Time{}
	got.SavedAt, want.SavedAt = time.Time{}, time.Time{}
	if got != want {
		t.Errorf("Load = %+v\nwant %+v", got, want)
	}

	// A zero confirmation time stays zero.
	in.DownloadConfirmedAt = time.Time{}
	if err := s.Save(in, now); err != nil {
		t.Fatal(err)
	}
	got, ok, err = s.Load(now)
	if err != nil || !ok || !got.DownloadConfirmedAt.IsZero() {
		t.Errorf("Load = %+v, %v, %v; want zero DownloadConfirmedAt", got, ok, err)
	}
}

func TestFileModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no POSIX modes")
	}
	s := store(t)
	if err := s.Save(sample(t), now); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(s.Path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != FileMode {
		t.Errorf("state file mode %v, want 0600", st.Mode().Perm())
	}
	dst, err := os.Stat(filepath.Dir(s.Path))
	if err != nil {
		t.Fatal(err)
	}
	if dst.Mode().Perm() != DirMode {
		t.Errorf("state dir mode %v, want 0700", dst.Mode().Perm())
	}

	// An existing file with wider permissions is replaced by a 0600 one.
	if err := os.Chmod(s.Path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(sample(t), now); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(s.Path); st.Mode().Perm() != FileMode {
		t.Errorf("state file mode after resave %v, want 0600", st.Mode().Perm())
	}
}

func TestAtomicNoTempFiles(t *testing.T) {
	s := store(t)
	for i := range 5 {
		st := sample(t)
		st.Step = i
		if err := s.Save(st, now); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(filepath.Dir(s.Path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "state.json" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want only state.json", names)
	}
	got, ok, err := s.Load(now)
	if err != nil || !ok || got.Step != 4 {
		t.Errorf("Load = step %d, %v, %v; want the last save", got.Step, ok, err)
	}
}

func TestFailedSaveKeepsOldStateAndNoTemp(t *testing.T) {
	s := store(t)
	if err := s.Save(sample(t), now); err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(s.Path)
	bad := sample(t)
	bad.Kind = "certificate"
	if err := s.Save(bad, now); err == nil {
		t.Error("Save accepted an unknown kind")
	}
	bad = sample(t)
	bad.Stage = renewal.StageDone
	if err := s.Save(bad, now); err == nil {
		t.Error("Save accepted a stage that is never resumed")
	}
	// Renaming onto a directory fails after the temp file is written.
	dirStore := Store{Path: filepath.Join(filepath.Dir(s.Path), "adir")}
	if err := os.Mkdir(dirStore.Path, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dirStore.Path, "x"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := dirStore.Save(sample(t), now); err == nil {
		t.Error("Save over a non-empty directory succeeded")
	}
	cur, _ := os.ReadFile(s.Path)
	if !bytes.Equal(cur, old) {
		t.Error("a failed save changed the saved state")
	}
	entries, _ := os.ReadDir(filepath.Dir(s.Path))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestTooOld(t *testing.T) {
	s := store(t)
	st := sample(t)
	st.DownloadConfirmedAt = time.Time{}
	if err := s.Save(st, now); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Load(now.Add(MaxAge)); !ok || err != nil {
		t.Errorf("state exactly MaxAge old: ok %v err %v, want offered", ok, err)
	}
	if st, ok, err := s.Load(now.Add(MaxAge + time.Second)); ok || err != nil || st != (State{}) {
		t.Errorf("state older than 24h: %+v ok %v err %v, want not offered, no error", st, ok, err)
	}
	if _, ok, err := s.Load(now.Add(-time.Hour)); ok || err != nil {
		t.Errorf("state saved an hour in the future: ok %v err %v, want not offered", ok, err)
	}
}

// TestResetNeverTooOld: a place with a confirmed DEP download is offered
// whatever its age ("Friday drop, Monday return"); a VPP place is not.
func TestResetNeverTooOld(t *testing.T) {
	s := store(t)
	if err := s.Save(sample(t), now); err != nil {
		t.Fatal(err)
	}
	later := now.Add(30 * 24 * time.Hour)
	if st, ok, err := s.Load(later); !ok || err != nil || !st.OldTokenInvalid() {
		t.Errorf("a month-old reset: %+v ok %v err %v, want offered", st, ok, err)
	}
	vpp := sample(t)
	vpp.Kind = "vpp"
	if err := s.Save(vpp, now); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Load(later); ok || err != nil {
		t.Errorf("a month-old VPP place: ok %v err %v, want not offered", ok, err)
	}
}

func TestMissing(t *testing.T) {
	s := store(t)
	if _, ok, err := s.Load(now); ok || err != nil {
		t.Errorf("Load of missing state: ok %v err %v", ok, err)
	}
}

func TestCorrupt(t *testing.T) {
	valid := `{"version":1,"kind":"dep","apple":"abm","portal":"relution","screen":"picker","step":0,"saved_at":"2026-11-23T09:00:00Z"}`
	for name, tc := range map[string]struct{ content, why string }{
		"empty":         {"", "EOF"},
		"garbage":       {"\x00\xff not json", "invalid character"},
		"truncated":     {valid[:40], "unexpected EOF"},
		"wrong type":    {strings.Replace(valid, `"step":0`, `"step":"two"`, 1), "cannot unmarshal"},
		"null":          {"null", "unsupported version 0"},
		"array":         {"[1,2,3]", "cannot unmarshal array"},
		"trailing data": {valid + "{}", "data after the state"},
		"unknown field": {strings.Replace(valid, `"step":0`, `"step":0,"token":"x"`, 1), `unknown field "token"`},
		"old version":   {strings.Replace(valid, `"version":1`, `"version":0`, 1), "unsupported version 0"},
		"bad kind":      {strings.Replace(valid, `"dep"`, `"pkcs7"`, 1), "unknown token kind"},
		"no saved_at":   {strings.Replace(valid, `,"saved_at":"2026-11-23T09:00:00Z"`, ``, 1), "no save time"},
		"bad time":      {strings.Replace(valid, `2026-11-23T09:00:00Z`, `yesterday`, 1), "cannot parse"},
		"oversized":     {valid[:len(valid)-1] + `,"file":"` + strings.Repeat("a", MaxSize) + `"}`, "larger than"},
	} {
		t.Run(name, func(t *testing.T) {
			s := store(t)
			if err := os.MkdirAll(filepath.Dir(s.Path), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(s.Path, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			st, ok, err := s.Load(now)
			if ok || err == nil || st != (State{}) {
				t.Fatalf("Load = %+v, ok %v, err %v; want not ok with an error", st, ok, err)
			}
			if !strings.Contains(err.Error(), tc.why) {
				t.Errorf("error %q does not say %q", err, tc.why)
			}
		})
	}
	// The valid form above does load, so the cases fail for their defect.
	s := store(t)
	os.MkdirAll(filepath.Dir(s.Path), 0o700)
	os.WriteFile(s.Path, []byte(valid), 0o600)
	if _, ok, err := s.Load(now); !ok || err != nil {
		t.Errorf("valid state: ok %v err %v", ok, err)
	}
}

func TestUnreadable(t *testing.T) {
	s := store(t)
	if err := os.MkdirAll(s.Path, 0o700); err != nil { // a directory where the file should be
		t.Fatal(err)
	}
	if _, ok, err := s.Load(now); ok || err == nil {
		t.Errorf("Load of a directory: ok %v err %v, want an error", ok, err)
	}
}

func TestClear(t *testing.T) {
	s := store(t)
	if err := s.Clear(); err != nil {
		t.Errorf("Clear with no state: %v", err)
	}
	if err := s.Save(sample(t), now); err != nil {
		t.Fatal(err)
	}
	if err := s.Clear(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.Path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("state still there after Clear: %v", err)
	}
	if _, ok, err := s.Load(now); ok || err != nil {
		t.Errorf("Load after Clear: ok %v err %v", ok, err)
	}
}

func TestNoTokenContent(t *testing.T) {
	s := store(t)
	st := sample(t)
	st.File = "/Users/alice/Downloads/Relution_Token_2026-11-23T08-55-00Z_smime.p7m" // no test name in it
	if err := s.Save(st, now); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(s.Path)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"practice", "token\":", "content"} {
		if bytes.Contains(bytes.ToLower(b), []byte(bad)) {
			t.Errorf("state file contains %q:\n%s", bad, b)
		}
	}
}

func TestOldTokenInvalid(t *testing.T) {
	st := sample(t)
	if !st.OldTokenInvalid() {
		t.Error("confirmed DEP download: want old token invalid")
	}
	st.DownloadConfirmedAt = time.Time{}
	if st.OldTokenInvalid() {
		t.Error("no confirmed download: want old token valid")
	}
	st = sample(t)
	st.Kind = "vpp"
	if st.OldTokenInvalid() {
		t.Error("VPP state: want false")
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/var/tmp/xdg-state")
	if got, want := DefaultPath(), filepath.Join("/var/tmp/xdg-state", "mdmtoken", "state.json"); got != want {
		t.Errorf("DefaultPath = %q, want %q", got, want)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	for _, v := range []string{"", "relative/dir"} {
		t.Setenv("XDG_STATE_HOME", v)
		if got, want := DefaultPath(), filepath.Join(home, ".local", "state", "mdmtoken", "state.json"); got != want {
			t.Errorf("XDG_STATE_HOME=%q: DefaultPath = %q, want %q", v, got, want)
		}
	}
}

// FuzzLoad feeds any content as state.json: Open never panics, and what
// it offers is a place that can be resumed safely, with warnings safe for
// a terminal; Load agrees with it.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"version":1,"kind":"dep","step":2,"saved_at":"2026-11-23T09:00:00Z"}`))
	f.Add([]byte(`{"version":1,"kind":"vpp","download_confirmed_at":"0001-01-01T00:00:00Z","saved_at":"2026-11-23T09:00:00Z"}`))
	f.Add([]byte(`{"saved_at":"99999-01-01T00:00:00Z"}`))
	f.Add([]byte("\xef\xbb\xbf{}"))
	f.Add([]byte(`{"version":1,"kind":"dep","apple":"abm","portal":"relution","screen":"confirm","step":0,"file":"/etc/passwd","saved_at":"2026-11-23T09:00:00Z"}`))
	f.Add([]byte(`{"version":1,"kind":"dep","apple":"abm","portal":"relution","screen":"portal-steps","step":-5,"file":"x","sha256":"00","download_confirmed_at":"2999-01-01T00:00:00Z","saved_at":"2026-11-23T09:00:00Z"}`))
	f.Add([]byte(`{"version":1,"kind":"dep","screen":"checkout\u001b[2J","saved_at":"2026-11-23T09:00:00Z"}`))
	f.Add([]byte(`{"version":1,"x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		s := Store{Path: filepath.Join(dir, "state.json")}
		if err := os.WriteFile(s.Path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		o := s.Open(now)
		st, ok, err := s.Load(now)
		if ok != o.OK || (err == nil) != (o.Err == nil) || !sameState(st, o.State) {
			t.Fatalf("Load %+v %v %v differs from Open %+v", st, ok, err, o)
		}
		for _, w := range o.Warnings {
			if w == "" || token.Printable(w) != w {
				t.Fatalf("warning not safe for a terminal: %q", w)
			}
		}
		if o.Err != nil && (o.OK || len(o.Warnings) == 0) {
			t.Fatalf("refused without saying so: %+v", o)
		}
		if !o.OK {
			if !sameState(o.State, State{}) {
				t.Fatalf("not offered, yet a state: %+v", o.State)
			}
			return
		}
		st = o.State
		switch {
		case st.Version != Version || st.SavedAt.IsZero():
			t.Fatalf("offered a state of version %d saved at %v", st.Version, st.SavedAt)
		case !st.Stage.Saved():
			t.Fatalf("offered stage %s", st.Stage)
		case st.Step < 0 || st.Step > MaxStep:
			t.Fatalf("offered step %d", st.Step)
		case st.Kind != "" && !st.Kind.IsRenewable():
			t.Fatalf("offered kind %q", st.Kind)
		case st.File == "" && st.FileSHA256 != "", st.File != "" && len(st.FileSHA256) != 64:
			t.Fatalf("offered file %q with digest %q", st.File, st.FileSHA256)
		case st.File != "" && !filepath.IsAbs(st.File):
			t.Fatalf("offered the relative path %q", st.File)
		case st.File != "":
			if fi, err := os.Stat(st.File); err != nil || !fi.Mode().IsRegular() {
				t.Fatalf("offered %q, not a regular file", st.File)
			}
		}
		if st.Kind != "dep" && !st.DownloadConfirmedAt.IsZero() {
			t.Fatalf("a %q place with a confirmed download", st.Kind)
		}
	})
}

// sameState compares states with their times as instants.
func sameState(a, b State) bool {
	if !a.SavedAt.Equal(b.SavedAt) || !a.DownloadConfirmedAt.Equal(b.DownloadConfirmedAt) {
		return false
	}
	a.SavedAt, b.SavedAt, a.DownloadConfirmedAt, b.DownloadConfirmedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return a == b
}
