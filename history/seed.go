package history

import (
	"path/filepath"
	"time"

	"github.com/mdmtoken/mdmtoken/token"
)

// SeedAction is what becomes of one inspected file when seeding the
// history from the token files in use.
type SeedAction int

// The seed actions.
const (
	SeedAdd    SeedAction = iota // a token: append Entry
	SeedKnown                    // the history's newest entry of this credential is this very token
	SeedOlder                    // a newer token of the same credential is in the history or among the files
	SeedRefuse                   // not a token, or nothing to judge it by: not added
)

// SeedStep is the plan for one inspected file.
type SeedStep struct {
	Report token.Report
	Action SeedAction
	Entry  Entry  // the entry to append, for SeedAdd
	Reason string // why not, for SeedOlder and SeedRefuse
}

// staleMargin is how much later the history's expiry of a credential must
// be for a file to count as an older token: an estimated DEP expiry and
// the exact one read with the key differ by moments, not days.
const staleMargin = 24 * time.Hour

// Seed plans how to add the token files inspected in reports to a history
// holding known, in report order: each token becomes an Entry with only
// facts (kind, organization, location, server, expiry, file base name,
// SHA-256, user, host, now as the recording time, source "file"). A file
// that is not a usable token (invalid, the wrong kind, for another MDM
// server), whose expiry is unknown, or that does not say which credential
// it is (Entry.Validate) is refused; a token already recorded
// is known; a token older than another of the same credential, among the
// files or in the history, is older.
func Seed(known []Entry, reports []token.Report, user, host string, now time.Time) []SeedStep {
	latest := make(map[string]Entry)
	for _, it := range Credentials(known, now, 0) {
		latest[it.Identity()] = it.Entry
	}
	steps := make([]SeedStep, len(reports))
	newest := make(map[string]int) // identity -> index in steps of the latest expiry among the files
	for i, r := range reports {
		steps[i] = SeedStep{Report: r}
		if reason := refusal(r); reason != "" {
			steps[i].Action, steps[i].Reason = SeedRefuse, reason
			continue
		}
		e := Entry{
			Kind:             r.Kind,
			Org:              r.Org,
			Location:         r.Location,
			Server:           r.Server,
			File:             filepath.Base(r.File),
			SHA256:           r.SHA256,
			Expires:          r.Expires,
			ExpiresEstimated: r.ExpiresEstimated,
			User:             user,
			Host:             host,
			Recorded:         now,
			Source:           SourceFile,
		}.normal()
		if err := e.Validate(); err != nil {
			steps[i].Action, steps[i].Reason = SeedRefuse, "Not a credential the history can track: "+err.Error()+"."
			continue
		}
		steps[i].Entry = e
		id := e.Identity()
		if old, ok := latest[id]; ok {
			switch {
			case old.SHA256 != "" && old.SHA256 == e.SHA256 && old.Expires.Equal(e.Expires) && old.ExpiresEstimated == e.ExpiresEstimated:
				steps[i].Action = SeedKnown
				continue
			case old.Expires.After(e.Expires.Add(staleMargin)):
				steps[i].Action = SeedOlder
				steps[i].Reason = "an older token: the history already has a newer one of this credential, expiring " +
					old.Expires.Format("2006-01-02")
				continue
			}
		}
		j, seen := newest[id]
		switch {
		case !seen:
			newest[id] = i
		case e.Expires.After(steps[j].Entry.Expires):
			steps[j].Action, steps[j].Reason = SeedOlder, "an older token of the same credential as "+token.Printable(r.File)
			newest[id] = i
		default:
			steps[i].Action, steps[i].Reason = SeedOlder, "an older token of the same credential as "+token.Printable(steps[j].Report.File)
		}
	}
	return steps
}

// refusal is why r cannot be added, or "".
func refusal(r token.Report) string {
	what := r.Message
	if what == "" {
		what = "It is not a usable token (" + string(r.Status) + ")."
	}
	switch r.Kind {
	case token.KindCertificate, token.KindPrivateKey, token.KindPKCS7, token.KindUnknown, "":
		return what + " Only tokens are added to the history."
	}
	switch r.Status {
	case token.StatusOK, token.StatusExpiring, token.StatusExpired, token.StatusStale:
	default:
		return what
	}
	if !r.HasExpiry() {
		return "Its expiry is not known: for a DEP token give --cert and --key, or keep Apple's file name, which holds the download time."
	}
	return ""
}
