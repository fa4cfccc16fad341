// Package mdmcerts remembers, for each MDM portal and server, where the
// MDM's certificate and private key files are, so a later renewal checks
// the DEP token against them without flags. It keeps paths only, never a
// certificate or key, in one small file (mode 0600). It is pure Go with no
// UI.
package mdmcerts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Version is the file format written by Remember.
const Version = 1

// MaxSize is the most bytes read from the file.
const MaxSize = 64 << 10

// maxServers bounds how many servers are remembered; the oldest go first.
const maxServers = 200

// Paths are where a server's certificate and private key files are; Key
// may be empty.
type Paths struct {
	Cert string `json:"cert"`
	Key  string `json:"key,omitempty"`
}

type entry struct {
	Portal string `json:"portal"`
	Server string `json:"server"`
	Paths
}

type file struct {
	Version int     `json:"version"`
	Servers []entry `json:"servers"`
}

// DefaultPath is $XDG_CONFIG_HOME/mdmtoken/mdm-certificates.json when
// XDG_CONFIG_HOME is an absolute path, else
// ~/.config/mdmtoken/mdm-certificates.json; empty when no home directory is
// known.
func DefaultPath() string {
	if d := os.Getenv("XDG_CONFIG_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "mdmtoken", "mdm-certificates.json")
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	return filepath.Join(home, ".config", "mdmtoken", "mdm-certificates.json")
}

// Store is the remembered paths in the file at Path.
type Store struct{ Path string }

// Lookup is what is remembered for an MDM server in an MDM portal; ok is
// false when nothing is, or the file cannot be read.
func (s Store) Lookup(portal, server string) (p Paths, ok bool) {
	f, err := s.load()
	if err != nil {
		return Paths{}, false
	}
	for _, e := range f.Servers {
		if e.Portal == portal && e.Server == server {
			return e.Paths, true
		}
	}
	return Paths{}, false
}

// ForPortal is what is remembered for the servers of an MDM portal, the
// latest first.
func (s Store) ForPortal(portal string) []Paths {
	f, err := s.load()
	if err != nil {
		return nil
	}
	var out []Paths
	for i := len(f.Servers) - 1; i >= 0; i-- {
		if e := f.Servers[i]; e.Portal == portal {
			out = append(out, e.Paths)
		}
	}
	return out
}

// Remember keeps the paths for an MDM server in an MDM portal, replacing
// what was there. Paths are made absolute. A file that cannot be read is
// started afresh. The write is atomic; the file is mode 0600 and a missing
// folder is made 0700.
func (s Store) Remember(portal, server string, p Paths) error {
	if s.Path == "" || portal == "" || server == "" || p.Cert == "" {
		return errors.New("mdmcerts: nothing to remember")
	}
	var err error
	if p.Cert, err = filepath.Abs(p.Cert); err != nil {
		return fmt.Errorf("mdmcerts: %w", err)
	}
	if p.Key != "" {
		if p.Key, err = filepath.Abs(p.Key); err != nil {
			return fmt.Errorf("mdmcerts: %w", err)
		}
	}
	f, err := s.load()
	if err != nil {
		f = file{}
	}
	f.Version = Version
	f.Servers = slices.DeleteFunc(f.Servers, func(e entry) bool { return e.Portal == portal && e.Server == server })
	f.Servers = append(f.Servers, entry{Portal: portal, Server: server, Paths: p})
	if n := len(f.Servers); n > maxServers {
		f.Servers = f.Servers[n-maxServers:]
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("mdmcerts: %w", err)
	}
	return writeAtomic(s.Path, append(data, '\n'))
}

// load reads the file; a missing one is empty.
func (s Store) load() (file, error) {
	if s.Path == "" {
		return file{}, errors.New("mdmcerts: no file")
	}
	fh, err := os.Open(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return file{}, nil
	}
	if err != nil {
		return file{}, err
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, MaxSize+1))
	if err != nil {
		return file{}, err
	}
	if len(data) > MaxSize {
		return file{}, fmt.Errorf("mdmcerts: %s is larger than %d bytes", s.Path, MaxSize)
	}
	var f file
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return file{}, fmt.Errorf("mdmcerts: %s is corrupt: %w", s.Path, err)
	}
	if f.Version != Version {
		return file{}, fmt.Errorf("mdmcerts: %s has version %d", s.Path, f.Version)
	}
	return f, nil
}

// writeAtomic writes data to path through a temporary file in the same
// folder, synced and renamed, mode 0600.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("mdmcerts: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("mdmcerts: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return fmt.Errorf("mdmcerts: %w", err)
	}
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("mdmcerts: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("mdmcerts: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("mdmcerts: %w", err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("mdmcerts: %w", err)
	}
	return nil
}
