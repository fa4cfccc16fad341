package renewal

import (
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/token"
)

// Choice is a way on from a verdict.
type Choice int

// The ways on from a verdict.
const (
	Continue     Choice = iota + 1 // go on to the MDM portal's steps with the file
	UseAnyway                      // go on with a file that is not quite right (old, expiring)
	PickAgain                      // choose another file
	Redownload                     // go back to Apple's download steps
	ChooseServer                   // go back to choosing the MDM server in Apple's portal
	ChooseCert                     // choose the MDM's certificate, to check the token's server
	Restart                        // back to the start (after checking a file)
	Quit                           // leave the wizard
	RenewThis                      // after checking a token file: renew that credential now
	// RenewInstead goes back to Apple's Push Certificates Portal, to find
	// the certificate whose topic matches and choose Renew: the file
	// chosen is a new certificate, with another push topic.
	RenewInstead
	// CompareTopic types the topic the MDM shows for the certificate in
	// use, to compare a push certificate with it when no earlier
	// certificate was found beside it.
	CompareTopic
	// RetypeTopic types the MDM's topic again, after the one typed did not
	// match the push certificate chosen: it may have been mistyped.
	RetypeTopic
	// UploadThis, after checking a token file that a renewal recorded as
	// reset left waiting: upload it now, without downloading again.
	UploadThis

	choiceEnd // after the last way on; new ways on go before it
)

// AllChoices are every way on a verdict can offer, for front ends to word
// each one.
func AllChoices() []Choice {
	out := make([]Choice, 0, choiceEnd-Continue)
	for c := Continue; c < choiceEnd; c++ {
		out = append(out, c)
	}
	return out
}

// Choices are the ways on that fit the chosen file, the first the one to
// take: a good file goes on, a doubtful one may be used anyway, a wrong
// one never; a token for another MDM server leads back to choosing the
// server. A good DEP token whose server was not checked offers to choose
// the MDM's certificate first, and a push certificate whose topic was not
// compared offers to type the MDM's. Once the old DEP token is reset, only a good file goes on, and
// nothing leads to downloading again (which would reset it once more) but
// choosing the right server. Checking a file offers another check, the
// renewal of the credential the file is (when it is a token), the start or
// quitting.
func (r *Renewal) Choices() []Choice {
	switch {
	case r.check && r.chosen != nil && r.chosen.Newer == "" && r.checkedWaiting() != nil:
		// Its renewal's download is done: renewing again would reset it.
		return []Choice{PickAgain, UploadThis, Restart, Quit}
	case r.check && r.chosen != nil && r.chosen.Report.Kind.IsRenewable() && r.chosen.Newer == "":
		// Not for a token a newer one beside it replaced: renewing would
		// reset that one.
		return []Choice{PickAgain, RenewThis, Restart, Quit}
	case r.check:
		return []Choice{PickAgain, Restart, Quit}
	case r.chosen == nil:
		return nil
	}
	rep := r.chosen.Report
	unchecked := rep.Kind == token.KindDEP && r.kind == token.KindDEP && r.chosen.Server.How == ServerNotChecked
	switch {
	case r.kind == token.KindPush && rep.Kind == token.KindPush && rep.Status == token.StatusMismatch && r.chosen.Topic.How == TopicTyped:
		// A new topic, or a topic mistyped: uploading it means every
		// device enrolls again.
		return []Choice{RenewInstead, RetypeTopic, PickAgain, Quit}
	case r.kind == token.KindPush && rep.Kind == token.KindPush && rep.Status == token.StatusMismatch:
		// A new topic: uploading it means every device enrolls again.
		return []Choice{RenewInstead, PickAgain, Quit}
	case r.topicUncompared():
		return []Choice{CompareTopic, Continue, PickAgain}
	case r.kind == token.KindPush && rep.Kind == token.KindPush && rep.Status.Severity() == token.SeverityWarning && r.chosen.Topic.How == TopicNotCompared:
		// An older certificate may be used anyway, but not with its topic
		// unseen.
		return []Choice{PickAgain, CompareTopic, Redownload, UseAnyway, Quit}
	case rep.Status.Severity() == token.SeverityOK && unchecked:
		return []Choice{ChooseCert, Continue, PickAgain}
	case rep.Status.Severity() == token.SeverityOK:
		return []Choice{Continue, PickAgain}
	case rep.Status == token.StatusWrongServer && r.renewsServer(rep):
		// The server renewed again by name: the certificate may be
		// another MDM's.
		return []Choice{ChooseCert, PickAgain, Quit}
	case rep.Status == token.StatusWrongServer && r.serverStep() >= 0:
		return []Choice{PickAgain, ChooseServer, Quit}
	case rep.Status == token.StatusMismatch && r.againName != "" && rep.Kind != token.KindPush && r.chosen.Server.How != ServerOther:
		// Another name than last time's: it may have been renamed (but
		// not when its content says it is another server's).
		return []Choice{PickAgain, UseAnyway, Quit}
	case r.chosen.Newer != "" && (r.upload || !r.resetPending()):
		// A newer token beside it replaced it: that one is the file to
		// upload, not this one. (After a download confirmed here, going
		// back to download again is not offered either.)
		return []Choice{PickAgain, Redownload, Quit}
	case r.upload && rep.Status.Severity() == token.SeverityWarning:
		return []Choice{PickAgain, UseAnyway, Redownload, Quit}
	case r.upload:
		// The waiting file may be gone: downloading again is the way
		// left, and the advice says so.
		return []Choice{PickAgain, Redownload, Quit}
	case r.resetPending():
		return []Choice{PickAgain, Quit}
	case rep.Status.Severity() == token.SeverityWarning:
		return []Choice{PickAgain, Redownload, UseAnyway, Quit}
	}
	return []Choice{PickAgain, Redownload, Quit}
}

// checkedWaiting is the reset the renewal history records for the token
// file just checked, the one its download left waiting to be uploaded;
// nil when there is none. The file is that one when its name is the one
// recorded and its content too (or, with no content recorded, it was made
// when the reset was: a content token has the same name every year).
func (r *Renewal) checkedWaiting() *history.Entry {
	if r.chosen == nil || r.chosen.Path == "" || !r.chosen.Report.Status.Usable() {
		return nil
	}
	rep, name := r.chosen.Report, filepath.Base(r.chosen.Path)
	for i := range r.cfg.Known {
		e := r.cfg.Known[i].Entry
		if !e.Reset() || e.Kind != rep.Kind || filepath.Base(strings.TrimSpace(e.File)) != name {
			continue
		}
		if e.SHA256 != "" && strings.EqualFold(e.SHA256, rep.SHA256) || e.SHA256 == "" && oneDownload(token.MadeAt(rep), e.Expires) {
			return &e
		}
	}
	return nil
}

// oneDownload reports whether a token made at made is the download of a
// reset at reset: within two days of it, whatever the clocks.
func oneDownload(made, reset time.Time) bool {
	d := made.Sub(reset)
	return !made.IsZero() && d < 48*time.Hour && d > -48*time.Hour
}

// uploadChecked starts the upload of the token file just checked, as the
// renewal its reset left waiting.
func (r *Renewal) uploadChecked() {
	e := r.checkedWaiting()
	if e == nil {
		return
	}
	r.clear()
	r.history = []Stage{StageStart}
	r.BeginAgain(*e)
}

// renewChecked starts renewing the credential of the token file just
// checked, with the portals given in advance still answered.
func (r *Renewal) renewChecked() {
	kind := r.chosen.Report.Kind
	r.clear()
	r.history = []Stage{StageStart}
	r.begin(kind)
}

// ChoiceLabel words a way on from the verdict, for every front end: portal
// is the MDM portal's name, checking says a file is being checked (not
// renewed), matched that the file was matched to the MDM's server or topic
// (or needs no match), kind is the checked file's kind.
func ChoiceLabel(c Choice, portal string, checking, matched bool, kind token.Kind) string {
	switch c {
	case RenewThis:
		return "Renew this " + kind.Noun() + " now"
	case UploadThis:
		return "Upload this " + kind.Noun() + " now: its renewal waits for it"
	case Continue:
		switch {
		case !matched && kind == token.KindPush:
			return "Continue to " + StepsOf(portal) + " without comparing the topic"
		case !matched:
			return "Continue to " + StepsOf(portal) + " without checking the server"
		}
		return "Continue to " + StepsOf(portal)
	case ChooseCert:
		return "Check the server: choose the MDM's certificate"
	case CompareTopic:
		return "Compare the topic with the one " + portal + " shows (type or paste it)"
	case RetypeTopic:
		return "Type the topic " + portal + " shows again (if it was mistyped)"
	case UseAnyway:
		if !matched && kind == token.KindPush {
			return "Use this file anyway, without comparing the topic"
		}
		return "Use this file anyway"
	case PickAgain:
		if checking {
			return "Check another file"
		}
		return "Pick another file"
	case Redownload:
		return "Go back to the download steps"
	case ChooseServer:
		return "Go back to choosing the MDM server"
	case Restart:
		return "Back to the start"
	case RenewInstead:
		return "Go back to the Push Certificates Portal and renew the certificate your MDM uses"
	case Quit:
		return "Quit"
	}
	return ""
}

// StepsOf names the MDM portal's steps: "the Relution steps", "your MDM's
// steps" for the generic guide (steps.Portal.Prose).
func StepsOf(portal string) string {
	if strings.HasPrefix(portal, "your ") {
		return portal + "'s steps"
	}
	return "the " + portal + " steps"
}

// Capitalized is s with its first letter in capitals, for a sentence
// that starts with a portal's Prose.
func Capitalized(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Matched reports whether the ways on from a verdict include none that
// would first match the file to the MDM's server or topic.
func Matched(choices []Choice) bool {
	return !slices.Contains(choices, ChooseCert) && !slices.Contains(choices, CompareTopic)
}

// topicUncompared reports whether the chosen file is a good push
// certificate, in a push renewal, whose topic was compared with nothing.
func (r *Renewal) topicUncompared() bool {
	if r.chosen == nil || r.check || r.kind != token.KindPush {
		return false
	}
	rep := r.chosen.Report
	return rep.Kind == token.KindPush && rep.Status.Severity() == token.SeverityOK && r.chosen.Topic.How == TopicNotCompared
}
