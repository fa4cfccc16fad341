package renewal

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// downloadSlack is how long before the confirmed Download Token a DEP
// token's download time may lie and still be that download: the user may
// click Download Token in Apple's portal first and press y afterwards.
const downloadSlack = time.Hour

// resetPending reports whether a DEP download was confirmed, so the old
// server token is already invalid.
func (r *Renewal) resetPending() bool {
	return r.kind == token.KindDEP && !r.downloadConfirmed.IsZero()
}

// timeOfDay formats a time of day, in local time.
func timeOfDay(t time.Time) string { return t.Local().Format("15:04") }

// judge adds to the engine's verdict what the renewal knows. After a
// confirmed DEP download, a DEP token downloaded before it is no longer
// valid; the advice for a wrong file points to the file just downloaded,
// not to a new download; and a token for another MDM server downloaded in
// this run reset that server's token too.
func (r *Renewal) judge(c Checked) Checked {
	if !r.resetPending() {
		return c
	}
	rep := &c.Report
	at := r.downloadConfirmed
	if c.Path == "" && rep.Kind == token.KindDEP && rep.Status == token.StatusUnverified && !rep.HasExpiry() {
		// Pasted text has no file name to date it: it is taken to be the
		// download just confirmed, which gives it an estimated expiry.
		now := r.cfg.Now()
		rep.Downloaded, rep.Expires, rep.ExpiresEstimated = at, at.AddDate(1, 0, 0), true
		rep.DaysLeft = int(math.Floor(rep.Expires.Sub(now).Hours() / 24))
		rep.Status = token.StatusOK
		rep.Message = fmt.Sprintf("DEP server token, pasted: taken to be the one you downloaded at %s, so it expires about %s (estimated: download time + 1 year), %s.",
			timeOfDay(at), rep.Expires.Local().Format("2006-01-02"), rep.ExpiryFromNow(now))
		rep.Action = "Upload it to the MDM's DEP token for this server now: downloading it already reset the previous token."
		rep.Notes = []string{"Pasted text has no file name to date it and was not decrypted: its download time is the Download Token you confirmed."}
		c.DownloadAssumed = true
		return c
	}
	pick := fmt.Sprintf("Pick the token you downloaded at %s (%s, usually in Downloads). Do not download it again: that would reset the token once more.",
		timeOfDay(at), token.KindDEP.FileName())
	switch {
	case rep.Kind == token.KindDEP && rep.Status == token.StatusWrongServer:
		if !rep.Downloaded.IsZero() && !rep.Downloaded.Before(at.Add(-downloadSlack)) {
			rep.Message += fmt.Sprintf(
				" Downloading it at %s reset the token of the MDM server %q too: upload it to the MDM that server belongs to, or that server stops enrolling devices.",
				timeOfDay(rep.Downloaded), rep.Server)
		}
		rep.Action = "Go back to choosing the MDM server in Apple's portal: pick the server whose name matches the one in your MDM (it has this MDM's public key), and download its token."
	case rep.Kind == token.KindDEP && !rep.Downloaded.IsZero() && rep.Downloaded.Before(at.Add(-downloadSlack)) &&
		rep.Status.Severity() != token.SeverityProblem:
		rep.Status = token.StatusStale
		rep.Message = fmt.Sprintf("This DEP server token was downloaded on %s, before the Download Token you confirmed at %s: a new download replaces a server's earlier tokens, so this one is no longer valid.",
			rep.Downloaded.Local().Format("2006-01-02 15:04"), timeOfDay(at))
		rep.Action = pick
	case rep.Status.Severity() != token.SeverityOK:
		rep.Action = pick
	}
	return c
}

// serverStep is the Apple step where the MDM server is chosen; -1 when
// the guide has none.
func (r *Renewal) serverStep() int {
	return slices.IndexFunc(r.walkSteps(StageAppleSteps), func(s steps.Step) bool { return s.ID == "server" })
}

// downloadStep is Apple's download step.
func (r *Renewal) downloadStep() int {
	list := r.walkSteps(StageAppleSteps)
	if i := slices.IndexFunc(list, func(s steps.Step) bool { return s.Download }); i >= 0 {
		return i
	}
	return max(0, len(list)-1)
}
