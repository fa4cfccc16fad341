// Package plain is the renewal wizard for screen readers and serial
// consoles: no alternate screen, no cursor movement, no color. Each
// screen is printed once as plain text wrapped to the terminal's width,
// followed by a numbered prompt answered by typing a number or a letter
// and Enter. It drives the same renewal.Renewal as the full-screen wizard,
// so the steps, checks, warnings, records, saved place and practice score
// are the same.
package plain

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"io"
	"time"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/mdmcerts"
	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// Options configure a plain renewal, as the full-screen wizard's options
// do. Kind, Apple and Portal answer their questions in advance; they must
// be valid for the catalog.
type Options struct {
	Catalog *steps.Catalog
	Kind    token.Kind
	Apple   string
	Portal  string
	Dir     string           // absolute folder the file list starts in
	Now     func() time.Time // the clock; time.Now when nil

	// Cert and Key are the MDM's certificate and private key: with them a
	// DEP token is checked to be made for this server, and its exact
	// expiry is read.
	Cert *x509.Certificate
	Key  *rsa.PrivateKey
	// CertPath and KeyPath are where Cert and Key were read from, to
	// remember them for the server; empty when not given.
	CertPath, KeyPath string
	// Certs are the certificates (and keys) remembered per MDM server:
	// a DEP token is checked with the one remembered for its server, and
	// the one a renewal was checked with is remembered. nil remembers
	// none.
	Certs *mdmcerts.Store

	RecordDir string // where renewal records and reminders go; empty writes none
	// UsedTokens is the private folder used token files may be moved to
	// once the portal accepted the new one; empty offers no move.
	UsedTokens string
	State      *resume.Store // where the place is saved for resuming; nil saves none
	Resume     *resume.State // an unfinished renewal to offer to resume
	Practice   bool          // training run: no records, no saved place, a score
	// Traps are the practice folder's wrong picks, per kind of renewal:
	// the end of a practice run says what the trainee did with each.
	Traps    map[token.Kind][]renewal.Trap
	Warnings []string // said on the first question, e.g. broken local playbooks
	// StateWarnings say what was wrong with the saved place (damaged,
	// unreadable, of a newer version): said before anything is asked.
	StateWarnings []string
	// History is the renewal history file an accepted renewal is added
	// to; empty adds none. Due is what it says is due, offered first on
	// the first question.
	History string
	Due     []history.Item
	// Known are the newest entry of every credential in the history: a
	// push certificate is compared with the topic it holds for the portal.
	Known []history.Item

	// Width is the terminal's width in columns, asked before each screen;
	// nil or 0 when unknown, and text is wrapped to 80 columns.
	Width func() int
	// HideInput stops the terminal from echoing what is typed, while the
	// token's text is pasted, and returns what turns echo back on; nil
	// leaves echo alone.
	HideInput func() (restore func())
}

// Result is how the renewal ended.
type Result = renewal.Ending

// errQuit is the user leaving: q, a Quit answer, or the end of the input.
var errQuit = errors.New("quit")

// Run asks the questions of one renewal on in and out until the user
// leaves, the renewal is done, the input ends or ctx is done. The error is
// the context's cause when it ended the run, a read or write error, or
// nil. The caller reports the outcome from the Result.
func Run(ctx context.Context, in io.Reader, out io.Writer, opts Options) (Result, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &session{
		ctx:  ctx,
		opts: opts,
		p:    &printer{w: out, width: opts.Width},
		in:   newLines(in),
		r:    renewal.New(opts.config()),
		dir:  opts.Dir,
	}
	err := s.run()
	if errors.Is(err, errQuit) || errors.Is(err, errEnded) {
		err = nil
	}
	if err == nil {
		err = s.p.err
	}
	return s.result(), err
}

// config is what the renewal is made with.
func (o Options) config() renewal.Config {
	return renewal.Config{Catalog: o.Catalog, Kind: o.Kind, Apple: o.Apple, Portal: o.Portal,
		Cert: o.Cert, Key: o.Key, CertPath: o.CertPath, KeyPath: o.KeyPath, Certs: o.Certs,
		Practice: o.Practice, Traps: o.Traps, Known: o.Known, Now: o.Now}
}

// session is one plain run: the renewal, the terminal, and what was saved.
type session struct {
	forgotten *renewal.Place // the saved renewal started over, if it was
	ctx       context.Context
	opts      Options
	p         *printer
	in        *lines
	r         *renewal.Renewal

	dir      string          // the folder the file list shows
	allFiles bool            // the file list shows every file, not only tokens
	revealed map[string]bool // practice: files whose verdict the list shows, hinted or chosen
	note     string          // said once on the next screen, e.g. why a saved file was not taken

	saved                    renewal.Place // the place last saved
	stateErr                 error         // why the place could not be saved
	recordFile, calendarFile string
	historySaid              string // whether the renewal was added to the history
	historyShown             bool   // historySaid was said
}

// run shows the screen of each stage the renewal reaches until it ends.
func (s *session) run() error {
	for _, w := range s.opts.StateWarnings {
		s.p.line("", "Note: "+w)
	}
	if s.opts.Resume != nil && !s.opts.Practice {
		if err := s.offerResume(*s.opts.Resume); err != nil {
			return err
		}
	}
	for {
		s.persist()
		if s.p.err != nil {
			return s.p.err
		}
		if err := s.screen(); err != nil {
			return err
		}
		if s.r.Stage() == renewal.StageDone {
			return s.done()
		}
	}
}

// screen shows the screen for the renewal's stage and applies the answer.
func (s *session) screen() error {
	switch s.r.Stage() {
	case renewal.StageStart:
		return s.start()
	case renewal.StageApple:
		return s.apple()
	case renewal.StagePortal:
		return s.portal()
	case renewal.StageCaveats:
		return s.caveats()
	case renewal.StageAppleSteps, renewal.StagePortalSteps, renewal.StageRequestSteps:
		return s.walk()
	case renewal.StagePicker:
		return s.picker()
	case renewal.StageCertPicker:
		return s.certPicker()
	case renewal.StageTopic:
		return s.topic()
	case renewal.StagePaste:
		return s.paste()
	case renewal.StageVerdict:
		return s.verdict()
	case renewal.StageConfirm:
		return s.confirm()
	}
	return errQuit
}

// persist saves the renewal's place when it changed. Saving is quick, so
// it is done before each screen: a hang-up loses no step.
func (s *session) persist() {
	if s.opts.State == nil {
		return
	}
	p, ok := s.r.Snapshot()
	if !ok || p == s.saved {
		return
	}
	s.saved = p
	s.stateErr = s.opts.State.Save(resume.State{Place: p}, s.opts.Now())
}

// forgetPlace drops the saved place.
func (s *session) forgetPlace() {
	if s.opts.State != nil {
		s.stateErr = s.opts.State.Clear()
		s.saved = renewal.Place{}
	}
}

// result is how the renewal ended.
func (s *session) result() Result {
	res := s.r.Ending()
	res.RecordFile, res.CalendarFile = s.recordFile, s.calendarFile
	return res.AfterStartOver(s.forgotten)
}

// ask asks a question. q quits, after asking first when the old DEP token
// is already reset; the end of the input quits at once.
func (s *session) ask(m menu) (string, error) {
	for {
		key, err := ask(s.ctx, s.p, s.in, m)
		if err != nil {
			return "", err
		}
		if key != quitKey {
			return key, nil
		}
		if !s.r.PendingReset() {
			return "", errQuit
		}
		quit, err := s.quitAnyway()
		switch {
		case err != nil:
			return "", err
		case quit:
			return "", errQuit
		}
		s.p.blank()
	}
}

// quitAnyway asks whether to quit with the old DEP token reset and the
// new one not uploaded.
func (s *session) quitAnyway() (bool, error) {
	s.p.blank()
	s.p.line("", renewal.QuitWarning(s.r.Kind())+" "+s.r.Ending().GoOn())
	key, err := ask(s.ctx, s.p, s.in, menu{noQuit: true, ask: "Quit now", letters: []answer{
		{key: "y", label: "Yes, quit now"},
		{key: "n", label: "No, stay"},
	}})
	return key == "y", err
}

// canBack reports whether the renewal can go back a stage, without going:
// it asks a copy, since Back on a copy changes only the copy.
func (s *session) canBack() bool {
	c := *s.r
	return c.Back()
}

// back goes back a stage.
func (s *session) back() { s.r.Back() }
