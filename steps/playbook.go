package steps

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
// file, line and what is wrong, and is skipped; good files still load. A
// missing dir is not an error. Loaded portals are marked Local with File set.
func (c *Catalog) AddPlaybooks(dir string) []error {
	if dir == "" {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return []error{fmt.Errorf("playbooks: %w", err)}
	}
	var names []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if !e.IsDir() && (ext == ".yaml" || ext == ".yml") {
			names = append(names, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(names)
	var errs []error
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

type playbook struct {
	Portal
	file *guideFile
}

// loadPlaybook reads and validates one playbook; check adds the findings
// that need the catalog (apple_wording ids).
func loadPlaybook(name string, check func(*Portal) []problem) (playbook, []error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return playbook{}, []error{&FileError{File: name, Msg: err.Error()}}
	}
	p, f, errs := parseGuide(name, data, validatePlaybook)
	p.Local = true
	p.File = name
	if len(errs) == 0 {
		errs = f.errors(check(&p))
	}
	if len(errs) > 0 {
		return playbook{}, errs
	}
	return playbook{Portal: p, file: f}, nil
}
