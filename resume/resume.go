// Package resume keeps a renewal's place on disk, so an interrupted
// renewal can go on where it stopped. The state holds choices, a stage and
// step, and a validated file's path and SHA-256 digest: never a token's
// content. It is pure Go with no UI.
package resume

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/mdmtoken/mdmtoken/renewal"
)

// Version is the state format written by Save; Load rejects others.
const Version = 1

// MaxAge is how long a saved state is offered for resuming, unless it
// holds a confirmed DEP download: that one is offered whatever its age,
// since the old token stays invalid until the new one is uploaded.
const MaxAge = 24 * time.Hour

// MaxSize is the most bytes Load reads; a real state is a few hundred.
const MaxSize = 64 << 10

// clockSkew is how far in the future SavedAt may lie and still be offered.
const clockSkew = 5 * time.Minute

// FileMode and DirMode are the modes of the state file and of a directory
// Save creates.
const (
	FileMode = 0o600
	DirMode  = 0o700
)

// State is a renewal's place as saved: the place (what renewal.Renewal
// decides to save) with the format version and when it was saved. On disk
// the place's fields sit beside version and saved_at.
type State struct {
	Version int `json:"version"`
	renewal.Place
	SavedAt time.Time `json:"saved_at"` // set by Save
}

// DefaultPath is $XDG_STATE_HOME/mdmtoken/state.json when XDG_STATE_HOME is
// an absolute path, else ~/.local/state/mdmtoken/state.json; empty when no
// home directory is known.
func DefaultPath() string {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "mdmtoken", "state.json")
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	return filepath.Join(home, ".local", "state", "mdmtoken", "state.json")
}

// Store keeps one State in the file at Path.
type Store struct{ Path string }

var errNoPath = errors.New("resume: no state file path")

// Save writes st with Version and SavedAt (now, in UTC) set. The write is
// atomic: a temporary file in the same directory is written, synced and
// renamed over Path. The file is mode 0600; a missing directory is created
// with mode 0700. Kind must be a renewable kind or empty, the stage one
// that is saved, and Step not negative.
func (s Store) Save(st State, now time.Time) (err error) {
	if s.Path == "" {
		return errNoPath
	}
	st.Version = Version
	st.SavedAt = now.UTC()
	if err := st.validate(); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	data = append(data, '\n')

	dir := filepath.Dir(s.Path)
	if err := os.MkdirAll(dir, DirMode); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(s.Path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = f.Chmod(FileMode); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	if err = os.Rename(tmp, s.Path); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// Load reads the saved state, as Open does. ok is false when there is
// none, when it was saved more than MaxAge before now without a confirmed
// DEP download (or implausibly in the future), or when it cannot be used;
// a file that cannot be used at all also gives a non-nil error saying why.
// A state that is usable in part is reduced to a safe place (see Open),
// whose warnings only Open returns. Load never panics or blocks on bad
// content. A file path in the state must be validated again before use.
func (s Store) Load(now time.Time) (st State, ok bool, err error) {
	o := s.Open(now)
	return o.State, o.OK, o.Err
}

// validate checks what Save accepts and Load expects.
func (st State) validate() error {
	switch {
	case st.Version != Version:
		return fmt.Errorf("unsupported version %d", st.Version)
	case st.Kind != "" && !st.Kind.IsRenewable():
		return fmt.Errorf("unknown token kind %q", st.Kind)
	case !st.Stage.Saved():
		return fmt.Errorf("no stage to resume at (%s)", st.Stage)
	case st.Step < 0:
		return fmt.Errorf("negative step %d", st.Step)
	case st.SavedAt.IsZero():
		return errors.New("no save time")
	}
	return nil
}

// Clear removes the saved state; a missing file is not an error.
func (s Store) Clear() error {
	if s.Path == "" {
		return errNoPath
	}
	if err := os.Remove(s.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("resume: %w", err)
	}
	return nil
}
