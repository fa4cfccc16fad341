package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Entry is one file to inspect, found from the paths on the command line.
// When Err is set the entry cannot be inspected and becomes an invalid result.
type Entry struct {
	Path string
	Err  *EntryError
}

// EntryError says why a path cannot be inspected: a missing file, a broken
// or looping symbolic link, an unreadable folder, a named pipe and the like.
type EntryError struct {
	Message string // what is wrong, one line
	Action  string // what to do, one line
	Err     error  // underlying cause, may be nil
}

func (e *EntryError) Error() string {
	if e.Err == nil {
		return e.Message
	}
	return e.Message + ": " + e.Err.Error()
}

func (e *EntryError) Unwrap() error { return e.Err }

// readDir lists a folder sorted by name; tests replace it to simulate
// unreadable folders.
var readDir = os.ReadDir

// Walk expands paths into the files to inspect, in a stable order: the paths
// in the order given, and within a folder every file, sorted by name,
// recursively. Hidden entries (names starting with a dot, such as .DS_Store)
// inside folders are skipped; a hidden file named explicitly is inspected.
// Symbolic links are followed, except a link to a folder that contains it
// (a loop), which is reported instead. A path found twice is listed once.
// Nothing here is fatal: every problem becomes an Entry with Err set. Walk
// stops early, returning what it found so far, when ctx is cancelled.
func Walk(ctx context.Context, paths []string) []Entry {
	w := walker{ctx: ctx, seen: make(map[string]bool)}
	for _, p := range paths {
		if ctx.Err() != nil {
			break
		}
		w.top(p)
	}
	return w.entries
}

type walker struct {
	ctx     context.Context
	seen    map[string]bool
	entries []Entry
	found   int // entries met, duplicates included
}

func (w *walker) add(path string) {
	w.found++
	key := filepath.Clean(path)
	if w.seen[key] {
		return
	}
	w.seen[key] = true
	w.entries = append(w.entries, Entry{Path: path})
}

func (w *walker) problem(path string, e *EntryError) {
	w.found++
	key := filepath.Clean(path)
	if w.seen[key] {
		return
	}
	w.seen[key] = true
	w.entries = append(w.entries, Entry{Path: path, Err: e})
}

// top handles one path from the command line.
func (w *walker) top(path string) {
	fi, err := os.Stat(path)
	if err != nil {
		w.problem(path, statError(path, err))
		return
	}
	switch {
	case fi.IsDir():
		before := w.found
		w.dir(path, []os.FileInfo{fi})
		if w.found == before && w.ctx.Err() == nil {
			w.problem(path, &EntryError{
				Message: "This folder has no files to check",
				Action:  "Name the token file itself, or the folder it was downloaded to",
			})
		}
	case fi.Mode().IsRegular():
		w.add(path)
	default:
		w.problem(path, notRegular(fi.Mode()))
	}
}

// dir walks one folder; ancestors are the folders on the way down to it,
// itself included, to detect loops.
func (w *walker) dir(dir string, ancestors []os.FileInfo) {
	entries, err := readDir(dir)
	if err != nil {
		// Entries read before the error are still walked.
		w.problem(dir, &EntryError{
			Message: "Cannot read this folder",
			Action:  "Check that the folder exists and that you may open it",
			Err:     unwrapPath(err),
		})
	}
	for _, e := range entries {
		if w.ctx.Err() != nil {
			return
		}
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		t := e.Type()
		if t&fs.ModeSymlink != 0 {
			fi, err := os.Stat(path)
			if err != nil {
				w.problem(path, statError(path, err))
				continue
			}
			t = fi.Mode().Type()
			if fi.IsDir() {
				w.subdir(path, fi, ancestors, true)
				continue
			}
		}
		switch {
		case t.IsDir():
			fi, err := e.Info()
			if err != nil {
				w.problem(path, statError(path, err))
				continue
			}
			w.subdir(path, fi, ancestors, false)
		case t.IsRegular():
			w.add(path)
		default:
			w.problem(path, notRegular(t))
		}
	}
}

func (w *walker) subdir(path string, fi os.FileInfo, ancestors []os.FileInfo, link bool) {
	for _, a := range ancestors {
		if os.SameFile(a, fi) {
			msg := "Folder loop: this folder leads back to a folder that contains it"
			if link {
				msg = "Symbolic link loop: this link points back to a folder that contains it"
				if target, err := os.Readlink(path); err == nil {
					msg += " (" + target + ")"
				}
			}
			w.problem(path, &EntryError{
				Message: msg,
				Action:  "Nothing to check here; the files in that folder are checked once",
			})
			return
		}
	}
	// A fresh slice: siblings must not share the appended element.
	next := make([]os.FileInfo, len(ancestors), len(ancestors)+1)
	copy(next, ancestors)
	w.dir(path, append(next, fi))
}

// statError explains why a path could not be looked at.
func statError(path string, err error) *EntryError {
	cause := unwrapPath(err)
	if lfi, lerr := os.Lstat(path); lerr == nil && lfi.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(path)
		switch {
		case errors.Is(err, syscall.ELOOP):
			return &EntryError{
				Message: fmt.Sprintf("Symbolic link loop: %s points to itself through other links", path),
				Action:  "Fix or remove the symbolic link, then name the token file itself",
				Err:     cause,
			}
		case errors.Is(err, fs.ErrNotExist):
			return &EntryError{
				Message: fmt.Sprintf("Broken symbolic link: it points to %s, which does not exist", target),
				Action:  "Fix or remove the symbolic link, then name the token file itself",
				Err:     cause,
			}
		}
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &EntryError{
			Message: "File not found",
			Action:  "Check the path; a browser download may have a different name, e.g. with \" (1)\" added",
			Err:     cause,
		}
	case errors.Is(err, fs.ErrPermission):
		return &EntryError{
			Message: "Cannot read this file: permission denied",
			Action:  "Copy the file somewhere you can read it, or ask for access",
			Err:     cause,
		}
	}
	return &EntryError{
		Message: "Cannot read this file",
		Action:  "Check the path and that you may open the file",
		Err:     cause,
	}
}

func notRegular(m fs.FileMode) *EntryError {
	what := "a special file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	}
	return &EntryError{
		Message: "Not a regular file (" + what + "); not read",
		Action:  "Name the token file itself",
	}
}

// unwrapPath drops the *fs.PathError wrapper, whose path the result already
// shows, keeping the operating system's reason.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
