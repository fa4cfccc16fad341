package renewal

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/token"
)

// Why a renewal is not added to the history.
var (
	ErrPractice    = errors.New("a practice run writes no history")
	ErrNotAccepted = errors.New("the MDM portal did not accept the file")
	ErrNoHistory   = errors.New("no history file is known (no home folder, and no --history or " + history.EnvVar + ")")
)

// HistoryEntry is the history's entry for this renewal, accepted by the
// MDM portal and recorded at now by user on host: kind, names, portals,
// the file's name and SHA-256, the old and new expiry. Never the token.
// The error says why there is none: a practice run, a check of a file,
// not accepted, or a file whose facts the history cannot tell apart.
func (r *Renewal) HistoryEntry(now time.Time, user, host string) (history.Entry, error) {
	switch {
	case r.cfg.Practice:
		return history.Entry{}, ErrPractice
	case r.check || r.guide == nil || r.chosen == nil:
		return history.Entry{}, errors.New("no credential was renewed")
	case !r.Accepted():
		return history.Entry{}, ErrNotAccepted
	}
	g, c := *r.guide, *r.chosen
	rep := c.Report
	e := history.Entry{
		Kind:             g.Kind,
		ApplePortal:      g.Apple.ID,
		ApplePortalName:  g.Apple.Name,
		MDMPortal:        g.Portal.ID,
		MDMPortalName:    g.Portal.Name,
		File:             c.Name(),
		SHA256:           rep.SHA256,
		OldExpires:       c.ReplacedExpiry,
		Expires:          rep.Expires,
		ExpiresEstimated: rep.ExpiresEstimated,
		User:             user,
		Host:             host,
		Recorded:         now,
		Source:           history.SourceRenewal,
	}
	switch g.Kind {
	case token.KindVPP:
		e.Org, e.Location = rep.Org, c.Location()
	case token.KindDEP:
		e.Server = rep.Server
	case token.KindPush:
		e.Topic = rep.Topic
	}
	if c.Path == "" {
		e.File = "" // pasted text: the name is not the file's
	}
	if !rep.HasExpiry() {
		return history.Entry{}, errors.New("the new expiry is not known")
	}
	if err := e.Validate(); err != nil {
		return history.Entry{}, err
	}
	return e, nil
}

// resetEntries are the history's entries for the other MDM servers or
// locations whose new tokens were downloaded during this renewal
// (Checked.AlsoReset): each one's old token stopped working at that
// download, and its new file waits to be uploaded. One whose server or
// location is not known is left out, as the history could not tell it
// from the others.
func (r *Renewal) resetEntries(now time.Time, user, host string) []history.Entry {
	var out []history.Entry
	for _, o := range r.chosen.AlsoReset {
		e := history.Entry{
			Kind:            o.Kind,
			Server:          o.Server,
			Org:             o.Org,
			Location:        o.Location,
			ApplePortal:     r.guide.Apple.ID,
			ApplePortalName: r.guide.Apple.Name,
			File:            o.Name(),
			Expires:         o.Downloaded,
			RenewBy:         o.Downloaded,
			User:            user,
			Host:            host,
			Recorded:        now,
			Source:          history.SourceReset,
		}
		if e.Validate() == nil {
			out = append(out, e)
		}
	}
	return out
}

// Addition is a renewal to add to the history: its entry, or why there is
// none, and the entries of the other servers it reset. It is a value, so
// it can be added in the background while the renewal goes on.
type Addition struct {
	Entry  history.Entry
	Resets []history.Entry // DEP: other servers whose tokens were reset (history.SourceReset)
	Err    error           // why there is no entry: a practice run, not accepted, …
}

// ForHistory is what to add to the history for this renewal, recorded at
// now by user on host. The wizard and plain mode both add it once the MDM
// portal accepted the file; a practice run adds nothing.
func (r *Renewal) ForHistory(now time.Time, user, host string) Addition {
	e, err := r.HistoryEntry(now, user, host)
	if err != nil {
		return Addition{Err: err}
	}
	return Addition{Entry: e, Resets: r.resetEntries(now, user, host)}
}

// Add appends the entry to the history file at path, and says in one
// sentence what was done: where it was added, or why not.
func (a Addition) Add(ctx context.Context, path string) (said string, err error) {
	err = a.Err
	if err == nil && path == "" {
		err = ErrNoHistory
	}
	if err == nil {
		err = history.Append(ctx, path, a.Entry)
	}
	if err != nil {
		return "Not added to the renewal history: " + token.Printable(err.Error()) + ".", err
	}
	said = fmt.Sprintf("Added to the renewal history (%s): mdmtoken due lists it", token.Printable(Tilde(path)))
	var reset []string
	for _, e := range a.Resets {
		name := `the server "` + token.Printable(e.Server) + `"`
		if e.Kind == token.KindVPP {
			name = `the location "` + token.Printable(e.Location) + `"`
		}
		if err := history.Append(ctx, path, e); err != nil {
			return said + "; " + name + " could not be marked as reset: " + token.Printable(err.Error()) + ".", err
		}
		reset = append(reset, name)
	}
	switch len(reset) {
	case 0:
		return said + ".", nil
	case 1:
		return said + ", and " + reset[0] + " as reset until its new token is uploaded.", nil
	}
	return said + ", and " + strings.Join(reset, ", ") + " as reset until their new tokens are uploaded.", nil
}

// BeginAgain starts renewing the credential of a history entry, chosen on
// the first screen, with the Apple portal and MDM portal of last time: a
// portal the catalog no longer has a guide for is asked instead. A DEP
// token for another server or a VPP token for another location than the
// entry's is then a mismatch. A server or location reset during another
// renewal (history.Entry.Reset) already has its new token: the renewal
// skips Apple's steps and starts at the file picker, on that file, once
// the MDM portal is known.
func (r *Renewal) BeginAgain(e history.Entry) {
	kind, apple, portal := e.Kind, e.ApplePortal, e.MDMPortal
	if r.stage != StageStart || !kind.IsRenewable() {
		return
	}
	r.Begin(kind)
	r.upload, r.waiting = e.Reset(), filepath.Base(strings.TrimSpace(e.File))
	if !r.upload || r.waiting == "." {
		r.waiting = ""
	}
	if r.upload {
		r.resetAt = e.Expires // a reset entry's token stopped working then
	}
	if portal == "" {
		portal = r.cfg.Portal // not recorded (a reset, a file added): the one given
	}
	switch kind {
	case token.KindDEP:
		r.againName = strings.TrimSpace(e.Server)
	case token.KindVPP:
		r.againName = strings.TrimSpace(e.Location)
	}
	if r.upload && r.stage == StageCaveats {
		r.stage = StagePicker // both portals given in advance
	}
	if r.stage != StageApple || r.cfg.Catalog == nil || !slices.Contains(r.cfg.Catalog.AppleIDs(), apple) {
		return
	}
	r.advance(StagePortal)
	r.apple = apple
	if g, err := r.cfg.Catalog.Guide(r.kind, apple, portal); err == nil {
		r.follow(g)
		r.stage = r.afterGuide() // esc leads back to the Apple portal question, to answer again
	}
}

// Renewing says, when the renewal was begun again from a history entry,
// which one: `the MDM server "Staging"` or `location "Main Campus"`;
// empty otherwise. It is safe for a terminal.
func (r *Renewal) Renewing() string {
	switch {
	case r.againName == "":
		return ""
	case r.kind == token.KindVPP:
		return `location "` + token.Printable(r.againName) + `"`
	}
	return `the MDM server "` + token.Printable(r.againName) + `"`
}

// DueIntro introduces the credentials the history says are due, listed
// first on the first screen; "" when none is.
func DueIntro(due []history.Item) string {
	if len(due) == 0 {
		return ""
	}
	s := fmt.Sprintf("Due within %d days, says the renewal history: choose one to renew it with the portals used last time.", token.DefaultWarnDays)
	if slices.ContainsFunc(due, history.Item.Reset) {
		s += " A reset one has its new token waiting: choosing it walks you through uploading that token."
	}
	return s
}

// DueAdvice says what choosing a credential the history says is due does,
// for the first screen: renew it with the portals of last time, or, for a
// server or location reset during another renewal, that its new file
// waits to be uploaded (renewing it again would download yet another);
// brief leaves out the file's name and where it goes, for a narrow
// screen. It is safe for a terminal.
func DueAdvice(it history.Item, now time.Time, brief bool) string {
	if it.Reset() {
		if brief {
			return "Its token was reset when a new one was downloaded during another renewal: upload that new token, without downloading again."
		}
		file, where := "that new token", "to the MDM the server belongs to"
		if it.File != "" {
			file += ", " + it.File + ","
		}
		if it.Kind == token.KindVPP {
			where = "to the location's content token in the MDM"
		}
		return token.Printable("Its token was reset when a new one was downloaded during another renewal: upload " + file + " " + where + ", without downloading again.")
	}
	desc := "Renew it as last time"
	switch {
	case it.ApplePortalName != "" && it.MDMPortalName != "":
		desc += fmt.Sprintf(": %s, then %s", it.ApplePortalName, it.MDMPortalName)
	case it.MDMPortalName != "":
		desc += ": " + it.MDMPortalName
	}
	if it.User != "" {
		desc += fmt.Sprintf(" (by %s, %s)", it.User, it.Recorded.In(now.Location()).Format("2006-01-02"))
	}
	desc += "."
	if it.Status != token.StatusExpired && !it.Expires.IsZero() {
		// The title gives the renew-by date; this, the day it stops working.
		desc += " It expires " + it.Expires.In(now.Location()).Format("2006-01-02") + "."
	}
	return token.Printable(desc)
}
