package steps

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/mdmtoken/mdmtoken/token"
)

// The limits on a playbook folder: a real playbook is a few KiB, and a
// team keeps a handful.
const (
	// MaxPlaybookSize is the largest playbook file read.
	MaxPlaybookSize = 256 << 10
	// MaxPlaybooks is how many playbooks (*.yaml, *.yml) of a folder load.
	MaxPlaybooks = 100
	// maxFolderEntries is how many entries of a folder are looked at.
	maxFolderEntries = 10000
)

// DefaultPlaybookDir is where local playbooks live:
// $XDG_CONFIG_HOME/mdmtoken/portals (os.UserConfigDir). It is empty when the
// config directory is unknown.
func DefaultPlaybookDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "mdmtoken", "portals")
}

// AddPlaybooks loads local portal playbooks (*.yaml, *.yml, same format as
// the built-in portal guides) from dir. Each broken file yields errors with
// file, line and what is wrong, and is skipped; good files still load. Only
// regular files of at most MaxPlaybookSize are read, never a pipe or a
// device (a link to one is skipped with an error naming it), and at most
// MaxPlaybooks of them, in name order. A missing dir is not an error.
// Loaded portals are marked Local with File set; their text is made safe
// for a terminal (token.Printable).
func (c *Catalog) AddPlaybooks(dir string) []error {
	if dir == "" {
		return nil
	}
	names, errs := playbookNames(dir)
	for _, name := range names {
		p, ferrs := loadPlaybook(name, c.checkPortal)
		if len(ferrs) == 0 {
			if prev := c.portal(p.ID); prev != nil {
				what := "the built-in guide for " + prev.Name
				if prev.Local {
					what = prev.File
				}
				ferrs = []error{&FileError{File: name, Line: p.file.line([]any{"id"}),
					Msg: fmt.Sprintf("portal id %q is already used by %s; choose another id", p.ID, what)}}
			}
		}
		if len(ferrs) > 0 {
			errs = append(errs, ferrs...)
			continue
		}
		c.portals = append(c.portals, p.Portal)
	}
	return errs
}

// playbookNames lists the playbook files of dir in name order, at most
// MaxPlaybooks, and says what it left out.
func playbookNames(dir string) ([]string, []error) {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, []error{fmt.Errorf("playbooks: %w", err)}
	case !info.IsDir():
		return nil, []error{fmt.Errorf("playbooks: %s is not a folder", dir)}
	}
	f, err := openNonBlocking(dir)
	if err != nil {
		return nil, []error{fmt.Errorf("playbooks: %w", err)}
	}
	defer f.Close()
	var errs []error
	entries, err := f.ReadDir(maxFolderEntries)
	if err != nil && !errors.Is(err, io.EOF) {
		errs = append(errs, fmt.Errorf("playbooks: %w", err))
	}
	if len(entries) == maxFolderEntries {
		if more, _ := f.ReadDir(1); len(more) > 0 {
			errs = append(errs, fmt.Errorf("playbooks: %s has more than %d entries; only %d were looked at", dir, maxFolderEntries, maxFolderEntries))
		}
	}
	var names []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if !e.IsDir() && (ext == ".yaml" || ext == ".yml") {
			names = append(names, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(names)
	if len(names) > MaxPlaybooks {
		errs = append(errs, fmt.Errorf("playbooks: %s has %d playbooks; only the first %d (by name) are loaded, from %s to %s",
			dir, len(names), MaxPlaybooks, filepath.Base(names[0]), filepath.Base(names[MaxPlaybooks-1])))
		names = names[:MaxPlaybooks]
	}
	return names, errs
}

type playbook struct {
	Portal
	file *guideFile
}

// loadPlaybook reads and validates one playbook; check adds the findings
// that need the catalog (apple_wording ids, generic steps).
func loadPlaybook(name string, check func(*Portal) []problem) (playbook, []error) {
	data, err := readPlaybook(name)
	if err != nil {
		return playbook{}, []error{&FileError{File: name, Msg: err.Error()}}
	}
	return parsePlaybook(name, data, check)
}

// parsePlaybook validates one playbook's text.
func parsePlaybook(name string, data []byte, check func(*Portal) []problem) (playbook, []error) {
	p, f, errs := parseGuide(name, data, validatePlaybook)
	p.Local = true
	p.File = name
	if len(errs) == 0 {
		errs = f.errors(check(&p))
	}
	if len(errs) > 0 {
		return playbook{}, errs
	}
	p.mapText(token.Printable)
	return playbook{Portal: p, file: f}, nil
}

// readPlaybook reads a playbook file: a regular file of at most
// MaxPlaybookSize bytes. It never blocks on a pipe or a device: the type is
// checked before the file is opened, the open does not wait for a writer,
// and the opened file is checked again.
func readPlaybook(name string) ([]byte, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if err := regularPlaybook(info); err != nil {
		return nil, err
	}
	f, err := openNonBlocking(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := regularPlaybook(info); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxPlaybookSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxPlaybookSize {
		return nil, fmt.Errorf("larger than %d KiB, more than any playbook needs: skipped", MaxPlaybookSize>>10)
	}
	return data, nil
}

// regularPlaybook says why a file that is not a regular file of a
// playbook's size is skipped.
func regularPlaybook(info fs.FileInfo) error {
	m := info.Mode()
	switch {
	case m.IsRegular() && info.Size() > MaxPlaybookSize:
		return fmt.Errorf("larger than %d KiB, more than any playbook needs: skipped", MaxPlaybookSize>>10)
	case m.IsRegular():
		return nil
	case m&fs.ModeNamedPipe != 0:
		return errors.New("a named pipe (FIFO), not a playbook file: skipped")
	case m&fs.ModeDevice != 0:
		return errors.New("a device, not a playbook file: skipped")
	case m&fs.ModeSocket != 0:
		return errors.New("a socket, not a playbook file: skipped")
	case m.IsDir():
		return errors.New("a folder, not a playbook file: skipped")
	}
	return errors.New("not a regular file: skipped")
}

// openNonBlocking opens name for reading without waiting for a writer if
// it has turned into a pipe since it was checked.
func openNonBlocking(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
