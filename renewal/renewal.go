// Package renewal is one renewal of an Apple MDM credential, without any
// user interface: the kind, the Apple and MDM guide, the file chosen and
// what it turned out to be, the token it replaces, when a DEP download was
// confirmed, and the outcome. It holds the rules the wizard follows: which
// files to look for and how to judge them, which file to start on, which
// ways on a verdict offers, what a record and a saved place contain, and
// the practice score.
//
// A Renewal moves from stage to stage as the user decides; the wizard shows
// the screen for the current stage and tells the Renewal what the user did
// there.
package renewal

import (
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/mdmcerts"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// Config is what a renewal is made with. Kind, Apple and Portal answer
// their questions in advance (the wizard's flags); they must be valid for
// the catalog.
type Config struct {
	Catalog *steps.Catalog
	Kind    token.Kind
	Apple   string
	Portal  string
	// Cert and Key are the MDM's certificate and private key given: with
	// them a DEP token is checked to be made for this server, and its exact
	// expiry is read. CertPath and KeyPath are their files, if any.
	Cert              *x509.Certificate
	Key               *rsa.PrivateKey
	CertPath, KeyPath string
	// Certs are the certificates remembered per MDM server from earlier
	// renewals; nil remembers none.
	Certs    *mdmcerts.Store
	Practice bool // a training run: no records, no saved place, a score
	// Traps are the practice folder's wrong picks, per kind of renewal.
	Traps map[token.Kind][]Trap
	// Known are the credentials in use, from the renewal history: a push
	// certificate is compared with the topic it holds for the MDM portal.
	Known []history.Item
	Now   func() time.Time // the clock; time.Now when nil
}

// stepAt is one step of one of the guide's walks.
type stepAt struct {
	stage Stage
	index int
}

// Renewal is one renewal, or one check of a file, from the first choice to
// the outcome.
type Renewal struct {
	cfg     Config
	kind    token.Kind // empty until chosen, and when checking a file
	check   bool       // checking a file, not renewing
	apple   string     // the Apple portal chosen, before the guide is built
	guide   *steps.Guide
	stage   Stage
	history []Stage // the stages esc leads back to, latest last

	steps     map[Stage]int   // the step shown in each walk
	confirmed map[stepAt]bool // warning steps the user confirmed
	chosen    *Checked
	// downloadConfirmed is when the user confirmed Apple's DEP Download
	// Token step: the old token is reset from then on.
	downloadConfirmed  time.Time
	answered, accepted bool
	score              Score
	resumeTo           *Place   // a saved place waiting for its file to be checked again
	keys               *mdmKeys // the MDM's certificate given, chosen or kept; nil when none
	topic              string   // push: the topic's identifier typed from the MDM; empty when none
	againName          string   // the DEP server or VPP location renewed again from the history; empty when none
	redownload         bool     // back to choosing the DEP server after a confirmed download: the next download is confirmed again
	// upload is set for a server or location reset during another renewal
	// (BeginAgain of a reset entry): its new token is already downloaded,
	// so Apple's steps are skipped; waiting is that file's base name, empty
	// when not known. resetAt is when that download reset the old token
	// (the entry's Expires); it stays if Apple's steps are walked after
	// all, since the old token is reset still.
	upload  bool
	waiting string
	resetAt time.Time
	// resumed: the renewal goes on from a saved place (Resume).
	resumed bool
	// already is set when the upload is of a token already downloaded
	// before Apple's steps, chosen from the caveats (UploadAlready): esc
	// back to the caveats undoes it.
	already bool
}

// New starts a renewal at the first question not answered in advance.
func New(cfg Config) *Renewal {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	r := &Renewal{cfg: cfg}
	switch {
	case cfg.Cert != nil && cfg.Practice:
		r.keys = &mdmKeys{cert: cfg.Cert, key: cfg.Key, from: "the practice MDM's"}
	case cfg.Cert != nil:
		r.keys = &mdmKeys{cert: cfg.Cert, key: cfg.Key, certPath: cfg.CertPath, keyPath: cfg.KeyPath, from: "given with --cert"}
	}
	r.clear()
	if cfg.Kind != "" {
		r.begin(cfg.Kind)
	}
	return r
}

// clear forgets every choice and the file; a confirmed download and the
// practice score stay, since they happened.
func (r *Renewal) clear() {
	r.kind, r.check, r.apple, r.guide, r.chosen, r.resumeTo = "", false, "", nil, nil, nil
	r.stage, r.history = StageStart, nil
	r.steps, r.confirmed = map[Stage]int{}, map[stepAt]bool{}
	r.answered, r.accepted = false, false
	r.topic, r.againName, r.redownload = "", "", false
	r.upload, r.waiting, r.resetAt, r.already = false, "", time.Time{}, false
	r.resumed = false
}

// advance moves on to next; esc leads back to the stage left.
func (r *Renewal) advance(next Stage) {
	r.history = append(r.history, r.stage)
	r.stage = next
}

// jump returns to a stage gone through before, forgetting the stages after
// it.
func (r *Renewal) jump(to Stage) {
	if i := slices.Index(r.history, to); i >= 0 {
		r.history = r.history[:i]
	}
	r.stage = to
}

// Kind is the credential being renewed; empty before it is chosen and when
// checking a file.
func (r *Renewal) Kind() token.Kind { return r.kind }

// Checking reports whether this is a check of a file, not a renewal.
func (r *Renewal) Checking() bool { return r.check }

// Practice reports whether this is a training run.
func (r *Renewal) Practice() bool { return r.cfg.Practice }

// Guide is the guide followed; nil while the portals are being chosen.
func (r *Renewal) Guide() *steps.Guide { return r.guide }

// Stage is where the renewal stands.
func (r *Renewal) Stage() Stage { return r.stage }

// Step is the step shown in a walk: Apple's steps or the MDM portal's.
func (r *Renewal) Step(s Stage) int { return r.steps[s] }

// Confirmed reports whether the warning of step i of a walk was confirmed.
// Apple's download step counts as confirmed once a download was.
func (r *Renewal) Confirmed(s Stage, i int) bool {
	if r.confirmed[stepAt{s, i}] {
		return true
	}
	return s == StageAppleSteps && r.isDownload(i) && !r.downloadConfirmed.IsZero() && !r.redownload
}

// walkSteps are the steps of a walk.
func (r *Renewal) walkSteps(s Stage) []steps.Step {
	switch {
	case r.guide == nil:
		return nil
	case s == StageAppleSteps:
		return r.guide.AppleSteps
	case s == StagePortalSteps:
		return r.guide.PortalSteps
	case s == StageRequestSteps:
		return r.guide.BeforeSteps
	}
	return nil
}

// isDownload reports whether Apple's step i downloads a DEP server token.
func (r *Renewal) isDownload(i int) bool {
	list := r.walkSteps(StageAppleSteps)
	return r.kind == token.KindDEP && i >= 0 && i < len(list) && list[i].Download
}

// mayHaveDownloaded reports whether a content token renewal stands at or
// past Apple's download step, not uploaded: the download, which replaces
// the token in use, may have been done (nothing asks to confirm it).
func (r *Renewal) mayHaveDownloaded() bool {
	if r.kind != token.KindVPP || r.check || r.cfg.Practice || r.Accepted() || r.upload {
		return false
	}
	switch r.stage {
	case StagePicker, StagePaste, StageVerdict, StagePortalSteps, StageConfirm:
		return true
	case StageAppleSteps:
		list := r.walkSteps(StageAppleSteps)
		return slices.ContainsFunc(list[:min(r.steps[StageAppleSteps]+1, len(list))], func(s steps.Step) bool { return s.Download })
	}
	return false
}

// Chosen is the file checked last; nil when none was.
func (r *Renewal) Chosen() *Checked { return r.chosen }

// DownloadConfirmed is when Apple's DEP Download Token step was confirmed;
// zero when it was not.
func (r *Renewal) DownloadConfirmed() time.Time { return r.downloadConfirmed }

// Answered reports whether the user said if the MDM portal took the file,
// and Accepted whether it did.
func (r *Renewal) Answered() bool { return r.answered }

// Accepted reports whether the MDM portal accepted the file.
func (r *Renewal) Accepted() bool { return r.answered && r.accepted }

// ResetAt is when the old token stopped working: the DEP Download Token
// confirmed in this run or, for a server or location reset during another
// renewal, that download; zero when neither.
func (r *Renewal) ResetAt() time.Time {
	if !r.downloadConfirmed.IsZero() {
		return r.downloadConfirmed
	}
	return r.resetAt
}

// PendingReset reports whether the old token is already invalid (a new
// DEP server token was downloaded, in this run or during another renewal,
// or a location's new content token was) but the upload of the new one
// was not confirmed.
func (r *Renewal) PendingReset() bool {
	return !r.ResetAt().IsZero() && !r.Accepted()
}

// Score is what the trainee did so far, in a practice run.
func (r *Renewal) Score() Score { return r.score }

// Lookup says which files to look for and how to judge them.
func (r *Renewal) Lookup() Lookup {
	l := Lookup{Exts: anyCredential, now: r.cfg.Now, Practice: r.cfg.Practice}
	if !r.check && r.kind != "" {
		// A token waiting to be uploaded is as old as its reset: it is
		// judged against that, not against now.
		l.Expect, l.Fresh, l.Exts = r.kind, !r.upload, fileExts(r.kind)
	}
	switch {
	case r.check:
	case r.kind == token.KindDEP && !r.downloadConfirmed.IsZero():
		l.confirmed = r.downloadConfirmed
	case r.upload && !r.already && !r.resetAt.IsZero() && (r.kind == token.KindDEP || r.kind == token.KindVPP):
		// A reset elsewhere dates the tokens made before it; a token found
		// already downloaded does not (the newest of its credential
		// replaces the others, as ever).
		l.confirmed, l.elsewhere = r.resetAt, true
	}
	if c := r.chosen; c != nil && r.check {
		l.prefer = c.Newer // checking another file: the one that replaced this
	}
	if c := r.chosen; c != nil && !r.check {
		l.prefer = c.Newer
		if l.prefer == "" {
			l.prefer = c.ServerToken
		}
		if l.prefer == "" && len(c.Wanted) == 1 {
			l.prefer = c.Wanted[0].Path
		}
	}
	if l.prefer == "" && r.upload {
		l.prefer = r.waiting
	}
	if !r.check {
		l.renewing = r.againName
		if !r.cfg.Practice {
			l.recorded = r.cfg.Known
		}
	}
	if !r.check && r.kind == token.KindPush {
		l.topic = r.topic
		if r.guide != nil && !r.cfg.Practice {
			l.known = pushHistory(r.cfg.Known, r.guide.Portal.ID)
		}
	}
	if !r.check && r.kind == token.KindDEP {
		l.server, l.mdm = true, r.keys
		if !r.cfg.Practice {
			l.certs = r.cfg.Certs
		}
		if r.guide != nil {
			l.portal = r.guide.Portal.ID
		}
	}
	return l
}

// CertLookup says which files to look for when choosing the MDM's
// certificate.
func (r *Renewal) CertLookup() Lookup {
	l := Lookup{Expect: token.KindCertificate, Exts: certExts, now: r.cfg.Now}
	if r.chosen != nil && r.chosen.Report.Kind == token.KindDEP {
		l.recipients = r.chosen.Report.Recipients
	}
	return l
}

// Checks lists what the chosen file was checked to be.
func (r *Renewal) Checks() []string {
	if r.chosen == nil {
		return nil
	}
	c := r.chosen
	checks := Passed(c.Report, !r.check && !r.upload)
	if c.DownloadAssumed && !r.upload {
		for i, s := range checks {
			if s == "a fresh download" {
				checks[i] = "taken as the download confirmed at " + timeOfDay(r.downloadConfirmed)
			}
		}
	}
	if waiting := r.upload && (c.DownloadAssumed || r.waiting != "" && c.Path != "" && filepath.Base(c.Path) == r.waiting); waiting &&
		(c.Report.Status == token.StatusOK || c.Report.Status == token.StatusExpiring) {
		what := "the token waiting to be uploaded"
		if c.DownloadAssumed {
			what = "taken as the token waiting to be uploaded"
		}
		if !r.resetAt.IsZero() {
			what += " since " + DateOnly(r.resetAt)
		}
		checks = append(checks, what)
	}
	return checks
}

// Begin starts renewing kind, chosen on the first screen.
func (r *Renewal) Begin(kind token.Kind) {
	if r.stage != StageStart || !kind.IsRenewable() {
		return
	}
	r.clear()
	r.history = []Stage{StageStart}
	r.begin(kind)
}

// begin asks for the Apple portal, unless it was answered in advance or
// the kind has its own (the push certificate's Push Certificates Portal).
func (r *Renewal) begin(kind token.Kind) {
	r.kind, r.stage = kind, StageApple
	r.score.traps = slices.Clone(r.cfg.Traps[kind])
	if a, own := r.ownApple(); own {
		r.stage = StagePortal
		r.chooseApple(a)
		return
	}
	if r.cfg.Apple != "" {
		r.stage = StagePortal // answered: esc does not lead back to it
		r.chooseApple(r.cfg.Apple)
	}
}

// ownApple is the Apple portal of a kind renewed in one portal whatever
// the organization uses, so it is never asked.
func (r *Renewal) ownApple() (string, bool) {
	if r.cfg.Catalog == nil {
		return "", false
	}
	a, ok := r.cfg.Catalog.KindApple(r.kind)
	return a.ID, ok
}

// BeginCheck starts checking a file, chosen on the first screen.
func (r *Renewal) BeginCheck() {
	if r.stage != StageStart {
		return
	}
	r.clear()
	r.check = true
	r.advance(StagePicker)
}

// ChooseApple takes the Apple portal, chosen on screen.
func (r *Renewal) ChooseApple(id string) {
	if r.stage != StageApple {
		return
	}
	r.advance(StagePortal)
	r.chooseApple(id)
}

// chooseApple remembers the Apple portal and takes the MDM portal given in
// advance when it has a guide for this kind; otherwise it is asked.
func (r *Renewal) chooseApple(id string) {
	r.apple = id
	if r.cfg.Portal == "" {
		return
	}
	if g, err := r.cfg.Catalog.Guide(r.kind, id, r.cfg.Portal); err == nil {
		r.follow(g)
		r.stage = r.afterGuide() // answered: esc does not lead back to the portals
	}
}

// ChoosePortal takes the MDM portal, chosen on screen; an error means the
// catalog has no guide for it.
func (r *Renewal) ChoosePortal(id string) error {
	if r.stage != StagePortal {
		return nil
	}
	g, err := r.cfg.Catalog.Guide(r.kind, r.apple, id)
	if err != nil {
		return err
	}
	r.follow(g)
	r.advance(r.afterGuide())
	return nil
}

// afterGuide is the stage a renewal goes on to once its guide is known:
// the caveats, or the file picker when the new token is already
// downloaded and only waits to be uploaded.
func (r *Renewal) afterGuide() Stage {
	if r.upload {
		return StagePicker
	}
	return StageCaveats
}

// Uploading reports whether the renewal uploads a token already
// downloaded during another renewal, without Apple's steps.
func (r *Renewal) Uploading() bool { return r.upload }

// PickerTitle is the file picker's question.
func (r *Renewal) PickerTitle() string {
	switch {
	case r.check:
		return "Choose a file to check"
	case r.upload:
		return "Choose the token waiting to be uploaded"
	}
	return "Choose the file you just downloaded"
}

// follow starts following a guide: its own Apple steps, from the first.
func (r *Renewal) follow(g steps.Guide) {
	r.guide = &g
	r.steps, r.confirmed = map[Stage]int{}, map[stepAt]bool{}
}

// Next goes on from the caveats to the MDM portal's steps that get the
// request file (push), or else to Apple's steps.
func (r *Renewal) Next() {
	switch {
	case r.stage != StageCaveats:
	case r.guide != nil && len(r.guide.BeforeSteps) > 0:
		r.advance(StageRequestSteps)
	default:
		r.advance(StageAppleSteps)
	}
}

// SetStep records the step shown in the current walk.
func (r *Renewal) SetStep(i int) {
	if n := len(r.walkSteps(r.stage)); n > 0 {
		r.steps[r.stage] = min(max(i, 0), n-1)
	}
}

// ConfirmStep records that the warning of step i of the current walk was
// confirmed at the given time. Confirming Apple's DEP download step means
// the old DEP token is reset from then on.
func (r *Renewal) ConfirmStep(i int, at time.Time) {
	if !r.stage.walk() || i < 0 || i >= len(r.walkSteps(r.stage)) {
		return
	}
	r.confirmed[stepAt{r.stage, i}] = true
	if r.stage == StageAppleSteps && r.isDownload(i) {
		// The first confirmation stays the start of the reset: a token
		// downloaded since then for another server reset that one too.
		if r.downloadConfirmed.IsZero() {
			r.downloadConfirmed = at
		}
		r.redownload = false
	}
}

// StepsDone goes on after a walk's last step: from Apple's steps to the
// file picker, from the MDM portal's steps to the confirmation.
func (r *Renewal) StepsDone() {
	switch r.stage {
	case StageRequestSteps:
		r.advance(StageAppleSteps)
	case StageAppleSteps:
		r.advance(StagePicker)
	case StagePortalSteps:
		r.advance(StageConfirm)
	}
}

// PasteInstead goes from the file picker to pasting the file's text.
func (r *Renewal) PasteInstead() {
	if r.stage == StagePicker {
		r.advance(StagePaste)
	}
}

// FileChecked takes the file (or text) chosen and checked on the picker or
// the paste screen, and shows its verdict. It reports false, and does
// nothing, anywhere else.
func (r *Renewal) FileChecked(c Checked) bool {
	if r.stage == StageCertPicker && r.chosen != nil && c.Path == r.chosen.Path {
		// Checked again with the certificate just chosen.
		c = r.judge(c)
		c.ReplacedExpiry = r.chosen.ReplacedExpiry
		r.chosen = &c
		r.jump(StageVerdict)
		return true
	}
	if r.stage != StagePicker && r.stage != StagePaste {
		return false
	}
	c = r.judge(c)
	r.chosen = &c
	r.resumeTo = nil
	delete(r.steps, StagePortalSteps) // another file: the MDM steps from the first
	for at := range r.confirmed {
		if at.stage == StagePortalSteps {
			delete(r.confirmed, at)
		}
	}
	if r.cfg.Practice {
		r.score.picked(c)
	}
	r.advance(StageVerdict)
	return true
}

// Decide takes a way on from the verdict; one that Choices does not offer
// is ignored.
func (r *Renewal) Decide(c Choice) {
	if r.stage != StageVerdict || !slices.Contains(r.Choices(), c) {
		return
	}
	if r.cfg.Practice {
		r.score.decided(c)
	}
	switch c {
	case Continue, UseAnyway:
		r.advance(StagePortalSteps)
	case PickAgain:
		r.jump(StagePicker)
	case Redownload:
		r.backToApple(r.downloadStep())
	case RenewInstead:
		r.backToApple(r.findStep())
	case ChooseServer:
		r.backToApple(r.serverStep())
		// Another server's token is downloaded next, which resets that
		// server's token too: its warning is confirmed again.
		for i := range r.guide.AppleSteps {
			if r.isDownload(i) {
				delete(r.confirmed, stepAt{StageAppleSteps, i})
			}
		}
		r.redownload = !r.downloadConfirmed.IsZero()
	case ChooseCert:
		r.advance(StageCertPicker)
	case CompareTopic, RetypeTopic:
		r.advance(StageTopic)
	case Restart:
		r.restart()
	case RenewThis:
		r.renewChecked()
	case UploadThis:
		r.uploadChecked()
	}
}

// UploadAlready goes, from the caveats, to the upload of a token of the
// kind renewed already downloaded (Lookup.AlreadyDownloaded): Apple's
// steps are skipped, as for a token reset during another renewal, and the
// old token is taken to have stopped working when that one was made.
func (r *Renewal) UploadAlready(a Already) {
	if r.stage != StageCaveats || a.Path == "" || r.Practice() {
		return
	}
	r.upload, r.waiting, r.resetAt, r.already = true, filepath.Base(a.Path), a.At, true
	r.advance(StagePicker)
}

// backToApple goes back to Apple's steps, at step i: a new download is
// made from there, so a token waiting to be uploaded is no longer the one.
// An upload skipped Apple's steps: they are walked from the caveats, as in
// a renewal begun anew, and esc leads back to the question before them.
func (r *Renewal) backToApple(i int) {
	if r.upload {
		r.upload, r.waiting = false, ""
		r.jump(StagePicker)
		r.stage = StageCaveats
		return
	}
	r.jump(StageAppleSteps)
	r.SetStep(i)
}

// CompareTopic takes the topic (or APSP name) typed from what the MDM shows
// for the certificate in use, compares the chosen push certificate with
// it and shows the verdict again. An error says why the text is not a
// topic; nothing changes then.
func (r *Renewal) CompareTopic(typed string) error {
	if r.stage != StageTopic || r.chosen == nil {
		return errors.New("no push certificate to compare")
	}
	id, err := ParseTopic(typed)
	if err != nil {
		return err
	}
	r.topic = id
	c := r.Lookup().Recheck(*r.chosen)
	c.ReplacedExpiry = r.chosen.ReplacedExpiry
	r.chosen = &c
	r.jump(StageVerdict)
	return nil
}

// PickAgain goes back to the file picker after the MDM portal refused the
// file.
func (r *Renewal) PickAgain() {
	if r.stage == StageConfirm {
		r.jump(StagePicker)
	}
}

// restart goes back to the first question, with nothing answered in
// advance.
func (r *Renewal) restart() {
	r.cfg.Kind, r.cfg.Apple, r.cfg.Portal = "", "", ""
	r.clear()
}

// Answer records whether the MDM portal accepted the file; when it did, the
// renewal is done.
func (r *Renewal) Answer(accepted bool) {
	if r.stage != StageConfirm {
		return
	}
	r.answered, r.accepted = true, accepted
	if accepted {
		r.score.Finished = r.chosen != nil && r.chosen.Report.Status.Severity() == token.SeverityOK
		r.advance(StageDone)
	}
}

// CanBack reports whether Back would go anywhere.
func (r *Renewal) CanBack() bool { return len(r.history) > 0 && r.stage != StageDone }

// Back goes back one stage; it reports false when there is nowhere to go
// back to (the first question, one answered in advance, a finished
// renewal). Going back to a question drops what followed it.
func (r *Renewal) Back() bool {
	n := len(r.history)
	if n == 0 || r.stage == StageDone {
		return false
	}
	r.stage, r.history = r.history[n-1], r.history[:n-1]
	switch r.stage {
	case StageStart:
		r.clear()
	case StageApple, StagePortal:
		r.guide = nil // choosing again: no guide is being followed
	case StageCaveats:
		if r.already {
			// Back from uploading the token already downloaded: Apple's
			// steps are open again, and nothing was reset here.
			r.upload, r.waiting, r.resetAt, r.already = false, "", time.Time{}, false
		}
	}
	return true
}

// Ending is how a renewal ended, for the front ends to report: what was
// renewed, the file last checked, the MDM portal's answer, whether the old
// token is left reset, and the files written.
type Ending struct {
	Kind         token.Kind    // the credential being renewed; empty when none, or when a file was only checked
	Guide        *steps.Guide  // the guide followed, if any
	Report       *token.Report // the last file checked, if any
	File         string        // its path; empty for pasted text
	Answered     bool          // the user said whether the portal accepted the file
	Accepted     bool          // the portal accepted it
	ResetAt      time.Time     // when the old token stopped working (Renewal.ResetAt); zero if it did not
	RecordFile   string        // the renewal record written, if any
	CalendarFile string        // the calendar reminder written, if any
	Practice     *Score        // what the trainee did, in practice mode
	// AlsoToDo is what is left to do after the renewal: other MDM servers'
	// tokens downloaded in it, each to upload to its own MDM.
	AlsoToDo []string
	// Resumable: there is a place to save for resuming (Snapshot).
	Resumable bool
	// MayHaveDownloaded: a content token renewal left at or past Apple's
	// download step, not uploaded; whether the download was done, which
	// replaced the token in use, is not known.
	MayHaveDownloaded bool
	// Location is the VPP location renewed, when known: from the file
	// checked, or the history entry renewed again.
	Location string
	// Forgotten is a saved renewal started over with its old token already
	// invalid (Place.OldTokenInvalid), and not finished in this run: the
	// front end sets it. Its token still waits to be uploaded.
	Forgotten *Place
	// Resumed: the renewal went on from a saved place.
	Resumed bool
}

// AfterStartOver is o when p, a saved renewal, was started over: Forgotten
// is p when its old token was invalid and this run did not finish a
// renewal of its credential: the same kind and server or location (when
// either is not known, it did not).
func (o Ending) AfterStartOver(p *Place) Ending {
	if p == nil || !p.OldTokenInvalid() {
		return o
	}
	renewed := o.Location
	if o.Kind == token.KindDEP && o.Report != nil {
		renewed = o.Report.Server
	}
	if !(o.Answered && o.Accepted && o.Kind == p.Kind && p.Renewing != "" && strings.EqualFold(p.Renewing, renewed)) {
		o.Forgotten = p
	}
	return o
}

// ForgottenLeft is said when the wizard ends after a saved renewal with its
// old token invalid was started over and not finished: the token still
// waits to be uploaded; empty when there was none.
func (o Ending) ForgottenLeft() string {
	p := o.Forgotten
	if p == nil {
		return ""
	}
	what := "The old " + p.Kind.Noun() + " of the renewal you started over"
	if p.Renewing != "" {
		what += " (" + token.Printable(p.Renewing) + ")"
	}
	return "Warning: " + what + " stopped working on " + DateOnly(p.InvalidSince()) +
		", and its new one is not uploaded as far as mdmtoken knows. Upload it, or renew it again from the first screen."
}

// GoOn says how to finish a renewal left with its old token reset: resume
// the saved place, or choose it again from the first screen, where the
// renewal history lists it.
func (o Ending) GoOn() string {
	if o.Resumable {
		return "Run mdmtoken again to resume where you stopped."
	}
	return "Run mdmtoken again and choose it on the first screen."
}

// PendingReset reports whether the old token is already invalid (a new DEP
// server token or a location's content token was downloaded, in this run
// or during another renewal) but the upload was not confirmed.
func (o Ending) PendingReset() bool {
	return !o.ResetAt.IsZero() && !(o.Answered && o.Accepted)
}

// Ending is how the renewal stands, to report when the wizard ends; the
// front end adds the files it wrote.
func (r *Renewal) Ending() Ending {
	o := Ending{Kind: r.Kind(), Guide: r.Guide(), Answered: r.Answered(), Accepted: r.Accepted(), ResetAt: r.ResetAt(),
		MayHaveDownloaded: r.mayHaveDownloaded(), Resumed: r.resumed}
	_, o.Resumable = r.Snapshot()
	if r.kind == token.KindVPP {
		o.Location = r.againName
	}
	if c := r.Chosen(); c != nil {
		rep := c.Report
		o.Report, o.File = &rep, c.Path
		if loc := c.Location(); loc != "" && rep.Kind == token.KindVPP {
			o.Location = loc
		}
		for _, other := range c.AlsoReset {
			o.AlsoToDo = append(o.AlsoToDo, other.ToDo())
		}
	}
	if r.Practice() {
		score := r.Score()
		o.Practice = &score
	}
	return o
}
