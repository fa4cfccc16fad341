package history

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// MaxSize is the largest history file read or appended to (about 60,000
// entries); MaxLine the longest line taken as an entry.
const (
	MaxSize = 32 << 20
	MaxLine = 16 << 10
)

// LockTimeout bounds how long Append and Load wait for another process
// that holds the file's lock.
const LockTimeout = 10 * time.Second

// Warning is a line of the history that was skipped. It names the line
// and says what is wrong, never what the line holds.
type Warning struct {
	Line   int    // 1-based line number
	Reason string // e.g. "not valid JSON"
}

func (w Warning) String() string {
	return "line " + strconv.Itoa(w.Line) + " skipped: " + w.Reason
}

// Append adds e as one line at the end of the history file at path,
// creating the file (mode 0600) and its folder (0700) when missing. The
// line is written with one write while holding an exclusive lock on the
// file, so entries appended by several processes at once never interleave;
// a line left unfinished by a crash is closed first so the new entry
// stays readable. Times are stored in UTC and RenewBy is filled in from
// Expires when zero. It fails when e does not Validate, when the lock is
// not had within LockTimeout or ctx ends, and when the file would grow
// beyond MaxSize.
//
// The wizard calls Append once per accepted renewal, never in practice
// mode.
func Append(ctx context.Context, path string, e Entry) (err error) {
	if path == "" {
		return errorf("no history file: set --history, %s or XDG_DATA_HOME", EnvVar)
	}
	e = e.normal()
	if err := e.Validate(); err != nil {
		return errorf("entry not added: %v", err)
	}
	line, err := json.Marshal(e)
	if err != nil {
		return errorf("entry not added: %v", err)
	}
	line = append(line, '\n')

	if err := os.MkdirAll(filepath.Dir(path), DirMode); err != nil {
		return errorf("%v", err)
	}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return errorf("%s is %s, not a history file", path, fileKind(fi.Mode()))
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE|syscall.O_NONBLOCK, FileMode)
	if err != nil {
		return errorf("%v", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = errorf("%v", cerr)
		}
	}()
	if err := lock(ctx, f, true); err != nil {
		return errorf("%s: %w", path, err)
	}
	defer unlock(f)

	fi, err := f.Stat()
	if err != nil {
		return errorf("%v", err)
	}
	if !fi.Mode().IsRegular() {
		return errorf("%s is %s, not a history file", path, fileKind(fi.Mode()))
	}
	if size := fi.Size(); size > 0 {
		if size+int64(len(line))+1 > MaxSize {
			return errorf("%s is larger than %d MiB: start a new history file", path, MaxSize>>20)
		}
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, size-1); err != nil {
			return errorf("%v", err)
		}
		if last[0] != '\n' {
			line = append([]byte{'\n'}, line...)
		}
	}
	if _, err := f.Write(line); err != nil {
		return errorf("%v", err)
	}
	if err := f.Sync(); err != nil {
		return errorf("%v", err)
	}
	return nil
}

// Load reads every entry of the history file at path, in file order, with
// the renew-by date filled in. Blank lines are ignored; a damaged line (not
// JSON, longer than MaxLine, or an entry that does not Validate) is skipped
// and reported as a Warning. A missing file gives an error for which
// errors.Is(err, fs.ErrNotExist) holds; a file that cannot be read or is
// larger than MaxSize gives an error saying so. It waits for a process
// appending at the same moment, at most LockTimeout or until ctx ends.
func Load(ctx context.Context, path string) ([]Entry, []Warning, error) {
	if path == "" {
		return nil, nil, errorf("no history file: set --history, %s or XDG_DATA_HOME", EnvVar)
	}
	// The type is checked before the file is opened, and the open does not
	// wait for a writer: a pipe named as the history is never waited on.
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, errorf("%w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, errorf("%s is %s, not a history file", path, fileKind(fi.Mode()))
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, errorf("%w", err)
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, nil, errorf("%w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, errorf("%s is %s, not a history file", path, fileKind(fi.Mode()))
	}
	if err := lock(ctx, f, false); err != nil {
		return nil, nil, errorf("%s: %w", path, err)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	unlock(f)
	if err != nil {
		return nil, nil, errorf("%w", err)
	}
	if len(data) > MaxSize {
		return nil, nil, errorf("%s is larger than %d MiB, too large for a history", path, MaxSize>>20)
	}
	entries, warnings := Parse(data)
	return entries, warnings, nil
}

// Parse reads entries from the content of a history file, as Load does.
func Parse(data []byte) ([]Entry, []Warning) {
	var entries []Entry
	var warnings []Warning
	for n := 1; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		e, reason := parseLine(line)
		if reason != "" {
			warnings = append(warnings, Warning{Line: n, Reason: reason})
			continue
		}
		entries = append(entries, e)
	}
	return entries, warnings
}

func parseLine(line []byte) (Entry, string) {
	if len(line) > MaxLine {
		return Entry{}, fmt.Sprintf("longer than %d KiB", MaxLine>>10)
	}
	if line[0] != '{' {
		return Entry{}, "not a JSON object"
	}
	var e Entry
	if err := json.Unmarshal(line, &e); err != nil {
		// The decoder's message can quote the line's content: say only
		// what kind of damage it is.
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return Entry{}, "the field " + strconv.Quote(typeErr.Field) + " has the wrong type"
		}
		var timeErr *time.ParseError
		if errors.As(err, &timeErr) {
			return Entry{}, "a date is not in RFC 3339 form"
		}
		return Entry{}, "not valid JSON (cut short or edited by hand?)"
	}
	if err := e.Validate(); err != nil {
		return Entry{}, err.Error()
	}
	return e.normal(), ""
}

// waitForLock tries to take a lock with try until it succeeds, ctx ends or
// LockTimeout passes.
func waitForLock(ctx context.Context, try func() (bool, error)) error {
	deadline := time.NewTimer(LockTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		ok, err := try()
		if err != nil || ok {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-deadline.C:
			return fmt.Errorf("another process has held the file locked for %s", LockTimeout)
		case <-tick.C:
		}
	}
}

// fileKind names what a file that is not a regular file is.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
