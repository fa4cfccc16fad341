package check

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// Entry is one file to inspect, found from the paths on the command line.
// When Err is set the entry cannot be inspected and becomes an invalid result.
// An entry with End set is no file: it marks the end of a folder named on
// the command line (Path), after every entry found in it.
type Entry struct {
	Path  string
	Err   *EntryError
	Root  int  // index of the path given that led to this entry
	Found bool // found inside a folder given, not named itself
	End   bool // the end of the folder given as Path

	// With End: what this folder holds that was listed before, under
	// another path given. Seen are the indices (in Walk's order, ends
	// included) of entries met again here; Within are the indices of paths
	// given before whose folders are inside this one.
	Seen, Within []int
}

// EntryError says why a path cannot be inspected: a missing file, a broken
// or looping symbolic link, an unreadable folder, a named pipe and the like.
type EntryError struct {
	Message string // what is wrong, one line
	Action  string // what to do, one line
	Err     error  // underlying cause, may be nil
	// Aside is true for an entry found in a folder that is no file to
	// judge and nothing wrong with the tokens: a link back into the
	// folders walked or up out of them. It is set aside, as a file that
	// is not a token is (--verbose lists it).
	Aside bool
}

func (e *EntryError) Error() string {
	if e.Err == nil {
		return e.Message
	}
	return e.Message + ": " + e.Err.Error()
}

func (e *EntryError) Unwrap() error { return e.Err }

// MaxEntries is the most folder entries one check looks through: far more
// than any folder of tokens holds, few enough that a wrong path (a home
// folder, a whole disk) ends soon, with a message saying so.
const MaxEntries = 100_000

// readDir lists at most n entries of a folder, in the order the file system
// gives; tests replace it to simulate unreadable folders.
var readDir = func(name string, n int) ([]os.DirEntry, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var entries []os.DirEntry
	for len(entries) < n {
		batch, err := f.ReadDir(min(n-len(entries), 1024))
		entries = append(entries, batch...)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return entries, err
		}
	}
	return entries, nil
}

// Walk yields the files to inspect, in a stable order, as it finds them:
// the paths in the order given, and within a folder every file, sorted by
// name, recursively. Hidden entries (names starting with a dot, such as
// .DS_Store) inside folders are skipped; a hidden file named explicitly is
// inspected.
//
// Every folder and file is visited once, however many links or paths lead
// to it (device and inode are tracked). Symbolic links are followed, except
// a link to a folder that contains it, to the root or to a folder that
// contains the folder named (a loop), which is reported. Files and folders
// on kernel file systems (/proc, /sys) are reported, never read, and no
// special file (pipe, socket, device) is ever opened. After limit folder
// entries (0 means MaxEntries) the folders are searched no further and that
// is reported; files named explicitly are still listed.
//
// After the entries of a folder named, an Entry with End set marks its end
// (not for a folder named again, or inside one named before, which adds
// nothing). Entries from inside a folder have Found set; every entry has
// the index of its path in Root.
//
// Nothing here is fatal: every problem becomes an Entry with Err set. Walk
// stops early when ctx is cancelled.
func Walk(ctx context.Context, paths []string, limit int) iter.Seq[Entry] {
	if limit <= 0 {
		limit = MaxEntries
	}
	return func(yield func(Entry) bool) {
		w := walker{
			ctx:   ctx,
			yield: yield,
			limit: limit,
			dirs:  make(map[fileID]int),
			files: make(map[fileID]int),
			paths: make(map[string]int),
		}
		for i, p := range paths {
			if w.stopped || ctx.Err() != nil {
				return
			}
			w.root, w.inside = i, false
			w.top(p)
		}
	}
}

type walker struct {
	ctx     context.Context
	yield   func(Entry) bool
	stopped bool // the consumer wants no more entries
	root    int  // index of the path being walked
	inside  bool // walking inside a folder named, not the path itself

	limit int  // folder entries to look through at most
	count int  // folder entries looked through so far
	full  bool // the limit was reached

	dirs  map[fileID]int  // folders walked: the index of the path given they were walked for
	files map[fileID]int  // files listed: the index of their entry
	paths map[string]int  // paths listed: the index of their entry
	outer map[fileID]bool // the root and the folders containing the folder named
	n     int             // entries yielded
	seen  []int           // for the End entry: entries met again in the folder named
	roots []int           // for the End entry: earlier paths whose folders are inside it
}

func (w *walker) done() bool { return w.stopped || w.full || w.ctx.Err() != nil }

func (w *walker) emit(e Entry) {
	key := filepath.Clean(e.Path)
	if w.stopped {
		return
	}
	if i, ok := w.paths[key]; ok {
		w.again(i)
		return
	}
	w.paths[key] = w.n
	e.Root, e.Found = w.root, w.inside
	w.send(e)
}

// send yields e as entry number w.n.
func (w *walker) send(e Entry) {
	w.n++
	if !w.yield(e) {
		w.stopped = true
	}
}

// again notes that entry i, listed before, is met again; inside a folder
// named, its End entry tells.
func (w *walker) again(i int) {
	if w.inside {
		w.seen = append(w.seen, i)
	}
}

// file lists a regular file unless it was listed already under any path.
func (w *walker) file(path string, fi fs.FileInfo) {
	if id, ok := idOf(fi); ok {
		if i, ok := w.files[id]; ok {
			w.again(i)
			return
		}
		if _, ok := w.paths[filepath.Clean(path)]; !ok {
			w.files[id] = w.n
		}
	}
	w.emit(Entry{Path: path})
}

func (w *walker) problem(path string, e *EntryError) { w.emit(Entry{Path: path, Err: e}) }

// top handles one path from the command line.
func (w *walker) top(path string) {
	fi, err := os.Stat(path)
	if err != nil {
		w.problem(path, statError(path, err))
		return
	}
	if name := kernelFileSystem(path); name != "" {
		w.problem(path, kernelEntry(fi, name))
		return
	}
	switch {
	case fi.IsDir():
		if id, ok := idOf(fi); ok {
			if _, walked := w.dirs[id]; walked {
				return // named twice, or inside a folder named before
			}
		}
		if w.full {
			w.problem(path, &EntryError{
				Message: fmt.Sprintf("Not searched: the limit of %s folder entries was reached before this folder", thousands(w.limit)),
				Action:  "Check this folder in a run of its own",
			})
			return
		}
		w.outer = outerFolders(path)
		w.inside, w.seen, w.roots = true, nil, nil
		w.dir(path, fi, nil)
		w.inside = false
		if !w.stopped && w.ctx.Err() == nil {
			w.send(Entry{Path: path, Root: w.root, End: true, Seen: w.seen, Within: w.roots})
		}
	case fi.Mode().IsRegular():
		w.file(path, fi)
	default:
		w.problem(path, notRegular(fi.Mode()))
	}
}

// dir walks one folder; stack holds the folders on the way down to it, to
// detect loops.
func (w *walker) dir(dir string, fi fs.FileInfo, stack []fileID) {
	id, hasID := idOf(fi)
	if hasID {
		if root, ok := w.dirs[id]; ok {
			if root != w.root && !slices.Contains(w.roots, root) {
				w.roots = append(w.roots, root)
			}
			return
		}
		w.dirs[id] = w.root
	}
	budget := w.limit - w.count
	entries, err := readDir(dir, budget+1)
	truncated := len(entries) > budget
	if truncated {
		entries = entries[:budget]
	}
	w.count += len(entries)
	if err != nil {
		// Entries read before the error are still walked.
		w.problem(dir, &EntryError{
			Message: "Cannot read this folder",
			Action:  "Check that the folder exists and that you may open it",
			Err:     unwrapPath(err),
		})
	}
	slices.SortFunc(entries, func(a, b os.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	next := stack[:len(stack):len(stack)] // siblings must not share the appended element
	if hasID {
		next = append(next, id)
	}
	for _, e := range entries {
		if w.done() {
			return
		}
		if !strings.HasPrefix(e.Name(), ".") {
			w.entry(filepath.Join(dir, e.Name()), e, next)
		}
	}
	if truncated && !w.done() {
		w.full = true
		w.problem(dir, &EntryError{
			Message: fmt.Sprintf("Stopped after %s folder entries: there are more files and folders here than one check looks through; the rest were not checked", thousands(w.limit)),
			Action:  "Name the token files themselves, or the folder they were downloaded to",
		})
	}
}

// entry handles one entry of a folder.
func (w *walker) entry(path string, e fs.DirEntry, stack []fileID) {
	t := e.Type()
	if t&fs.ModeSymlink != 0 {
		fi, err := os.Stat(path)
		if err != nil {
			w.problem(path, statError(path, err))
			return
		}
		if name := kernelFileSystem(path); name != "" {
			w.problem(path, kernelEntry(fi, name))
			return
		}
		switch {
		case fi.IsDir():
			w.subdir(path, fi, stack, true)
		case fi.Mode().IsRegular():
			w.file(path, fi)
		default:
			w.problem(path, notRegular(fi.Mode()))
		}
		return
	}
	if !t.IsDir() && !t.IsRegular() {
		w.problem(path, notRegular(t))
		return
	}
	fi, err := e.Info()
	if err != nil {
		w.problem(path, statError(path, err))
		return
	}
	if t.IsDir() {
		w.subdir(path, fi, stack, false)
	} else {
		w.file(path, fi)
	}
}

func (w *walker) subdir(path string, fi fs.FileInfo, stack []fileID, link bool) {
	if id, ok := idOf(fi); ok && (slices.Contains(stack, id) || w.outer[id]) {
		target := ""
		if t, err := os.Readlink(path); link && err == nil {
			target = " (" + t + ")"
		}
		e := &EntryError{
			Message: "Folder loop: this folder leads back to a folder that contains it",
			Action:  "Nothing to check here; the files in that folder are checked once",
			Aside:   true,
		}
		switch {
		case !slices.Contains(stack, id):
			// Up out of what was named: its files were not asked for.
			e.Message = "Not followed: this folder leads up to a folder that contains the one checked"
			if link {
				e.Message = "Not followed: this link leads up to a folder that contains the one checked" + target
			}
			e.Action = "Name that folder itself to check its files"
		case link:
			e.Message = "Symbolic link loop: this link points back to a folder that contains it" + target
		}
		w.problem(path, e)
		return
	}
	if name := kernelFileSystem(path); name != "" {
		w.problem(path, kernelEntry(fi, name))
		return
	}
	w.dir(path, fi, stack)
}

// outerFolders identifies the root and every folder that contains path,
// following links, so that a link back to one of them counts as a loop.
func outerFolders(path string) map[fileID]bool {
	outer := make(map[fileID]bool)
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return outer
	}
	if real, err = filepath.Abs(real); err != nil {
		return outer
	}
	for d := filepath.Dir(real); ; d = filepath.Dir(d) {
		if fi, err := os.Stat(d); err == nil {
			if id, ok := idOf(fi); ok {
				outer[id] = true
			}
		}
		if d == filepath.Dir(d) {
			return outer
		}
	}
}

// kernelEntry explains that a file or folder of a kernel file system is
// not read.
func kernelEntry(fi fs.FileInfo, fsName string) *EntryError {
	if fi.IsDir() {
		return &EntryError{
			Message: fmt.Sprintf("A folder of the kernel's %s file system, not of stored files; not searched", fsName),
			Action:  "Name the folder the token was downloaded to",
		}
	}
	return &EntryError{
		Message: fmt.Sprintf("A file of the kernel's %s file system, not a stored file; not read", fsName),
		Action:  "Name the token file itself",
	}
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
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
	return &EntryError{
		Message: "Not a regular file (" + specialKind(m) + "); not read",
		Action:  "Name the token file itself",
	}
}

// specialKind names a file type that is not a regular file or a folder.
func specialKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// SpecialFile says what path is when it is something that must not be
// opened to be read as a file, because reading could wait for ever or never
// end: "a named pipe", "a socket", "a device" (such as a terminal; /dev/stdin
// is one when nothing is piped in) or "a file of the kernel's proc file
// system". It is "" for a regular file or a folder, and for a path that
// cannot be looked at (opening it will tell why).
func SpecialFile(path string) string {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return ""
	case !fi.IsDir() && !fi.Mode().IsRegular():
		return specialKind(fi.Mode())
	}
	if name := kernelFileSystem(path); name != "" {
		return "a file of the kernel's " + name + " file system"
	}
	return ""
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
