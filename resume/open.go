package resume

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

// MaxStep is the highest step number a saved place may hold: far more
// steps than any guide has.
const MaxStep = 100

// maxIDLength bounds a portal id in a saved place; real ids are a few
// letters.
const maxIDLength = 64

// Opened is the saved place as Open found it.
type Opened struct {
	State State // the place to offer, when OK
	OK    bool  // there is a place to offer
	// Warnings say what was wrong with the saved state and what was done
	// about it, a sentence or two each, safe to show on a terminal: for the
	// wizard's first screen. They are empty when the state was sound, or
	// simply too old.
	Warnings []string
	// Err is set when the saved state could not be used at all; Warnings
	// then say so in words too.
	Err error
}

// Open reads the saved state without ever blocking on it or trusting it.
// state.json must be a regular file of at most MaxSize bytes (a pipe,
// device or folder is refused without being opened) holding one JSON
// object in the format Save writes. A state that is usable in part is
// reduced to a safe place, with a warning each:
//
//   - a stage that cannot be resumed, or none: the start of the guide;
//   - a step below 0 or above MaxStep: the first step of that stage;
//   - a file without a well-formed SHA-256, by a relative path, or that is
//     missing or no longer a regular file (a folder, a pipe): the file is
//     forgotten, and a place past the picker goes back to the picker;
//   - a DEP download confirmed at a time that cannot be right: confirmed
//     when the place was saved, so the reset is never forgotten.
//
// A state with another version, an unknown kind, a malformed portal id or
// no save time is not offered.
func (s Store) Open(now time.Time) Opened {
	if s.Path == "" {
		return Opened{Err: errNoPath}
	}
	shown := token.Printable(s.Path)
	data, err := readState(s.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Opened{}
	case err != nil:
		return refused(fmt.Errorf("resume: %s %w", shown, err), "Your saved place ("+shown+") could not be read ("+token.Printable(err.Error())+")")
	}
	st, stage, err := decodeState(data)
	if err == nil {
		err = st.validateLoaded()
	}
	if err != nil {
		var o Opened
		if st.OldTokenInvalid() {
			o.Warnings = []string{"It said the old " + st.Kind.Noun() + " stopped working at " + st.InvalidSince().UTC().Format(time.RFC3339) +
				", when a new one was downloaded: finish the upload of the new token."}
		}
		why := token.Printable(err.Error()) // a decoder's message can quote the file
		r := refused(fmt.Errorf("resume: %s is corrupt: %s", shown, why), "Your saved place ("+shown+") is damaged ("+why+")")
		r.Warnings = append(r.Warnings, o.Warnings...)
		return r
	}
	if st.Upload && st.ResetAt.IsZero() && (st.Kind == "dep" || st.Kind == "vpp") {
		st.ResetAt = st.SavedAt // saved without the reset's time: it was reset by then
	}
	age := now.Sub(st.SavedAt)
	switch {
	case age < -clockSkew:
		o := Opened{Warnings: []string{"Your saved place is dated " + st.SavedAt.UTC().Format(time.RFC3339) +
			", in the future: the computer's clock may have been changed. It is not offered; start the renewal again."}}
		if st.OldTokenInvalid() {
			o.Warnings = append(o.Warnings, "It said the old "+st.Kind.Noun()+" stopped working when a new one was downloaded: finish the upload of the new token.")
		}
		return o
	case age > MaxAge && !st.OldTokenInvalid():
		return Opened{}
	}
	o := Opened{OK: true}
	st.reduce(stage, &o.Warnings)
	o.State = st
	return o
}

// refused is an Opened for a state that cannot be used at all.
func refused(err error, why string) Opened {
	return Opened{Err: err, Warnings: []string{why + ": it is not offered for resuming."}}
}

// readState reads path if it is a regular file of at most MaxSize bytes.
// The type is checked before the file is opened (following a link), the
// open does not wait for a writer, and the opened file must be the one
// checked; so a pipe, a device or a file swapped in between is never read.
func readState(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, errors.New("cannot be looked at: " + cause(err).Error())
	}
	if err := regularState(fi); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, errors.New("cannot be opened: " + cause(err).Error())
	}
	defer f.Close()
	opened, err := f.Stat()
	if err != nil {
		return nil, errors.New("cannot be looked at: " + cause(err).Error())
	}
	if !os.SameFile(fi, opened) {
		return nil, errors.New("was replaced while being read")
	}
	if err := regularState(opened); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, errors.New("cannot be read: " + cause(err).Error())
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("is larger than %d bytes", MaxSize)
	}
	return data, nil
}

// regularState says why fi cannot be a state file: anything but a regular
// file of at most MaxSize bytes.
func regularState(fi fs.FileInfo) error {
	switch m := fi.Mode(); {
	case m.IsRegular() && fi.Size() > MaxSize:
		return fmt.Errorf("is larger than %d bytes", MaxSize)
	case m.IsRegular():
		return nil
	case m.IsDir():
		return errors.New("is a folder, not a file")
	case m&fs.ModeNamedPipe != 0:
		return errors.New("is a named pipe, not a file")
	case m&fs.ModeSocket != 0:
		return errors.New("is a socket, not a file")
	case m&fs.ModeDevice != 0:
		return errors.New("is a device, not a file")
	}
	return errors.New("is not a regular file")
}

// cause drops the *fs.PathError wrapper, keeping the system's reason.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// wireState is a State as stored, with the stage as the name written, so
// that a stage that cannot be resumed reduces the place instead of
// spoiling it. Its screen field is the Place's, which it hides.
type wireState struct {
	State
	Stage *string `json:"screen"`
}

// decodeState decodes one JSON object in Save's format, strictly: unknown
// fields, wrong types and anything after the object are errors. stage is
// the stage name written, "" when there is none.
func decodeState(data []byte) (st State, stage string, err error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var w wireState
	if err := dec.Decode(&w); err != nil {
		return State{}, "", err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return State{}, "", errors.New("data after the state")
	}
	if w.Stage != nil {
		stage = *w.Stage
	}
	return w.State, stage, nil
}

// validateLoaded checks what a place cannot do without: the format
// version, a save time, a kind this version renews and portal ids of the
// form guides have.
func (st State) validateLoaded() error {
	switch {
	case st.Version != Version:
		return fmt.Errorf("unsupported version %d", st.Version)
	case st.SavedAt.IsZero():
		return errors.New("no save time")
	case st.Kind != "" && !st.Kind.IsRenewable():
		return fmt.Errorf("unknown token kind %q", st.Kind)
	case !portalID(st.Apple):
		return fmt.Errorf("malformed Apple portal id %q", st.Apple)
	case !portalID(st.Portal):
		return fmt.Errorf("malformed MDM portal id %q", st.Portal)
	}
	return nil
}

// portalID reports whether id is empty or has the form of a guide's id:
// lower-case letters, digits and dashes, not too long.
func portalID(id string) bool {
	if len(id) > maxIDLength {
		return false
	}
	for i, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' && i > 0) {
			return false
		}
	}
	return true
}

// reduce makes st a place that can be resumed safely, adding a warning for
// each thing it changes that the user would notice. stageName is the
// stage as written.
func (st *State) reduce(stageName string, warnings *[]string) {
	warn := func(s string) { *warnings = append(*warnings, s) }
	if err := st.Stage.UnmarshalText([]byte(stageName)); err != nil {
		if stageName == "" {
			warn("Your saved place names no stage: it goes on from the start of the guide.")
		} else {
			warn("Your saved place names a stage mdmtoken cannot go on from (" + token.Printable(fmt.Sprintf("%q", stageName)) + "): it goes on from the start of the guide.")
		}
		st.Stage, st.Step = renewal.StageCaveats, 0
		st.File, st.FileSHA256 = "", "" // nothing at the start of the guide refers to it
	}
	walk := st.Stage == renewal.StageAppleSteps || st.Stage == renewal.StagePortalSteps
	switch {
	case !walk:
		st.Step = 0 // a step means nothing here
	case st.Step < 0 || st.Step > MaxStep:
		warn(fmt.Sprintf("Your saved place names step %d, which no guide has: it goes on from the first step.", st.Step))
		st.Step = 0
	}
	if st.Kind != "dep" && st.Kind != "vpp" {
		st.ResetAt = time.Time{} // only DEP and VPP tokens are reset by a download
	} else if d := st.ResetAt; st.implausible(d) {
		warn("Your saved place says the old token stopped working at " + d.UTC().Format(time.RFC3339) + ", which cannot be right: " +
			"it is taken to have stopped by " + st.SavedAt.UTC().Format(time.RFC3339) + ", when the place was saved.")
		st.ResetAt = st.SavedAt
	}
	if st.Kind != "dep" {
		st.DownloadConfirmedAt = time.Time{} // only a DEP download is confirmed
	} else if d := st.DownloadConfirmedAt; st.implausible(d) {
		warn("Your saved place says the DEP server token was downloaded at " + d.UTC().Format(time.RFC3339) + ", which cannot be right: " +
			"it is taken to be downloaded by " + st.SavedAt.UTC().Format(time.RFC3339) + ", when the place was saved, so the old DEP token is reset already.")
		st.DownloadConfirmedAt = st.SavedAt
	}
	if st.File == "" {
		st.FileSHA256 = ""
		return
	}
	if why := st.fileProblem(); why != "" {
		msg := "The file of your saved place, " + token.Printable(st.File) + ", " + why + ": "
		st.File, st.FileSHA256 = "", ""
		if st.Stage > renewal.StagePicker {
			st.Stage, st.Step = renewal.StagePicker, 0
			msg += "choose the file again; it is checked before you go on."
		} else {
			msg += "it is forgotten."
		}
		warn(msg)
	}
}

// fileProblem says why the saved file cannot be taken up again, or "".
func (st State) fileProblem() string {
	if b, err := hex.DecodeString(st.FileSHA256); err != nil || len(b) != 32 {
		return "has no SHA-256 digest saved with it, so there is no telling whether it is the file that was checked"
	}
	if !filepath.IsAbs(st.File) {
		return "is named by a relative path, not where it was"
	}
	fi, err := os.Stat(st.File)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "is no longer there"
	case err != nil:
		return "cannot be looked at (" + token.Printable(cause(err).Error()) + ")"
	case fi.IsDir():
		return "is a folder, not a file"
	case !fi.Mode().IsRegular():
		return "is not a regular file (a pipe, a socket or a device)"
	}
	return ""
}

// implausible reports whether a time the state gives cannot be right:
// before 2000, or after the place was saved.
func (st *State) implausible(t time.Time) bool {
	return !t.IsZero() && (t.Before(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)) || t.After(st.SavedAt.Add(clockSkew)))
}
