package renewal

import (
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// Place is where a renewal stood, as saved for resuming: the choices, the
// stage and step, the checked file's path and SHA-256 digest, and when a
// DEP download was confirmed. Never a token's content.
type Place struct {
	Kind   token.Kind `json:"kind"`   // the credential renewed
	Apple  string     `json:"apple"`  // Apple portal variant id
	Portal string     `json:"portal"` // MDM portal id

	// Stage is saved under "screen", the name the first state files used.
	Stage Stage `json:"screen"`
	Step  int   `json:"step"` // step index within a walk stage

	File       string `json:"file,omitempty"`   // validated file path, empty if none yet
	FileSHA256 string `json:"sha256,omitempty"` // digest of File when it was validated

	// DownloadConfirmedAt is when the user confirmed DEP "Download Token";
	// zero if not.
	DownloadConfirmedAt time.Time `json:"download_confirmed_at,omitzero"`

	// CertPath and KeyPath are the MDM's certificate and key files DEP
	// tokens were checked against, if any.
	CertPath string `json:"cert,omitempty"`
	KeyPath  string `json:"key,omitempty"`

	// Topic is the push topic's identifier typed from what the MDM shows
	// (CompareTopic), so that a resumed push renewal is judged against it
	// again; empty when none was typed.
	Topic string `json:"topic,omitempty"`

	// Renewing is the DEP server or VPP location renewed again from the
	// history (BeginAgain), so that a resumed renewal still tells another
	// one's token apart; empty when none.
	Renewing string `json:"renewing,omitempty"`

	// Upload is set when the renewal uploads a token downloaded during
	// another renewal, without Apple's steps, and Waiting is that token's
	// file name, empty when not known.
	Upload  bool   `json:"upload,omitempty"`
	Waiting string `json:"waiting,omitempty"`
	// ResetAt is when that download reset the old token (the reset
	// entry's Expires); zero when the renewal uploads no such token.
	ResetAt time.Time `json:"reset_at,omitzero"`
}

// OldTokenInvalid reports whether the old token is already invalid: a DEP
// download was confirmed, or the renewal uploads a token downloaded during
// another renewal. Apple invalidates the old token as soon as a new one is
// downloaded, so the new file must be uploaded before the MDM can sync
// again.
func (p Place) OldTokenInvalid() bool { return !p.InvalidSince().IsZero() }

// InvalidSince is when the old token stopped working: the DEP download
// confirmed, or the reset of the token uploaded; zero when it works.
func (p Place) InvalidSince() time.Time {
	if p.Kind == token.KindDEP && !p.DownloadConfirmedAt.IsZero() {
		return p.DownloadConfirmedAt
	}
	return p.ResetAt
}

// resetWhen says when the old token stopped working and how long before
// now that was: "15:04 on 2026-11-24, 10 days ago".
func (p Place) resetWhen(now time.Time) string {
	at := p.InvalidSince().Local()
	return at.Format("15:04") + " on " + at.Format("2006-01-02") + ", " + Since(at, now)
}

// ResetWarning says, for the offer to resume, that the saved renewal's
// old token is already invalid; empty when it is not.
func (p Place) ResetWarning(now time.Time) string {
	switch {
	case !p.OldTokenInvalid():
		return ""
	case p.DownloadConfirmedAt.IsZero() && p.Kind == token.KindVPP:
		return "The location's old content token was revoked at " + p.resetWhen(now) + ", when its new token was downloaded during another renewal: finish its upload now."
	case p.DownloadConfirmedAt.IsZero():
		return "The old DEP token stopped working at " + p.resetWhen(now) + ", when its new token was downloaded during another renewal: finish its upload now."
	}
	return "You confirmed Download Token at " + p.resetWhen(now) + ", so the old DEP token is already invalid: finish the upload now."
}

// StartOverWarning says what starting over forgets when the saved
// renewal's old token is already invalid; empty when it is not.
func (p Place) StartOverWarning(now time.Time) string {
	const rest = " Resuming leads you back to the upload; starting over forgets where you were."
	switch {
	case !p.OldTokenInvalid():
		return ""
	case p.DownloadConfirmedAt.IsZero() && p.Kind == token.KindVPP:
		return "The location's old content token was revoked at " + p.resetWhen(now) + ", and the MDM cannot sync its apps and books until the new token is uploaded." + rest
	case p.DownloadConfirmedAt.IsZero():
		return "The old DEP token stopped working at " + p.resetWhen(now) + ", and devices cannot enroll until the new token is uploaded." + rest
	}
	return "You confirmed Download Token at " + p.resetWhen(now) + ": the old DEP token is already invalid, and devices cannot enroll until the new token is uploaded." + rest
}

// Snapshot is the place to save for resuming; ok is false when there is
// nothing worth saving: no guide chosen yet, a check of a file, a practice
// run, a finished renewal.
func (r *Renewal) Snapshot() (p Place, ok bool) {
	if r.guide == nil || r.check || r.cfg.Practice || r.Accepted() || !r.stage.Saved() {
		return Place{}, false
	}
	p = Place{
		Kind:                r.guide.Kind,
		Apple:               r.guide.Apple.ID,
		Portal:              r.guide.Portal.ID,
		Stage:               r.stage,
		DownloadConfirmedAt: r.downloadConfirmed,
		Topic:               r.topic,
		Renewing:            r.againName,
		Upload:              r.upload,
		Waiting:             r.waiting,
		ResetAt:             r.resetAt,
	}
	if r.stage.walk() {
		p.Step = r.steps[r.stage]
	}
	if r.chosen != nil && r.chosen.Path != "" {
		p.File, p.FileSHA256 = r.chosen.Path, r.chosen.Report.SHA256
	}
	switch {
	case r.chosen != nil && r.chosen.Server.Cert != "":
		p.CertPath, p.KeyPath = r.chosen.Server.Cert, r.chosen.Server.Key
	case r.keys != nil:
		p.CertPath, p.KeyPath = r.keys.certPath, r.keys.keyPath
	}
	return p, true
}

// Resume rebuilds a renewal at a saved place, with the stages before it
// behind esc and the start before them, checking DEP tokens against the
// certificate it was checked with unless one is given now. A place past the file picker needs
// its file checked again first (SavedFile, ResumeFile): until then the
// renewal stands at the picker. It fails when the catalog has no guide for
// the saved choices any more.
func Resume(cfg Config, p Place) (*Renewal, error) {
	cfg.Kind, cfg.Apple, cfg.Portal = "", "", ""
	r := New(cfg)
	r.resumed = true
	g, err := cfg.Catalog.Guide(p.Kind, p.Apple, p.Portal)
	if err != nil {
		return nil, err
	}
	r.kind, r.apple = p.Kind, p.Apple
	r.follow(g)
	if p.CertPath != "" && r.keys == nil {
		k := loadKeys(p.CertPath, p.KeyPath, "kept from before the interruption")
		r.keys = &k
	}
	r.downloadConfirmed = p.DownloadConfirmedAt
	r.againName = p.Renewing
	if id, err := ParseTopic(p.Topic); p.Kind == token.KindPush && err == nil {
		r.topic = id // a topic that does not parse is dropped: it is asked for again
	}
	r.history, r.stage = []Stage{StageStart}, StageCaveats
	r.resetAt = p.ResetAt
	if r.upload, r.waiting = p.Upload, filepath.Base(p.Waiting); r.waiting == "." || !r.upload {
		r.waiting = ""
	}
	if r.upload {
		r.stage = StagePicker // Apple's steps were never shown
	} else {
		if p.Stage == StageCaveats {
			return r, nil
		}
		r.advance(StageAppleSteps)
		if p.Stage == StageAppleSteps {
			r.SetStep(p.Step)
			return r, nil
		}
		r.SetStep(len(g.AppleSteps) - 1)
		r.advance(StagePicker)
	}
	if p.File != "" && (p.Stage == StageVerdict || p.Stage == StagePortalSteps || p.Stage == StageConfirm) {
		r.resumeTo = &p
	}
	return r, nil
}

// SavedFile is the file of a resumed place that must be checked again
// before going on; ok is false when there is none.
func (r *Renewal) SavedFile() (path string, ok bool) {
	if r.resumeTo == nil {
		return "", false
	}
	return r.resumeTo.File, true
}

// ResumeFile goes on to the saved stage with the saved file checked again,
// if it is unchanged (the same SHA-256) and the user is still at the
// picker: to the verdict, and past it only when the verdict lets the
// renewal go on. It reports whether it went on.
func (r *Renewal) ResumeFile(c Checked) bool {
	to := r.resumeTo
	if to == nil || r.stage != StagePicker || c.Path != to.File {
		return false
	}
	r.resumeTo = nil
	if c.Report.SHA256 == "" || c.Report.SHA256 != to.FileSHA256 {
		return false
	}
	r.FileChecked(c)
	if to.Stage == StageVerdict || !slices.Contains(r.Choices(), Continue) {
		// The verdict shows again unless it lets the renewal go on as it
		// is: not a warning taken anyway before, nor a token that expired
		// since or is judged against another certificate now.
		return true
	}
	r.advance(StagePortalSteps)
	if to.Stage == StagePortalSteps {
		r.SetStep(to.Step)
		return true
	}
	r.SetStep(len(r.guide.PortalSteps) - 1)
	r.advance(StageConfirm)
	return true
}

// Describe says in words where the saved renewal stood; to joins the
// Apple portal's name to the MDM portal's ("→" on screen, "to" where the
// text may be read aloud).
func (p Place) Describe(catalog *steps.Catalog, to string) string {
	kind := p.Kind.Noun()
	g, err := catalog.Guide(p.Kind, p.Apple, p.Portal)
	if err != nil {
		return kind
	}
	at := func(list []steps.Step) string { // the step, as far as the guide has one
		return fmt.Sprintf("step %d of %d", min(max(p.Step, 0), max(len(list)-1, 0))+1, len(list))
	}
	var where string
	switch p.Stage {
	case StageCaveats:
		where = "before the first step"
	case StageAppleSteps:
		where = at(g.AppleSteps) + " in the Apple portal" // named just before
	case StageRequestSteps:
		where = at(g.BeforeSteps) + " in the MDM portal, getting the request file"
	case StagePicker, StagePaste:
		where = "choosing the downloaded file"
		if p.Upload {
			where = "choosing the token waiting to be uploaded"
		}
	case StageVerdict:
		where = "checking the downloaded file"
		if p.File != "" {
			where = "checking " + token.Printable(filepath.Base(p.File))
		}
	case StagePortalSteps:
		where = at(g.PortalSteps) + " in the MDM portal"
	case StageConfirm:
		where = "confirming the upload"
	default:
		return fmt.Sprintf("%s, %s %s %s", kind, g.Apple.Name, to, g.Portal.Name)
	}
	return fmt.Sprintf("%s, %s %s %s, %s", kind, g.Apple.Name, to, g.Portal.Name, where)
}
