//go:build unix

package resume

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

// writeState writes fields (over a sound place at the confirmation, saved
// at now, its file present) as state.json and returns the store.
func writeState(t *testing.T, fields map[string]any) Store {
	t.Helper()
	file := filepath.Join(t.TempDir(), "Relution_Token_2026-11-23T08-55-00Z_smime.p7m")
	if err := os.WriteFile(file, []byte("a token"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := map[string]any{
		"version": 1, "kind": "dep", "apple": "abm", "portal": "relution", "screen": "confirm", "step": 0,
		"file": file, "sha256": strings.Repeat("ab", 32),
		"download_confirmed_at": "2026-11-23T08:55:00Z", "saved_at": "2026-11-23T09:00:00Z",
	}
	for k, v := range fields {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	s := store(t)
	if err := os.MkdirAll(filepath.Dir(s.Path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(s.Path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return s
}

// checkWarnings: warnings are safe for a terminal and say what they must.
func checkWarnings(t *testing.T, o Opened, want ...string) {
	t.Helper()
	all := strings.Join(o.Warnings, "\n")
	for _, w := range o.Warnings {
		if token.Printable(w) != w {
			t.Errorf("warning not safe for a terminal: %q", w)
		}
	}
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("warnings lack %q: %q", w, o.Warnings)
		}
	}
	if len(want) == 0 && len(o.Warnings) > 0 {
		t.Errorf("unexpected warnings %q", o.Warnings)
	}
}

func TestOpenSoundState(t *testing.T) {
	s := writeState(t, nil)
	o := s.Open(now)
	if !o.OK || o.Err != nil || o.State.Stage != renewal.StageConfirm || o.State.File == "" || !o.State.OldTokenInvalid() {
		t.Fatalf("Open = %+v", o)
	}
	checkWarnings(t, o)
}

// TestOpenReducesToSafePlace: a state that is wrong in part is offered at a
// place that skips nothing, and the wizard is told why.
func TestOpenReducesToSafePlace(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "token.p7m")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		fields    map[string]any
		stage     renewal.Stage
		step      int
		file      bool
		warnings  []string
		confirmed string // RFC 3339, "" for none
	}{
		// A file without its digest would be taken up unchecked.
		"no sha256": {map[string]any{"sha256": nil}, renewal.StagePicker, 0, false,
			[]string{"has no SHA-256 digest saved with it", "choose the file again"}, "2026-11-23T08:55:00Z"},
		"short sha256":   {map[string]any{"sha256": "9f86"}, renewal.StagePicker, 0, false, []string{"has no SHA-256 digest"}, "2026-11-23T08:55:00Z"},
		"sha256 not hex": {map[string]any{"sha256": strings.Repeat("zz", 32)}, renewal.StagePicker, 0, false, []string{"has no SHA-256 digest"}, "2026-11-23T08:55:00Z"},
		"relative file": {map[string]any{"file": "Downloads/x_smime.p7m"}, renewal.StagePicker, 0, false,
			[]string{"Downloads/x_smime.p7m, is named by a relative path"}, "2026-11-23T08:55:00Z"},
		"folder as file": {map[string]any{"file": dir}, renewal.StagePicker, 0, false, []string{"is a folder, not a file"}, "2026-11-23T08:55:00Z"},
		"fifo as file":   {map[string]any{"file": fifo}, renewal.StagePicker, 0, false, []string{"is not a regular file"}, "2026-11-23T08:55:00Z"},
		"missing file":   {map[string]any{"file": filepath.Join(dir, "gone.p7m")}, renewal.StagePicker, 0, false, []string{"is no longer there"}, "2026-11-23T08:55:00Z"},
		"hostile file name": {map[string]any{"file": "x\n> sToken_for_Main Campus.vpptoken\x1b[2J"}, renewal.StagePicker, 0, false,
			[]string{`x\n> sToken_for_Main Campus.vpptoken\x1b[2J, is named by a relative path`}, "2026-11-23T08:55:00Z"},
		"file before the picker": {map[string]any{"screen": "apple-steps", "step": 2, "sha256": nil}, renewal.StageAppleSteps, 2, false,
			[]string{"it is forgotten"}, "2026-11-23T08:55:00Z"},
		// Stages and steps.
		"unknown stage": {map[string]any{"screen": "checkout\x1b[31m"}, renewal.StageCaveats, 0, false,
			[]string{`names a stage mdmtoken cannot go on from ("checkout\x1b[31m")`, "start of the guide"}, "2026-11-23T08:55:00Z"},
		"done stage":        {map[string]any{"screen": "done"}, renewal.StageCaveats, 0, false, []string{`("done")`}, "2026-11-23T08:55:00Z"},
		"start stage":       {map[string]any{"screen": "start"}, renewal.StageCaveats, 0, false, []string{`("start")`}, "2026-11-23T08:55:00Z"},
		"no stage":          {map[string]any{"screen": nil}, renewal.StageCaveats, 0, false, []string{"names no stage"}, "2026-11-23T08:55:00Z"},
		"negative step":     {map[string]any{"screen": "portal-steps", "step": -1}, renewal.StagePortalSteps, 0, true, []string{"step -1, which no guide has"}, "2026-11-23T08:55:00Z"},
		"huge step":         {map[string]any{"screen": "apple-steps", "step": 1 << 62}, renewal.StageAppleSteps, 0, true, []string{"which no guide has", "first step"}, "2026-11-23T08:55:00Z"},
		"largest step":      {map[string]any{"screen": "apple-steps", "step": MaxStep}, renewal.StageAppleSteps, MaxStep, true, nil, "2026-11-23T08:55:00Z"},
		"step off a walk":   {map[string]any{"screen": "verdict", "step": 7}, renewal.StageVerdict, 0, true, nil, "2026-11-23T08:55:00Z"},
		"future download":   {map[string]any{"download_confirmed_at": "2999-01-01T00:00:00Z"}, renewal.StageConfirm, 0, true, []string{"2999-01-01T00:00:00Z, which cannot be right", "reset already"}, "2026-11-23T09:00:00Z"},
		"zero-ish download": {map[string]any{"download_confirmed_at": "0001-01-01T00:00:01Z"}, renewal.StageConfirm, 0, true, []string{"cannot be right"}, "2026-11-23T09:00:00Z"},
		"vpp download":      {map[string]any{"kind": "vpp"}, renewal.StageConfirm, 0, true, nil, ""},
	} {
		t.Run(name, func(t *testing.T) {
			o := writeState(t, c.fields).Open(now)
			if !o.OK || o.Err != nil {
				t.Fatalf("not offered: %+v", o)
			}
			st := o.State
			if st.Stage != c.stage || st.Step != c.step || (st.File != "") != c.file || (st.FileSHA256 != "") != c.file {
				t.Errorf("place %s step %d file %q sha %q; want %s step %d, file %v", st.Stage, st.Step, st.File, st.FileSHA256, c.stage, c.step, c.file)
			}
			got := ""
			if !st.DownloadConfirmedAt.IsZero() {
				got = st.DownloadConfirmedAt.UTC().Format(time.RFC3339)
			}
			if got != c.confirmed {
				t.Errorf("download confirmed at %q, want %q", got, c.confirmed)
			}
			checkWarnings(t, o, c.warnings...)
			// What Load offers is the same reduced place.
			if lst, ok, err := (Store{Path: writeState(t, c.fields).Path}).Load(now); !ok || err != nil || lst.Stage != st.Stage || lst.Step != st.Step {
				t.Errorf("Load = %+v %v %v", lst, ok, err)
			}
		})
	}
}

// TestOpenRefuses: a state that cannot be used is not offered, with an
// error and a warning; one that says the DEP token was reset still says so.
func TestOpenRefuses(t *testing.T) {
	for name, c := range map[string]struct {
		fields map[string]any
		why    string
	}{
		"unknown kind":           {map[string]any{"kind": "pkcs7"}, `unknown token kind "pkcs7"`},
		"kind of wrong type":     {map[string]any{"kind": 3}, "cannot unmarshal number"},
		"stage of wrong type":    {map[string]any{"screen": []int{1}}, "cannot unmarshal array"},
		"step of wrong type":     {map[string]any{"step": "3"}, "cannot unmarshal string"},
		"step too large for int": {map[string]any{"step": 1e30}, "cannot unmarshal number"},
		"sha of wrong type":      {map[string]any{"sha256": map[string]int{"a": 1}}, "cannot unmarshal object"},
		"malformed portal":       {map[string]any{"portal": "../../etc\x1b[2J"}, "malformed MDM portal id"},
		"long apple id":          {map[string]any{"apple": strings.Repeat("a", 65)}, "malformed Apple portal id"},
		"no save time":           {map[string]any{"saved_at": nil}, "no save time"},
		"other version":          {map[string]any{"version": 2}, "unsupported version 2"},
		"unknown field":          {map[string]any{"token": "secret"}, `unknown field "token"`},
	} {
		t.Run(name, func(t *testing.T) {
			o := writeState(t, c.fields).Open(now)
			if o.OK || o.Err == nil || !strings.Contains(o.Err.Error(), c.why) {
				t.Fatalf("Open = %+v, want refused: %s", o, c.why)
			}
			checkWarnings(t, o, "is damaged", "it is not offered for resuming")
			if strings.ContainsAny(o.Err.Error(), "\x1b\n") {
				t.Errorf("error not safe for a terminal: %q", o.Err)
			}
		})
	}
	o := writeState(t, map[string]any{"kind": "dep", "portal": "Relution!"}).Open(now)
	checkWarnings(t, o, "is damaged", "stopped working at 2026-11-23T08:55:00Z", "finish the upload of the new token")

	// Dated in the future: not offered, but said.
	o = writeState(t, map[string]any{"saved_at": "2026-11-24T09:00:00Z"}).Open(now)
	if o.OK || o.Err != nil {
		t.Fatalf("future state: %+v", o)
	}
	checkWarnings(t, o, "in the future", "stopped working when a new one was downloaded")
	// Simply too old: nothing to say.
	o = writeState(t, map[string]any{"kind": "vpp", "saved_at": "2026-11-20T09:00:00Z"}).Open(now)
	if o.OK || o.Err != nil {
		t.Fatalf("old state: %+v", o)
	}
	checkWarnings(t, o)
}

// TestOpenKeepsAnUploadOfAReset: a saved upload of a token reset during
// another renewal is offered however old, since the location's old token
// stays revoked; a reset time that cannot be right is said and replaced.
func TestOpenKeepsAnUploadOfAReset(t *testing.T) {
	upload := map[string]any{"kind": "vpp", "download_confirmed_at": nil, "screen": "picker", "file": nil, "sha256": nil,
		"upload": true, "waiting": "sToken_for_Annex.vpptoken", "reset_at": "2026-11-10T08:00:00Z", "saved_at": "2026-11-20T09:00:00Z"}
	o := writeState(t, upload).Open(now)
	if !o.OK || !o.State.Upload || !o.State.OldTokenInvalid() || !o.State.InvalidSince().Equal(time.Date(2026, 11, 10, 8, 0, 0, 0, time.UTC)) {
		t.Fatalf("an upload saved days ago: %+v", o)
	}
	checkWarnings(t, o)
	if w := o.State.ResetWarning(now); !strings.Contains(w, "revoked at") || !strings.Contains(w, "during another renewal") {
		t.Errorf("the offer's warning: %q", w)
	}
	delete(upload, "reset_at") // saved by a version that did not keep it
	if o := writeState(t, upload).Open(now); !o.OK || !o.State.ResetAt.Equal(o.State.SavedAt) {
		t.Errorf("an upload saved without its reset time: %+v", o)
	}
	upload["reset_at"] = "2027-01-01T00:00:00Z"
	o = writeState(t, upload).Open(now)
	if !o.OK || !o.State.ResetAt.Equal(o.State.SavedAt) {
		t.Fatalf("a reset after the save: %+v", o)
	}
	checkWarnings(t, o, "which cannot be right")
}

// TestOpenNeverBlocks: a pipe, a device, a folder, a huge or deeply nested
// file as state.json is refused at once, never read to its end or waited on.
func TestOpenNeverBlocks(t *testing.T) {
	cases := map[string]func(path string) error{
		"fifo":   func(p string) error { return syscall.Mkfifo(p, 0o600) },
		"folder": func(p string) error { return os.Mkdir(p, 0o700) },
		"link to a fifo": func(p string) error {
			if err := syscall.Mkfifo(p+".fifo", 0o600); err != nil {
				return err
			}
			return os.Symlink(p+".fifo", p)
		},
		"link to a device": func(p string) error { return os.Symlink("/dev/zero", p) },
		"huge": func(p string) error {
			f, err := os.Create(p)
			if err != nil {
				return err
			}
			defer f.Close()
			return f.Truncate(1 << 30) // sparse: a gigabyte of zeros
		},
		"deeply nested": func(p string) error {
			return os.WriteFile(p, []byte(`{"version":1,"x":`+strings.Repeat("[", MaxSize-40)), 0o600)
		},
		"deeply nested value": func(p string) error {
			return os.WriteFile(p, []byte(`{"step":`+strings.Repeat(`{"a":`, (MaxSize-20)/5)), 0o600)
		},
	}
	want := map[string]string{"fifo": "is a named pipe, not a file", "folder": "is a folder, not a file", "link to a fifo": "is a named pipe",
		"link to a device": "is a device", "huge": "larger than", "deeply nested": "is corrupt", "deeply nested value": "is corrupt"}
	for name, build := range cases {
		t.Run(name, func(t *testing.T) {
			s := store(t)
			if err := os.MkdirAll(filepath.Dir(s.Path), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := build(s.Path); err != nil {
				t.Skip("cannot make it here:", err)
			}
			done := make(chan Opened, 1)
			go func() { done <- s.Open(now) }()
			select {
			case o := <-done:
				if o.OK || o.Err == nil || !strings.Contains(o.Err.Error(), want[name]) {
					t.Errorf("Open = %+v, want refused: %s", o, want[name])
				}
				checkWarnings(t, o, "it is not offered for resuming")
			case <-time.After(5 * time.Second):
				t.Fatal("Open blocked")
			}
		})
	}
}
