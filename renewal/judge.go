package renewal

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// downloadSlack is how long before the confirmed Download Token a DEP
// token's download time may lie and still be that download: the user may
// click Download Token in Apple's portal first and press y afterwards.
const downloadSlack = time.Hour

// resetPending reports whether the old token is already invalid: a DEP
// download was confirmed, in this run or during another renewal, or a
// token reset during another renewal waits to be uploaded.
func (r *Renewal) resetPending() bool {
	return r.upload || r.kind == token.KindDEP && !r.ResetAt().IsZero()
}

// resetWhen says when the old token was reset, for advice: "when you
// confirmed Download Token at 15:04", or "on 2026-11-24 at 15:04, during
// another renewal".
func (r *Renewal) resetWhen() string {
	if at := r.downloadConfirmed; !at.IsZero() {
		return "when you confirmed Download Token at " + timeOfDay(at)
	}
	if r.resetAt.IsZero() {
		return "during another renewal"
	}
	if r.already {
		return "when it was downloaded, on " + DateOnly(r.resetAt) + " at " + timeOfDay(r.resetAt)
	}
	return "on " + DateOnly(r.resetAt) + " at " + timeOfDay(r.resetAt) + ", during another renewal"
}

// timeOfDay formats a time of day, in local time.
func timeOfDay(t time.Time) string { return t.Local().Format("15:04") }

// judge adds to the engine's verdict what the renewal knows. Its advice
// names the menus of the Apple portal chosen, from the guide's own steps.
// After a confirmed DEP download, a DEP token downloaded before it is no
// longer valid; pasted text is taken to be that download; the advice for
// a wrong file points to the file just downloaded, not to a new download;
// and a token for another MDM server downloaded in this run reset that
// server's token too.
func (r *Renewal) judge(c Checked) Checked {
	if r.check && c.Report.Kind == token.KindPush && c.Report.Status == token.StatusOK {
		// The engine's advice names check's --replaces; renewing it here
		// compares the topic.
		c.Report.Action = "Before you upload it, compare its topic with the one the MDM shows: another topic means every enrolled device must enroll again. " +
			"Renewing it here (Renew this APNs push certificate now) compares the topic for you."
	}
	if r.check && c.Newer != "" {
		// Replaced: what the file alone would get (renew it soon, upload
		// it) does not hold, and a download now would reset the newer one.
		newer := token.Printable(filepath.Base(c.Newer))
		c.Report.Action = "Nothing to do with this file: do not upload it, and do not download a new token for it (that would reset " +
			newer + " too). Check that one, the token in use or to upload; clear this one out, or it is next year's wrong pick."
		if c.Report.Kind == token.KindPush {
			c.Report.Action = "Nothing to do with this file: do not upload it, and do not renew it again (" + newer +
				" is its renewal). Check that one, the certificate in use or to upload; clear this one out, or it is next year's wrong pick."
		}
	}
	if r.check || r.guide == nil {
		return c
	}
	rep := &c.Report
	// A renewal says how the server was checked in its own line.
	rep.Notes = slices.DeleteFunc(slices.Clone(rep.Notes), func(n string) bool { return strings.HasPrefix(n, token.ServerNotChecked) })
	reset, at := r.resetPending(), r.ResetAt()
	if reset && !at.IsZero() && c.Path == "" && rep.Kind == token.KindDEP && rep.Status == token.StatusUnverified && !rep.HasExpiry() {
		// Pasted text has no file name to date it: it is taken to be the
		// download just confirmed, or the token waiting since its reset,
		// which gives it an estimated expiry.
		now := r.cfg.Now()
		rep.Downloaded, rep.Expires, rep.ExpiresEstimated = at, at.AddDate(1, 0, 0), true
		rep.DaysLeft = token.DaysLeft(rep.Expires, now)
		rep.Status = token.StatusOK
		rep.Message = fmt.Sprintf("DEP server token, pasted: taken to be the one downloaded %s, so it expires about %s (estimated: download time + 1 year), %s.",
			r.resetWhen(), rep.Expires.Local().Format("2006-01-02"), rep.ExpiryFromNow(now))
		rep.Action = "Upload it to the MDM's DEP token for this server now: downloading it already reset the previous token."
		rep.Notes = []string{"Pasted text has no file name to date it and was not decrypted: its download time is taken to be that download."}
		c.DownloadAssumed = true
		return c
	}
	if rep.Status.Severity() == token.SeverityOK {
		// What else to upload is part of what to do, in view.
		for _, o := range c.AlsoReset {
			rep.Action += " " + o.ToDo() + "."
		}
		if r.upload && rep.Kind == token.KindDEP && c.Path != "" && filepath.Base(c.Path) == r.waiting {
			// The token waiting: its download reset the one in use.
			rep.Action = "Upload it to the MDM's Automated Device Enrollment (DEP) token for this server now: downloading it reset the previous token " + r.resetWhen() + "."
		}
		if r.kind == token.KindPush && rep.Kind == token.KindPush && c.Topic.How == TopicNotCompared {
			// The engine's advice names check's --replaces; here the
			// verdict offers to compare the topic itself.
			rep.Action = "Compare its topic with the one " + r.guide.Portal.Prose() + " shows before you upload it: another topic means every enrolled device must enroll again. Then upload it to " +
				r.guide.Portal.Prose() + "'s push certificate (APNs) settings, replacing the current certificate."
		}
		return c
	}
	if rep.Kind == token.KindDEP {
		// Not this file: the other servers' tokens are a note.
		c.addNote(alsoResetNote(c.AlsoReset))
	}
	rep.Action = r.advice(*rep)
	notAgain := "" // said after a pick once the old token is reset
	if reset {
		notAgain = " Do not download again: that would reset the token once more."
	}
	// In an upload, a file other than the one waiting (its name known).
	notWaiting := r.upload && r.waiting != "" && c.Path != "" && filepath.Base(c.Path) != r.waiting
	switch {
	case rep.Status == token.StatusWrongServer && r.renewsServer(*rep):
		rep.Action = fmt.Sprintf("Its file name says it is for %q, the server you are renewing: the certificate it was checked with may be another MDM's. "+
			"Choose the certificate of the MDM that %q belongs to (Choose the MDM's certificate).",
			token.Printable(rep.Server), token.Printable(rep.Server))
		rep.Action += notAgain
	case rep.Status == token.StatusMismatch && r.againName != "" && rep.Kind != token.KindPush:
		rep.Action = fmt.Sprintf("Pick the token of %q (Pick another file). Use this one anyway only if it was renamed since; to renew the other one instead, start again from the first screen.",
			token.Printable(r.againName))
		if c.Server.How == ServerOther {
			// Its content says it is another MDM's too: no renaming makes it this one.
			rep.Action = fmt.Sprintf("Pick the token of %q (Pick another file): this one is for another server, by its name and by the certificate it is encrypted for.",
				token.Printable(r.againName))
		}
		rep.Action += notAgain
	case notWaiting && c.Newer == "" && len(c.Wanted) == 0 && !fileExists(filepath.Join(filepath.Dir(c.Path), r.waiting)):
		rep.Action = fmt.Sprintf("%s, the new token downloaded %s, is not in this folder: pick it where it is (Pick another file). "+
			"Only if it is gone, download again (Go back to the download steps): that resets the token once more, so upload the new file right away.",
			token.Printable(r.waiting), r.resetWhen())
	case notWaiting && (c.Newer == "" || filepath.Base(c.Newer) == r.waiting):
		rep.Action = fmt.Sprintf("Pick %s instead (Pick another file): it is the new token downloaded %s, waiting to be uploaded. "+
			"Download again only if that file is gone: that resets the token once more.", token.Printable(r.waiting), r.resetWhen())
	case c.Newer != "" && rep.Kind == token.KindPush:
		rep.Action = fmt.Sprintf("Pick %s instead (Pick another file): it is beside this one and renews the certificate with the MDM's topic; "+
			"this one was made with Create a Certificate, not Renew.", token.Printable(filepath.Base(c.Newer)))
	case c.Newer != "":
		rep.Action = fmt.Sprintf("Pick %s instead (Pick another file): it is beside this one and newer.", token.Printable(filepath.Base(c.Newer)))
		if r.upload {
			// Going back to the download steps is offered: the newer file
			// may be another renewal's.
			rep.Action += " Download again only if that file is not the one to upload: that resets the token once more."
		} else {
			rep.Action += notAgain
		}
	case r.upload && c.Path != "" && filepath.Base(c.Path) == r.waiting:
		rep.Action = fmt.Sprintf("This is the token downloaded %s, and it cannot be used as it is. Download a new one (Go back to the download steps): "+
			"that resets the token once more, so upload the new file right away.", r.resetWhen())
	case len(c.Wanted) == 1:
		w := c.Wanted[0]
		rep.Action = fmt.Sprintf("Pick %s instead (Pick another file): it is the %s beside this one%s.", w.Name(), r.kind.Noun(), w.whose())
		rep.Action += notAgain
	case len(c.Wanted) > 1:
		names := make([]string, len(c.Wanted))
		for i, w := range c.Wanted {
			names[i] = w.Name()
		}
		what := "server's"
		if r.kind == token.KindVPP {
			what = "location's"
		}
		rep.Action = fmt.Sprintf("Pick the %s %s instead (Pick another file): beside this one are %s.", what, r.kind.Noun(), strings.Join(names, ", "))
		rep.Action += notAgain
	case r.upload:
		rep.Action = fmt.Sprintf("Pick the token downloaded %s (%s, usually in Downloads). Download again only if that file is gone: that resets the token once more.",
			r.resetWhen(), r.kind.FileName())
	case reset && rep.Status == token.StatusWrongServer:
		if c.ServerToken != "" {
			rep.Action = fmt.Sprintf("Pick %s instead (Pick another file): it is beside this one, downloaded since you confirmed Download Token, and not encrypted for another MDM. "+
				"Do not download again: that would reset this server's token once more.", token.Printable(filepath.Base(c.ServerToken)))
		}
		if !rep.Downloaded.IsZero() && !rep.Downloaded.Before(at.Add(-downloadSlack)) {
			rep.Message += fmt.Sprintf(
				" Downloading it at %s reset the token of the MDM server %q too: upload it to the MDM that server belongs to, or that server stops enrolling devices.",
				timeOfDay(rep.Downloaded), rep.Server)
		}
	case reset:
		rep.Action = fmt.Sprintf("Pick the token downloaded %s (%s, usually in Downloads). Do not download it again: that would reset the token once more.",
			r.resetWhen(), token.KindDEP.FileName())
		if rep.Kind == token.KindPrivateKey {
			rep.Action = "Never upload or share this file, not even with Apple. " + rep.Action
		}
	}
	return c
}

// fileExists reports whether path names a regular file (following a
// link).
func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// renewsServer reports whether rep is a DEP token whose file name names
// the server renewed again from the history.
func (r *Renewal) renewsServer(rep token.Report) bool {
	return r.againName != "" && rep.Kind == token.KindDEP && rep.Server != "" && strings.EqualFold(rep.Server, r.againName)
}

// advice is what to do with a file that is not right for the renewal, in
// the words of the Apple portal chosen: the guide's steps to the token.
func (r *Renewal) advice(rep token.Report) string {
	g := r.guide
	if i := r.serverStep(); rep.Status == token.StatusWrongServer && i >= 0 {
		return fmt.Sprintf("Go back to choosing the MDM server in %s: %s Pick the one whose name matches the server in your MDM (it has this MDM's public key), and download its token.",
			g.Apple.Name, r.stepTexts(i, i))
	}
	path := r.stepTexts(1, r.downloadStep())
	var out string
	switch {
	case r.kind == token.KindPush && rep.Kind == token.KindPush && rep.Status == token.StatusMismatch:
		return rep.Action // the engine's: back to the portal, find the matching certificate, Renew
	case rep.Kind == r.kind && r.kind == token.KindPush:
		out = fmt.Sprintf("Renew the push certificate again in %s: %s Upload the newest %s.", g.Apple.Name, path, g.FileName)
	case rep.Kind == r.kind && r.kind == token.KindVPP:
		out = fmt.Sprintf("Download the content token again in %s: %s Upload the newest %s; browsers add \" (1)\" to a repeated download.",
			g.Apple.Name, path, g.FileName)
	case rep.Kind == r.kind:
		out = fmt.Sprintf("Download a new server token in %s: %s Downloading it resets the old token at once, so upload the new file right away.",
			g.Apple.Name, path)
	case rep.Status == token.StatusWrongKind && token.NamedKind(rep.File) == r.kind:
		// "That is the file": its name is the one told to look for.
		out = fmt.Sprintf("Despite its name, this file is not the %s. Use the %s that %s gives instead, also named %s: %s",
			r.kind.Noun(), r.kind.Noun(), g.Apple.Name, g.FileName, path)
	default:
		out = fmt.Sprintf("Use the %s instead, %s, from %s: %s", r.kind.Noun(), g.FileName, g.Apple.Name, path)
	}
	if rep.Kind == token.KindPrivateKey {
		out = "Never upload or share this file, not even with Apple. " + out
	}
	return out
}

// stepTexts are the texts of Apple's steps from to to, in one run; the
// first step (signing in) is left out.
func (r *Renewal) stepTexts(from, to int) string {
	list := r.walkSteps(StageAppleSteps)
	var texts []string
	for i := max(from, 1); i <= to && i < len(list); i++ {
		texts = append(texts, list[i].Text)
	}
	return strings.Join(texts, " ")
}

// serverStep is the Apple step where the MDM server is chosen; -1 when
// the guide has none.
func (r *Renewal) serverStep() int {
	return slices.IndexFunc(r.walkSteps(StageAppleSteps), func(s steps.Step) bool { return s.ID == "server" })
}

// findStep is the Apple step where the push certificate to renew is
// found; the first step when the guide has none.
func (r *Renewal) findStep() int {
	return max(0, slices.IndexFunc(r.walkSteps(StageAppleSteps), func(s steps.Step) bool { return s.ID == "find" }))
}

// downloadStep is Apple's download step.
func (r *Renewal) downloadStep() int {
	list := r.walkSteps(StageAppleSteps)
	if i := slices.IndexFunc(list, func(s steps.Step) bool { return s.Download }); i >= 0 {
		return i
	}
	return max(0, len(list)-1)
}

// superseded reports whether rep is a DEP server token downloaded, or a
// VPP content token made (its expiry less a year), before the reset at
// at: that download replaced it.
func superseded(rep token.Report, at time.Time) bool {
	if rep.Status == token.StatusWrongServer || rep.Status.Severity() == token.SeverityProblem {
		return false
	}
	if rep.Kind != token.KindDEP && rep.Kind != token.KindVPP {
		return false
	}
	made := token.MadeAt(rep)
	return !made.IsZero() && made.Before(at.Add(-downloadSlack))
}

// markSuperseded makes a superseded token's report say so; elsewhere says
// the reset was a download during another renewal, not one confirmed in
// this one.
func markSuperseded(rep *token.Report, at time.Time, elsewhere bool) {
	rep.Status = token.StatusStale
	when := "at " + timeOfDay(at)
	if rep.Kind == token.KindVPP || elsewhere || rep.Downloaded.Local().Format(time.DateOnly) != at.Local().Format(time.DateOnly) {
		when = "on " + at.Local().Format("2006-01-02") + " " + when // another day: not the same minute
	}
	if rep.Kind == token.KindVPP {
		rep.Message = fmt.Sprintf("This content token expires on %s, so it was made before the one downloaded %s during another renewal, which waits to be uploaded: "+
			"if it is for the same location, that download revoked it.", DateOnly(rep.Expires), when)
		return
	}
	reset := "the Download Token you confirmed " + when
	if elsewhere {
		reset = "the token downloaded " + when + " during another renewal, which waits to be uploaded"
	}
	rep.Message = fmt.Sprintf("This DEP server token was downloaded on %s, before %s: a new download replaces a server's earlier tokens, so this one is no longer valid.",
		rep.Downloaded.Local().Format("2006-01-02 15:04"), reset)
}
