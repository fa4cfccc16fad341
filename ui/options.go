package ui

import (
	"crypto/rsa"
	"crypto/x509"
	"time"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/mdmcerts"
	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// Options configure the wizard. Kind, Apple and Portal answer their screens
// in advance; they must be valid for the catalog.
type Options struct {
	Catalog *steps.Catalog
	Kind    token.Kind
	Apple   string
	Portal  string
	Dir     string           // absolute folder the file picker starts in
	Now     func() time.Time // the clock; time.Now when nil

	// Cert and Key are the MDM's certificate and private key: with them a
	// DEP token is checked to be made for this server, and its exact
	// expiry is read. CertPath and KeyPath are their files.
	Cert              *x509.Certificate
	Key               *rsa.PrivateKey
	CertPath, KeyPath string
	// Certs remembers, per MDM server, the certificate its token was
	// checked with; nil remembers none.
	Certs *mdmcerts.Store

	RecordDir  string        // where renewal records and reminders go; empty writes none
	UsedTokens string        // the private folder used token files may be moved to; empty offers no move
	State      *resume.Store // where the place is saved for resuming; nil saves none
	Resume     *resume.State // an unfinished renewal to offer to resume
	// StateWarnings say what was wrong with the saved place and what was
	// done about it (resume.Opened's Warnings): shown on the first screen,
	// with the offer to resume, or on the first question when none is made.
	StateWarnings []string
	Practice      bool                          // training run: marked on every screen, no records, no state
	Traps         map[token.Kind][]renewal.Trap // practice: the folder's wrong picks
	Warnings      []string                      // shown on the first screen, e.g. broken local playbooks
	// History is the renewal history file an accepted renewal is added
	// to; empty adds none. Due is what it says is due, listed first on the
	// first screen.
	History string
	Due     []history.Item
	// Known are the newest entry of every credential in the history: a
	// push certificate is compared with the topic it holds for the portal.
	Known []history.Item
}

// Result is how the wizard ended.
type Result = renewal.Ending

// startNotes are the state's warnings for the first question: none when
// the offer to resume shows them.
func (o Options) startNotes() []string {
	if o.Resume != nil && !o.Practice {
		return nil
	}
	return o.StateWarnings
}

// config is what the renewal is made with.
func (o Options) config() renewal.Config {
	return renewal.Config{Catalog: o.Catalog, Kind: o.Kind, Apple: o.Apple, Portal: o.Portal,
		Cert: o.Cert, Key: o.Key, CertPath: o.CertPath, KeyPath: o.KeyPath, Certs: o.Certs, Practice: o.Practice, Traps: o.Traps, Known: o.Known, Now: o.Now}
}

// Result reports how the wizard ended.
func (m Model) Result() Result {
	res := m.r.Ending()
	res.RecordFile, res.CalendarFile = m.recordFile, m.calendarFile
	return res.AfterStartOver(m.forgotten)
}
