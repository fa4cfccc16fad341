package renewal

import (
	"fmt"
	"time"

	"github.com/mdmtoken/mdmtoken/mdmcerts"
	"github.com/mdmtoken/mdmtoken/record"
	"github.com/mdmtoken/mdmtoken/token"
)

// Record is what the renewal record says about a renewal the MDM portal
// accepted, done at now; ok is false when there is nothing to record (not
// accepted, a practice run, a check of a file). The user and host are left
// for the caller to fill in. Only names, dates and the file's digest go
// in, never the token.
func (r *Renewal) Record(now time.Time) (rec record.Renewal, ok bool) {
	if !r.Accepted() || r.cfg.Practice || r.check || r.guide == nil || r.chosen == nil {
		return record.Renewal{}, false
	}
	g, rep := *r.guide, r.chosen.Report
	org := rep.Org
	switch {
	case g.Kind == token.KindPush:
		org = rep.Topic // the push certificate is told apart by its topic
	case org == "":
		org = rep.Server
	}
	return record.Renewal{
		Kind:               g.Kind,
		KindName:           g.Kind.Noun(),
		ApplePortal:        g.Apple.Name,
		MDMPortal:          g.Portal.Name,
		AppleID:            g.Apple.ID,
		PortalID:           g.Portal.ID,
		Org:                org,
		Location:           r.chosen.Location(),
		FileName:           r.chosen.Name(),
		SHA256:             rep.SHA256,
		OldExpiry:          r.chosen.ReplacedExpiry,
		OldReset:           r.ResetAt(),
		NewExpiry:          rep.Expires,
		NewExpiryEstimated: rep.ExpiresEstimated,
		When:               now,
		Checks:             r.Checks(),
		ServerCheck:        r.ServerCheck(),
		TopicCheck:         r.TopicCheck(),
		LocationCheck:      r.LocationCheck(),
		AlsoToDo:           alsoToDo(r.chosen.AlsoReset),
		UsedAnyway:         usedAnyway(rep),
		Accepted:           true,
	}, true
}

// usedAnyway is the verdict of a file put to use despite a warning, in
// words: its status and why; empty for a file that was fine.
func usedAnyway(rep token.Report) string {
	if rep.Status.Severity() == token.SeverityOK {
		return ""
	}
	return StatusWord(rep.Status) + ": " + token.Printable(rep.Message)
}

// alsoToDo is what is left to do with other servers' or locations'
// tokens, in words.
func alsoToDo(others []OtherToken) []string {
	var out []string
	for _, o := range others {
		out = append(out, o.ToDo())
	}
	return out
}

// ServerCheck says how the chosen DEP token's server was checked, or why
// it was not; empty for other kinds and when checking a file.
func (r *Renewal) ServerCheck() string {
	if r.chosen == nil || r.check || r.kind != token.KindDEP || r.chosen.Report.Kind != token.KindDEP {
		return ""
	}
	return r.chosen.Server.String()
}

// TopicCheck says how the chosen push certificate's topic was compared
// with the one the MDM uses, or that it was not; empty for other kinds and
// when checking a file.
func (r *Renewal) TopicCheck() string {
	if r.chosen == nil || r.check || r.kind != token.KindPush || r.chosen.Report.Kind != token.KindPush {
		return ""
	}
	return r.chosen.Topic.String()
}

// LocationCheck says whether the chosen content token's location was
// checked against the one being renewed, or why it could not be; empty
// for other kinds and when checking a file. mdmtoken cannot see the MDM's
// content tokens: only renewing again from the history names a location
// to check the file name against.
func (r *Renewal) LocationCheck() string {
	if r.chosen == nil || r.check || r.kind != token.KindVPP || r.chosen.Report.Kind != token.KindVPP {
		return ""
	}
	loc, again := token.Printable(r.chosen.Location()), token.Printable(r.againName)
	unnamed := "the file name does not say the location"
	if r.chosen.Path == "" {
		unnamed = "pasted text has no file name to say the location"
	}
	switch {
	case loc == "" && again == "":
		return "not checked: mdmtoken cannot see the MDM, and " + unnamed
	case loc == "":
		return fmt.Sprintf("not checked against %q, the location you are renewing: %s", again, unnamed)
	case again == "":
		return fmt.Sprintf("not checked: mdmtoken cannot see which location the MDM's token is for; the file name says %q", loc)
	case r.chosen.Report.Status == token.StatusMismatch:
		return fmt.Sprintf("not %q, the location you are renewing (renewal history): the file name says %q", again, loc)
	}
	return fmt.Sprintf("%q, the location you are renewing (renewal history), as the file name says", loc)
}

// VerdictMark is the chosen file's mark: its status's, except that a push
// certificate whose topic was not compared with the MDM's is not called
// OK: that is what decides whether every device must enroll again.
func (r *Renewal) VerdictMark() Mark {
	switch {
	case r.chosen == nil:
		return Mark{}
	case r.topicUncompared():
		return Mark{"! TOPIC NOT COMPARED", token.SeverityWarning}
	}
	return MarkOf(r.chosen.Report.Status)
}

// Match is what the chosen file was matched against, for the verdict and
// the confirmation: the MDM server for a DEP token, the push topic for a
// push certificate, the location for a content token; zero when checking
// a file.
type Match struct {
	Label string // e.g. "Server check"
	Text  string
}

// Match says how the chosen file was matched to what the MDM uses.
func (r *Renewal) Match() Match {
	if t := r.TopicCheck(); t != "" {
		return Match{Label: "Topic check", Text: t}
	}
	if s := r.ServerCheck(); s != "" {
		return Match{Label: "Server check", Text: s}
	}
	if l := r.LocationCheck(); l != "" {
		return Match{Label: "Location check", Text: l}
	}
	return Match{}
}

// Remembered is what to remember once the renewal is done: the MDM portal,
// the server and the certificate (and key) files its token was checked
// with; ok is false when there is nothing to remember.
func (r *Renewal) Remembered() (portal, server string, p mdmcerts.Paths, ok bool) {
	if !r.Accepted() || r.cfg.Practice {
		return "", "", mdmcerts.Paths{}, false
	}
	return r.remembered()
}
