// Package history keeps the renewal history: an append-only file of JSON
// lines, one Entry per accepted renewal or per token file added with
// "mdmtoken due add", and tells from it which credentials are due. An Entry
// holds facts only (kind, names, dates, the file's base name and SHA-256),
// never a token, a secret or a key.
//
// Practice runs of the wizard must never write to the history: callers do
// not call Append for a practice renewal.
package history

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/record"
	"github.com/mdmtoken/mdmtoken/token"
	"golang.org/x/text/unicode/norm"
)

// EnvVar names the environment variable that sets the history file when no
// --history flag is given.
const EnvVar = "MDMTOKEN_HISTORY"

// FileMode is the mode of a history file Append creates; DirMode that of a
// folder it creates. An existing file or folder keeps its mode, so a team
// can share one file with group permissions it set itself.
const (
	FileMode = 0o600
	DirMode  = 0o700
)

// Source says where an entry came from.
type Source string

// The sources of entries.
const (
	SourceRenewal Source = "renewal" // the wizard, after the MDM portal accepted the file
	SourceFile    Source = "file"    // mdmtoken due add, from a token file in use
	// SourceReset is a token reset during the wizard's renewal of another
	// DEP server or VPP location: a new token for this one was downloaded
	// then, so its old one stopped working at Expires, and File waits to
	// be uploaded.
	SourceReset Source = "reset"
)

// Entry is one line of the history: a credential as it was renewed or
// found. Unknown fields in a line are ignored when reading, and Kind may be
// a kind this version does not know, so a file written by a newer version
// still loads.
type Entry struct {
	Kind     token.Kind `json:"kind"`               // token.KindVPP, token.KindDEP, or a newer kind
	Org      string     `json:"org,omitempty"`      // VPP: the organization named in the token
	Location string     `json:"location,omitempty"` // VPP: the location (from the file name)
	Server   string     `json:"server,omitempty"`   // DEP: the MDM server name
	Topic    string     `json:"topic,omitempty"`    // push certificate: the APNs topic

	ApplePortal     string `json:"apple_portal,omitempty"`      // Apple portal id, as --apple takes it (business, abm, asm)
	ApplePortalName string `json:"apple_portal_name,omitempty"` // e.g. "Apple Business Manager (classic)"
	MDMPortal       string `json:"mdm_portal,omitempty"`        // MDM portal id, as --portal takes it
	MDMPortalName   string `json:"mdm_portal_name,omitempty"`   // e.g. "Relution"

	File   string `json:"file,omitempty"`   // base name of the uploaded or added file
	SHA256 string `json:"sha256,omitempty"` // hex SHA-256 of that file's content

	OldExpires       time.Time `json:"old_expires,omitzero"`        // expiry of the credential replaced; zero when unknown
	Expires          time.Time `json:"expires"`                     // expiry of this credential; required
	ExpiresEstimated bool      `json:"expires_estimated,omitempty"` // DEP: inferred from the download time
	RenewBy          time.Time `json:"renew_by,omitzero"`           // record.RenewAt(Expires) when zero

	User     string    `json:"user,omitempty"` // who renewed or added it
	Host     string    `json:"host,omitempty"` // on which computer
	Recorded time.Time `json:"recorded"`       // when; the newest entry of a credential wins
	Source   Source    `json:"source,omitempty"`
}

// Validate reports what makes e unfit for the history: a kind that is not
// one lower-case word, a VPP token without its location or a DEP token
// without its MDM server (it could not be told from the others), a missing
// expiry or recording time, a file name with a folder, or a SHA-256 that is
// not 64 hex digits.
func (e Entry) Validate() error {
	switch {
	case !plainWord(string(e.Kind)):
		return errors.New("no kind of credential (vpp, dep, …)")
	case e.Kind == token.KindVPP && strings.TrimSpace(e.Location) == "":
		return errors.New("the location of the VPP content token is not known (Apple names the file sToken_for_<Location>.vpptoken), so it cannot be told from the organization's other locations")
	case e.Kind == token.KindDEP && strings.TrimSpace(e.Server) == "":
		return errors.New("the MDM server of the DEP server token is not known (Apple names the file <Server>_Token_<time>_smime.p7m), so it cannot be told from other servers' tokens")
	case e.Expires.IsZero():
		return errors.New("no expiry date")
	case e.Recorded.IsZero():
		return errors.New("no recording time")
	case strings.ContainsAny(e.File, `/\`):
		return errors.New("the file name holds a folder")
	case e.SHA256 != "" && !isSHA256(e.SHA256):
		return errors.New("the SHA-256 is not 64 hex digits")
	}
	return nil
}

// normal is e as it is stored and judged: times in UTC, the renew-by date
// filled in, text on one line, the file reduced to its base name.
func (e Entry) normal() Entry {
	for _, s := range []*string{&e.Org, &e.Location, &e.Server, &e.Topic, &e.ApplePortal, &e.ApplePortalName,
		&e.MDMPortal, &e.MDMPortalName, &e.User, &e.Host, &e.File} {
		*s = oneLine(*s)
	}
	if e.File != "" {
		e.File = baseName(e.File)
	}
	e.SHA256 = strings.ToLower(e.SHA256)
	if e.RenewBy.IsZero() {
		e.RenewBy = record.RenewAt(e.Expires)
	}
	for _, t := range []*time.Time{&e.OldExpires, &e.Expires, &e.RenewBy, &e.Recorded} {
		if !t.IsZero() {
			*t = t.UTC()
		}
	}
	return e
}

// Reset reports whether e records a token reset by a download during
// another renewal (SourceReset): its MDM server or location has had no
// working token since Expires.
func (e Entry) Reset() bool { return e.Source == SourceReset }

// Identity is the key that tells credentials apart: kind and APNs topic for
// a push certificate, kind and MDM server for a DEP token, kind,
// organization and location otherwise. Names compare after Unicode
// normalization and with runs of spaces collapsed, so a macOS file name
// and the same name typed elsewhere are one credential.
func (e Entry) Identity() string {
	key := func(s string) string { return norm.NFC.String(strings.Join(strings.Fields(s), " ")) }
	kind := key(string(e.Kind))
	switch {
	case e.Topic != "":
		return kind + "\x00topic\x00" + key(e.Topic)
	case e.Server != "":
		return kind + "\x00server\x00" + key(e.Server)
	}
	return kind + "\x00org\x00" + key(e.Org) + "\x00" + key(e.Location)
}

// KindName names a kind in a few words: "VPP content token", "DEP server
// token", the token package's label for other kinds it knows, and
// "<kind> credential" for a kind this version does not know.
func KindName(k token.Kind) string {
	switch k {
	case token.KindVPP:
		return "VPP content token"
	case token.KindDEP:
		return "DEP server token"
	}
	if l := k.Label(); l != token.KindUnknown.Label() {
		return l
	}
	return token.Printable(string(k)) + " credential"
}

// Label names the credential for people, safe for a terminal: e.g.
// "VPP content token, Fixture Academy Inc., Main Campus (Relution)" or
// "DEP server token, Fixture MDM".
func (e Entry) Label() string {
	parts := []string{KindName(e.Kind)}
	for _, s := range []string{e.Org, e.Location, e.Server, e.Topic} {
		if s = strings.TrimSpace(token.Printable(s)); s != "" {
			parts = append(parts, s)
		}
	}
	label := strings.Join(parts, ", ")
	if p := strings.TrimSpace(token.Printable(e.MDMPortalName)); p != "" {
		label += " (" + p + ")"
	}
	return label
}

// DefaultPath is $XDG_DATA_HOME/mdmtoken/history.jsonl when XDG_DATA_HOME is
// an absolute path, else ~/.local/share/mdmtoken/history.jsonl; empty when
// no home folder is known.
func DefaultPath() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "mdmtoken", "history.jsonl")
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	return filepath.Join(home, ".local", "share", "mdmtoken", "history.jsonl")
}

// Locate is the history file to use: flag (the --history value) when
// given, else $MDMTOKEN_HISTORY, else DefaultPath.
func Locate(flag string) string {
	if flag != "" {
		return flag
	}
	if p := os.Getenv(EnvVar); p != "" {
		return p
	}
	return DefaultPath()
}

func plainWord(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range strings.ToLower(s) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// oneLine trims s and turns line breaks and other control characters into
// spaces.
func oneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(c rune) rune {
		if c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029 {
			return ' '
		}
		return c
	}, s))
}

// baseName is the last element of a path with either separator.
func baseName(s string) string {
	s = strings.TrimRight(s, `/\`)
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// errorf prefixes history errors.
func errorf(format string, args ...any) error {
	return fmt.Errorf("history: "+format, args...)
}
