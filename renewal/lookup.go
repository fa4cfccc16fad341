package renewal

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/mdmcerts"
	"github.com/mdmtoken/mdmtoken/token"
)

// Lookup says which files a renewal looks for and how it judges them: the
// kind being renewed, as a fresh download, with the MDM's certificate and
// key when known. Checking a file expects no kind and no freshness.
type Lookup struct {
	// recipients, choosing the MDM's certificate: those the DEP token
	// chosen is encrypted for; a certificate that is none is a mismatch.
	recipients []token.Recipient
	Expect     token.Kind // the kind wanted; empty accepts any token
	Fresh      bool       // the file should be a new download
	Exts       []string   // extensions of the files that look like what is wanted, lower case

	// Practice is a training run: where the picker starts gives nothing
	// away.
	Practice bool

	now    func() time.Time
	server bool            // check a DEP token's server
	mdm    *mdmKeys        // the MDM's certificate given or chosen
	certs  *mdmcerts.Store // the certificates remembered per server
	portal string          // the MDM portal's id, for what is remembered
	topic  string          // push: the topic's identifier typed from the MDM; empty when none
	known  []history.Entry // push: the certificates the renewal history holds for this MDM portal, newest first
	// confirmed is when the old token was reset: a DEP download
	// confirmed, or (elsewhere) a DEP or VPP token downloaded during
	// another renewal and waiting to be uploaded; zero if none is pending.
	// A token of the kind made before it is marked as replaced.
	confirmed time.Time
	elsewhere bool
	// renewing is the DEP server or VPP location renewed again from the
	// history: a token of the kind for another one is a mismatch.
	renewing string
	// recorded are the credentials the renewal history holds: a token
	// beside the chosen one that was uploaded since it was made is not
	// still to do.
	recorded []history.Item
	// prefer is the file the last verdict pointed to ("Pick NAME
	// instead"), by path: the picker starts on it when it is good.
	prefer string
}

// fileExts are the extensions of the file Apple gives for a kind: the
// extension of its file name; any token's for a kind without one.
func fileExts(k token.Kind) []string {
	if ext := strings.ToLower(filepath.Ext(k.FileName())); ext != "" {
		return []string{ext}
	}
	return anyCredential
}

// anyCredential is what checking a file looks for: any token, and the
// .pem files push certificates come in.
var anyCredential = []string{".vpptoken", ".p7m", ".pem"}

// Options are the token engine's options for judging one file now,
// without the MDM's certificate (judgeServer adds it).
func (l Lookup) Options() token.Options {
	return token.Options{Now: l.now(), Expect: l.Expect, Fresh: l.Fresh, WarnDays: token.DefaultWarnDays}
}

// Inspect says what the file at path is.
func (l Lookup) Inspect(path string) token.Report {
	r, _ := l.inspect(path, nil)
	return r
}

// inspect judges a file (or data, when path is empty) and, for a DEP token
// in a DEP renewal, its server; then what the renewal knows: a DEP token
// downloaded before the confirmed Download Token is superseded, and a
// token for another server or location than the one renewed again is a
// mismatch.
func (l Lookup) inspect(path string, data []byte) (token.Report, ServerCheck) {
	r, s := l.inspectServer(path, data)
	if len(l.recipients) > 0 && r.Kind == token.KindCertificate && r.Status.Severity() == token.SeverityOK && !recipientOf(r, l.recipients) {
		markNotRecipient(&r, l.recipients)
	}
	if !l.confirmed.IsZero() && superseded(r, l.confirmed) {
		markSuperseded(&r, l.confirmed, l.elsewhere)
	}
	if l.renewing != "" && r.Kind == l.Expect {
		markOtherName(&r, l.renewing)
	}
	return r, s
}

// recipientOf reports whether the certificate of report r is one of the
// recipients a DEP token is encrypted for: its issuer and serial.
func recipientOf(r token.Report, recipients []token.Recipient) bool {
	for _, rc := range recipients {
		if rc.Issuer == r.Issuer && strings.EqualFold(rc.Serial, r.Serial) {
			return true
		}
	}
	return false
}

// markNotRecipient makes the report of a certificate, offered to check a
// DEP token's server, say that the token is not encrypted for it.
func markNotRecipient(r *token.Report, recipients []token.Recipient) {
	r.Status = token.StatusMismatch
	r.Message = "The token is not encrypted for this certificate (" + token.Printable(r.Issuer) + ", serial " + token.Printable(r.Serial) +
		"), but for " + token.Printable(token.RecipientsText(recipients)) + ": it is another MDM server's certificate, or one the token does not know."
	r.Action = "Choose the certificate the token names, the MDM's for this server; if you have none, the token is for another MDM."
}

// inspectServer is inspect's engine verdict and server check.
func (l Lookup) inspectServer(path string, data []byte) (token.Report, ServerCheck) {
	o := l.Options()
	given := l.server && l.mdm != nil && l.mdm.cert != nil
	if given {
		o.Cert, o.Key = l.mdm.cert, l.mdm.key
	}
	var r token.Report
	if path == "" {
		r = token.InspectBytes("pasted text", data, o)
	} else {
		r = token.Inspect(path, o)
	}
	switch {
	case !l.server || r.Kind != token.KindDEP:
		return r, ServerCheck{}
	case given:
		return checked(r, *l.mdm)
	}
	return l.judgeServer(path, data, r)
}

// Likely reports whether a file name has the extension of what is wanted,
// in any case. The picker asks it of every entry of a folder.
func (l Lookup) Likely(name string) bool {
	for _, ext := range l.Exts {
		if len(name) >= len(ext) && strings.EqualFold(name[len(name)-len(ext):], ext) {
			return true
		}
	}
	return false
}

// relatedExts are the extensions of the files every renewal passes by: the
// tokens of either kind and the .pem files (push certificates, the MDM's
// certificate). pushExts are those a push certificate renewal passes
// through besides them: the request the MDM makes (.csr, .plist), other
// certificate files and exported bundles (.p12).
var (
	relatedExts = []string{".vpptoken", ".p7m", ".pem"}
	pushExts    = []string{".csr", ".plist", ".cer", ".crt", ".der", ".p12", ".pfx"}
)

// Related reports whether a file name is worth listing and inspecting
// beside what is wanted, so that the wrong files a renewal passes by are
// marked as wrong: when choosing the MDM's certificate only what is
// wanted; otherwise any token and .pem file, and in a push renewal the
// files the request and the certificate come as (a request named like
// PushCertRequest.txt or IntuneCSR too).
func (l Lookup) Related(name string) bool {
	lower := strings.ToLower(name)
	has := func(exts []string) bool {
		return slices.ContainsFunc(exts, func(ext string) bool { return strings.HasSuffix(lower, ext) })
	}
	switch {
	case l.Likely(name):
		return true
	case l.Expect == token.KindCertificate:
		return false
	case has(relatedExts):
		return true
	}
	return l.Expect == token.KindPush && (has(pushExts) || strings.Contains(lower, "pushcert") || strings.Contains(lower, "csr"))
}

// Checked is a file, or pasted text, as judged for the renewal.
type Checked struct {
	Path   string // empty for pasted text
	Report token.Report
	// ReplacedExpiry is the expiry of the token this one replaces, when one
	// was found beside it; zero otherwise.
	ReplacedExpiry time.Time
	// Topic is how a push certificate's topic was compared with the one
	// the MDM uses; zero for other kinds.
	Topic TopicCheck
	// DownloadAssumed: pasted text, taken to be the DEP download confirmed
	// in this run, which dates it.
	DownloadAssumed bool
	// Server is how a DEP token was checked to be for this MDM server.
	Server ServerCheck
	// AlsoReset are the new tokens beside the chosen one for other MDM
	// servers (DEP, downloaded since the Download Token confirmed) or for
	// the organization's other locations (VPP, made in the last day):
	// each download replaced the token in use for its server or location,
	// so each file must be uploaded to its own entry in the MDM too.
	AlsoReset []OtherToken
	// Newer is a newer token beside the chosen one for the same DEP server
	// or VPP location, which replaced it when it was downloaded: the file
	// to pick instead. Empty when there is none.
	Newer string
	// ServerToken is, when the chosen DEP token is for another MDM server,
	// the token beside it for this MDM's server downloaded since the
	// confirmation: the file to pick instead of downloading again. Empty
	// when there is none.
	ServerToken string
	// Wanted are, when the chosen file is not of the kind renewed, the good
	// tokens of that kind beside it, newest first: the files to pick
	// instead of downloading. Empty when there are none.
	Wanted []OtherToken

	text string // the pasted text, to check again with another certificate
}

// Name names the checked file for people: its base name, or "pasted text".
func (c Checked) Name() string {
	if c.Path == "" {
		return "pasted text"
	}
	return token.Printable(filepath.Base(c.Path))
}

// Location is the location a VPP content token is for, from its file name
// without the " (1)" a browser adds to a repeated download; empty when
// unknown (pasted text, a renamed file) and for other kinds.
func (c Checked) Location() string { return location(c.Report) }

func location(r token.Report) string {
	if r.Kind != token.KindVPP {
		return ""
	}
	return r.LocationName()
}

// Folder is the folder the file was picked from; empty for pasted text.
func (c Checked) Folder() string {
	if c.Path == "" {
		return ""
	}
	return filepath.Dir(c.Path)
}

// CheckFile judges the file at path and looks beside it for the token it
// replaces. seen holds reports already made for files in that folder (by
// path), so they are not read again; it may be nil, and is not changed:
// the files read beside the chosen one are kept in a copy, so that no
// file is read twice for one check.
func (l Lookup) CheckFile(path string, seen map[string]token.Report) Checked {
	seen = maps.Clone(seen)
	if seen == nil {
		seen = map[string]token.Report{}
	}
	r, server := l.inspect(path, nil)
	if l.Expect == token.KindPush && r.Kind == token.KindPush {
		return l.checkPush(path, r, seen)
	}
	c := Checked{Path: path, Report: r, ReplacedExpiry: l.replacedExpiry(path, r, seen), Server: server}
	if (l.Expect == token.KindVPP || l.Expect == token.KindDEP) && r.Kind != l.Expect {
		c.Wanted = l.wantedBeside(path, seen)
	}
	if l.Expect == "" && r.Kind == token.KindPush && r.Topic != "" {
		c.addNote(otherTopicsNote(l.otherTopics(path, r, seen)))
	}
	if ok := r.Status.Severity() == token.SeverityOK; (r.Kind == token.KindVPP || r.Kind == token.KindDEP) &&
		(l.Expect == r.Kind && (ok || r.Status == token.StatusStale)) || l.Expect == "" && replaceable(r) {
		// Checking a file, a newer token beside it replaces it whatever it
		// is alone, as mdmtoken check says.
		if c.Newer = l.newerBeside(path, r, seen); c.Newer != "" && (ok || l.Expect == "") {
			markReplacedBy(&c.Report, c.Newer)
		}
	}
	if l.Expect == token.KindVPP && r.Kind == token.KindVPP {
		if !l.elsewhere { // else the other locations' downloads were not this renewal's
			c.AlsoReset = l.newLocations(path, r, seen)
		}
		if same := l.sameContent(path, r, seen); len(same) > 0 && r.Status.Severity() == token.SeverityOK {
			c.Report.Action = "First make sure which location it is for: " + strings.Join(same, ", ") +
				" beside it holds the very same token under another location's name, so one of the names is wrong (a content token does not name its location; the MDM shows which location its token is for). " +
				c.Report.Action
		}
		// The new ones are in what to do (judge); the note names the rest,
		// for a token to upload: the advice for another one says which to
		// pick.
		if r.Status.Severity() == token.SeverityOK {
			others := slices.DeleteFunc(l.otherLocations(path, r, seen), func(loc string) bool {
				return slices.ContainsFunc(c.AlsoReset, func(o OtherToken) bool { return strings.EqualFold(o.Location, loc) })
			})
			c.addNote(otherLocationsNote(others, c.Location()))
		}
	}
	if l.Expect == token.KindDEP && r.Kind == token.KindDEP && !l.confirmed.IsZero() {
		c.AlsoReset, c.ServerToken = l.resetBeside(path, r, seen)
		if l.elsewhere {
			// Days may have passed since that reset: the other servers'
			// tokens downloaded since were not this renewal's doing, and
			// the renewal that reset them listed them already.
			c.AlsoReset = nil
		}
	}
	return c
}

// OtherToken is a token beside the chosen file: a new one for another MDM
// server or location than the one renewed, downloaded during the renewal
// (AlsoReset), or one of the kind wanted (Wanted).
type OtherToken struct {
	Path       string
	Kind       token.Kind // token.KindDEP or token.KindVPP
	Server     string     // DEP: the server's name, from the file name; empty when unknown
	Org        string     // VPP: the organization in the token
	Location   string     // VPP: the location, from the file name
	Downloaded time.Time  // DEP: from the file name; VPP: its expiry less the year a token lasts
	// Earlier: a DEP token downloaded before the Download Token was
	// confirmed (within downloadSlack), which may be this renewal's
	// doing or anyone's, and uploaded since.
	Earlier bool
}

// Name names the file for people: its base name.
func (o OtherToken) Name() string { return token.Printable(filepath.Base(o.Path)) }

// whose says whom the token is for, as its file name says: `, for the MDM
// server "Staging"` or `, for location "Annex"`; empty when it does not.
func (o OtherToken) whose() string {
	switch {
	case o.Kind == token.KindDEP && o.Server != "":
		return `, for the MDM server "` + token.Printable(o.Server) + `"`
	case o.Kind == token.KindVPP && o.Location != "":
		return `, for location "` + token.Printable(o.Location) + `"`
	}
	return ""
}

// ToDo says what is left to do with the file, for the summary and the
// record.
func (o OtherToken) ToDo() string {
	if o.Kind == token.KindVPP {
		return "Upload " + o.Name() + ` (made ` + DateOnly(o.Downloaded) + `) to the MDM's content token for location "` +
			token.Printable(o.Location) + `" too: downloading it replaced that location's token in use`
	}
	server := "its own server"
	if o.Server != "" {
		server = `the server "` + token.Printable(o.Server) + `"`
	}
	if o.Earlier {
		return "Upload " + o.Name() + " (downloaded at " + timeOfDay(o.Downloaded) + ", before this renewal's download was confirmed) to the MDM of " + server +
			" too, unless it was uploaded since: downloading it reset that server's token"
	}
	return "Upload " + o.Name() + " (downloaded at " + timeOfDay(o.Downloaded) + ") to the MDM of " + server +
		" too: downloading it reset that server's token"
}

// resetBeside looks beside the chosen DEP token for the tokens downloaded
// since the confirmed Download Token: those for other MDM servers (each
// download reset that server's token), newest first, and, when the chosen
// one is for another server, the newest good one for this MDM's server.
// A token is for another server than the chosen one when its server's
// name differs, or when one of the two was found encrypted for another
// MDM's certificate and the other was not.
func (l Lookup) resetBeside(path string, chosen token.Report, seen map[string]token.Report) (others []OtherToken, server string) {
	var serverAt time.Time
	l.siblings(path, seen, func(other string, r token.Report) {
		if r.Kind != token.KindDEP || r.Downloaded.IsZero() || r.Downloaded.Before(l.confirmed.Add(-downloadSlack)) {
			return
		}
		wrong := r.Status == token.StatusWrongServer
		otherName := r.Server != "" && chosen.Server != "" && !strings.EqualFold(r.Server, chosen.Server)
		switch {
		case chosen.Status == token.StatusWrongServer && !wrong && r.Status.Severity() == token.SeverityOK:
			if r.Downloaded.After(serverAt) {
				server, serverAt = other, r.Downloaded
			}
		case (otherName || wrong != (chosen.Status == token.StatusWrongServer)) && !l.uploaded(r, r.Downloaded):
			others = append(others, OtherToken{Path: other, Kind: token.KindDEP, Server: r.Server, Downloaded: r.Downloaded,
				Earlier: r.Downloaded.Before(l.confirmed) && !l.Practice}) // a practice's files are its own fiction
		}
	})
	slices.SortFunc(others, func(a, b OtherToken) int { return b.Downloaded.Compare(a.Downloaded) })
	// One per server, the newest: it replaced the server's earlier ones.
	seenServer := map[string]bool{}
	others = slices.DeleteFunc(others, func(o OtherToken) bool {
		key := strings.ToLower(o.Server)
		if key == "" {
			return false
		}
		dup := seenServer[key]
		seenServer[key] = true
		return dup
	})
	return others, server
}

// alsoResetNote says which other MDM servers' tokens were reset by the
// downloads beside the chosen token; empty when none was.
func alsoResetNote(others []OtherToken) string {
	if len(others) == 0 {
		return ""
	}
	var files []string
	when, since := "during this renewal", ""
	for _, o := range others {
		f := o.Name() + " (downloaded at " + timeOfDay(o.Downloaded)
		if o.Server != "" {
			f += `, MDM server "` + token.Printable(o.Server) + `"`
		}
		files = append(files, f+")")
		if o.Earlier {
			// Maybe this renewal's click on the wrong server, maybe anyone's.
			when, since = "around this renewal's download", " The renewal history does not show it uploaded since; whether it was, outside mdmtoken, is not known."
		}
	}
	if len(others) == 1 {
		return "This folder also holds a server token for another MDM server, downloaded " + when + ": " + files[0] + "." + since + " " +
			"Downloading it reset that server's token in Apple's portal too: upload that file to the MDM the server belongs to, or the server stops enrolling devices."
	}
	return "This folder also holds server tokens for other MDM servers, downloaded " + when + ": " + strings.Join(files, ", ") + "." + since + " " +
		"Downloading them reset those servers' tokens in Apple's portal too: upload each file to the MDM its server belongs to, or that server stops enrolling devices."
}

// checkPush judges a push certificate against the one the MDM uses: the
// topic typed from the MDM when there is one, else last year's certificate
// beside it, else the one the renewal history holds for this MDM portal.
// A certificate with another topic is then a mismatch: a new certificate,
// not a renewal. With none of them, the topic is not compared.
func (l Lookup) checkPush(path string, r token.Report, seen map[string]token.Report) Checked {
	c := Checked{Path: path, Report: r}
	if l.topic != "" {
		return l.compareTyped(c, path, nil)
	}
	old, oldPath := l.replacedPush(path, r, seen)
	if old == nil {
		return l.compareHistory(c, path, nil)
	}
	c.Report = l.against(path, nil, old)
	c.ReplacedExpiry = old.Expires
	c.Topic = TopicCheck{How: TopicByFile, File: oldPath, Mismatch: otherTopic(c.Report, *old)}
	if c.Topic.Mismatch {
		c.Newer = l.renewalBeside(path, *old, seen)
	}
	return c
}

// renewalBeside is, for a push certificate of another topic, the one
// beside it that renews old: its topic, expiring well after it; the
// newest such, by path, or "".
func (l Lookup) renewalBeside(path string, old token.Report, seen map[string]token.Report) string {
	var best string
	var at time.Time
	l.siblings(path, seen, func(other string, r token.Report) {
		if r.Kind == token.KindPush && r.Topic != "" && r.Topic == old.Topic && replaces(old.Expires, r.Expires) &&
			r.Status.Severity() == token.SeverityOK && r.Expires.After(at) {
			best, at = other, r.Expires
		}
	})
	return best
}

// compareHistory judges a push certificate (the file at path, or data
// when path is empty) against the one the renewal history holds for this
// MDM portal; unchanged when it holds none.
func (l Lookup) compareHistory(c Checked, path string, data []byte) Checked {
	e, ok := historyReplaced(l.known, c.Report)
	if !ok {
		return c
	}
	old := historyReport(e)
	c.Report = l.against(path, data, old)
	c.ReplacedExpiry = e.Expires
	c.Topic = TopicCheck{How: TopicByHistory, Renewed: e.Recorded, Mismatch: otherTopic(c.Report, *old)}
	return c
}

// compareTyped judges a push certificate (the file at path, or data when
// path is empty) against the topic typed from the MDM.
func (l Lookup) compareTyped(c Checked, path string, data []byte) Checked {
	old := typedReplaced(l.topic, c.Report)
	c.Report = l.against(path, data, old)
	c.Topic = TopicCheck{How: TopicTyped, Typed: l.topic, Mismatch: otherTopic(c.Report, *old)}
	return c
}

// otherTopic reports whether r, judged as the renewal of old, is a
// mismatch for its topic: a new certificate. One that is not newer than
// old is a mismatch too, of the same topic.
func otherTopic(r, old token.Report) bool {
	return r.Status == token.StatusMismatch && r.Kind == token.KindPush && old.Topic != "" && r.Topic != old.Topic
}

// against judges a file (or data, when path is empty) as the credential
// that replaces old.
func (l Lookup) against(path string, data []byte, old *token.Report) token.Report {
	o := l.Options()
	o.Replaces = old
	if path == "" {
		return token.InspectBytes("pasted text", data, o)
	}
	return token.Inspect(path, o)
}

// replacedGap is how much earlier than a new credential the one it
// replaces expires, at least: files downloaded in the same renewal (a push
// certificate renewed and one created by mistake, two DEP tokens of one
// server downloaded an hour apart) expire within days of each other and
// never replace one another.
const replacedGap = 180 * 24 * time.Hour

// replaces reports whether a credential expiring at old can be the one a
// credential expiring at nu replaces.
func replaces(old, nu time.Time) bool { return old.Before(nu.Add(-replacedGap)) }

// replacedPush is the push certificate the chosen one replaces: of the
// push certificates beside it, the newest that expires well before it.
func (l Lookup) replacedPush(path string, chosen token.Report, seen map[string]token.Report) (*token.Report, string) {
	if !chosen.HasExpiry() {
		return nil, ""
	}
	var best *token.Report
	var bestPath string
	l.siblings(path, seen, func(other string, r token.Report) {
		if r.Kind == token.KindPush && r.HasExpiry() && replaces(r.Expires, chosen.Expires) && (best == nil || r.Expires.After(best.Expires)) {
			best, bestPath = &r, other
		}
	})
	return best, bestPath
}

// CheckText judges pasted text; a pasted push certificate is compared
// with the topic typed from the MDM, when there is one.
func (l Lookup) CheckText(content string) Checked {
	r, server := l.inspect("", []byte(content))
	c := Checked{Report: r, Server: server, text: content}
	switch {
	case l.Expect != token.KindPush || r.Kind != token.KindPush:
	case l.topic != "":
		c = l.compareTyped(c, "", []byte(content))
	default:
		c = l.compareHistory(c, "", []byte(content))
	}
	return c
}

// Recheck judges a checked file or text again, as with another
// certificate.
func (l Lookup) Recheck(c Checked) Checked {
	if c.Path == "" {
		return l.CheckText(c.text)
	}
	return l.CheckFile(c.Path, nil)
}

// maxSiblings bounds how many files beside the chosen one are read when
// looking for the token it replaces.
const maxSiblings = 200

// otherLocations are the locations of the organization's other content
// tokens beside the chosen one, not expired: a renewal of several
// locations leaves one new token per location in Downloads, and each
// belongs to its own entry in the MDM. Sorted, each named once.
func (l Lookup) otherLocations(path string, chosen token.Report, seen map[string]token.Report) []string {
	loc := location(chosen)
	if loc == "" {
		return nil
	}
	var out []string
	l.siblings(path, seen, func(other string, r token.Report) {
		if r.Kind == token.KindVPP && r.Org == chosen.Org && r.DaysLeft >= 0 && location(r) != "" && !nameVariant(location(r), loc) &&
			!slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, location(r)) }) {
			out = append(out, location(r))
		}
	})
	slices.Sort(out)
	return out
}

// newLocationWindow is how recently another location's content token
// must have been made (its expiry less a year) to count as downloaded
// during this renewal.
const newLocationWindow = 24 * time.Hour

// newLocations are the content tokens beside the chosen one for the
// organization's other locations made in the last day, newest of each
// location only, sorted by location: each download replaced the token
// that location's MDM entry uses.
func (l Lookup) newLocations(path string, chosen token.Report, seen map[string]token.Report) []OtherToken {
	loc, now := location(chosen), l.now()
	if loc == "" {
		return nil
	}
	newest := map[string]OtherToken{}
	l.siblings(path, seen, func(other string, r token.Report) {
		made := token.MadeAt(r)
		key := strings.ToLower(location(r))
		// Renewing one location again, the others are marked as mismatches.
		good := r.Status.Severity() == token.SeverityOK || l.renewing != "" && r.Status == token.StatusMismatch
		if r.Kind != token.KindVPP || r.Org != chosen.Org || key == "" || nameVariant(key, loc) ||
			!good || !r.HasExpiry() || made.Before(now.Add(-newLocationWindow)) || made.After(now.Add(time.Hour)) || l.uploaded(r, made) ||
			r.SHA256 == chosen.SHA256 { // the same token under another name: sameContent says so
			return
		}
		if o, ok := newest[key]; !ok || made.After(o.Downloaded) {
			newest[key] = OtherToken{Path: other, Kind: token.KindVPP, Org: r.Org, Location: location(r), Downloaded: made}
		}
	})
	out := slices.Collect(maps.Values(newest))
	slices.SortFunc(out, func(a, b OtherToken) int { return strings.Compare(a.Location, b.Location) })
	return out
}

// newerBeside is the newest token beside the chosen one of the same
// credential (DEP server, VPP location of the organization, push topic)
// when it replaces the chosen one (newest.replacing): each download, or
// renewal, replaces the earlier ones. Empty when there is none.
func (l Lookup) newerBeside(path string, chosen token.Report, seen map[string]token.Report) string {
	var n newest
	l.siblings(path, seen, func(other string, r token.Report) { n.consider(chosen, other, r) })
	return n.replacing(chosen)
}

// wantedBeside are the good tokens of the kind wanted beside path, newest
// first (DEP by download, VPP by expiry), at most three.
func (l Lookup) wantedBeside(path string, seen map[string]token.Report) []OtherToken {
	var all []OtherToken
	l.siblings(path, seen, func(other string, r token.Report) {
		if r.Kind != l.Expect || r.Status.Severity() != token.SeverityOK {
			return
		}
		all = append(all, OtherToken{Path: other, Kind: r.Kind, Server: r.Server, Org: r.Org, Location: location(r), Downloaded: token.MadeAt(r)})
	})
	slices.SortStableFunc(all, func(a, b OtherToken) int { return b.Downloaded.Compare(a.Downloaded) })
	return all[:min(len(all), 3)]
}

// newest is the newest token met of one credential (token.CredentialKey:
// a DEP server and its MDM certificate, a VPP location, a push topic),
// judged as one of it (token.Status.AsToken), whatever its status.
type newest struct {
	name string
	at   time.Time
	rep  token.Report
}

// consider takes r, the file name's, when it is a token of old's
// credential newer than the newest met so far.
func (n *newest) consider(old token.Report, name string, r token.Report) {
	key := token.CredentialKey(r)
	if r.Kind != old.Kind || !r.Status.AsToken() || key == "" || key != token.CredentialKey(old) {
		return
	}
	if when := token.MadeAt(r); when.After(n.at) {
		n.name, n.at, n.rep = name, when, r
	}
}

// replacing is the file of the newest token met when it replaces old: made
// later and usable (ok, expiring or stale). A newest that is broken or
// expired replaces nothing, as mdmtoken check has it (replacementOf):
// it may hide no older token.
func (n newest) replacing(old token.Report) string {
	if n.name == "" || !n.at.After(token.MadeAt(old)) || !n.rep.Status.Usable() {
		return ""
	}
	return n.name
}

// markReplacedAmong marks, among the files of a folder inspected for the
// picker, each good token that the newest of its credential in the list
// replaced, as its verdict will; checking a file, each token or push
// certificate judged as its credential's (replaceable).
func markReplacedAmong(cands []Candidate, checking bool) {
	for i := range cands {
		old := cands[i].Report
		if old == nil || !(checking && replaceable(*old) ||
			(old.Kind == token.KindDEP || old.Kind == token.KindVPP) && old.Status.Severity() == token.SeverityOK) {
			continue
		}
		var n newest
		for j, c := range cands {
			if j != i && c.Report != nil {
				n.consider(*old, c.Name, *c.Report)
			}
		}
		if name := n.replacing(*old); name != "" {
			r := *old
			markReplacedBy(&r, name)
			cands[i].Report = &r
		}
	}
}

// replaceable reports whether checking a file, r is a token or push
// certificate that a newer one of its server, location or topic beside it
// replaces whatever r is alone (token.Status.AsToken), as mdmtoken check
// says.
func replaceable(r token.Report) bool {
	switch r.Kind {
	case token.KindVPP, token.KindDEP, token.KindPush:
		return r.Status.AsToken()
	}
	return false
}

// markReplacedBy makes the report of a token that a newer one beside it
// replaced say so.
func markReplacedBy(rep *token.Report, newer string) {
	name := token.Printable(filepath.Base(newer))
	alone := ""
	if rep.Status != token.StatusOK && rep.Status != token.StatusStale {
		// What the file is on its own, which the replaced mark hides.
		alone = " On its own it is " + strings.ToLower(StatusWord(rep.Status)) + "."
	}
	rep.Status = token.StatusReplaced
	if rep.Kind == token.KindPush {
		rep.Message = fmt.Sprintf("A newer push certificate for the topic %q is beside this one: %s, its renewal (a later expiry). Only the newest can be the certificate in use.%s",
			token.Printable(rep.Topic), name, alone)
		return
	}
	if rep.Kind == token.KindDEP {
		rep.Message = fmt.Sprintf("A newer token for the MDM server %q is beside this one: %s. Downloading it replaced this token, so this one is no longer valid.%s",
			token.Printable(rep.Server), name, alone)
		return
	}
	rep.Message = fmt.Sprintf("A newer content token for location %q is beside this one: %s. Downloading it replaced this token, so this one is no longer valid.%s",
		token.Printable(location(*rep)), name, alone)
}

// markOtherName makes the report of a DEP token for another server, or a
// VPP token for another location, than the one renewed again say so: a
// mismatch, told from Apple's file name.
func markOtherName(rep *token.Report, renewing string) {
	switch got := location(*rep); {
	case rep.Kind == token.KindDEP && rep.Server != "" && !strings.EqualFold(rep.Server, renewing):
		rep.Message = fmt.Sprintf("This server token is for the MDM server %q (from the file name), but you are renewing %q, chosen from the renewal history.",
			token.Printable(rep.Server), token.Printable(renewing))
	case rep.Kind == token.KindVPP && got != "" && !nameVariant(got, renewing):
		rep.Message = fmt.Sprintf("This content token is for location %q (from the file name), but you are renewing %q, chosen from the renewal history.",
			token.Printable(got), token.Printable(renewing))
	default:
		return
	}
	rep.Status = token.StatusMismatch
}

// otherTopics are the push certificates beside the chosen one with another
// topic, by base name.
func (l Lookup) otherTopics(path string, chosen token.Report, seen map[string]token.Report) []string {
	var out []string
	l.siblings(path, seen, func(other string, r token.Report) {
		if r.Kind == token.KindPush && r.Topic != "" && r.Topic != chosen.Topic {
			out = append(out, token.Printable(filepath.Base(other)))
		}
	})
	slices.Sort(out)
	return out
}

// otherTopicsNote says that push certificates of another topic are beside
// the one checked; empty when none is.
func otherTopicsNote(others []string) string {
	if len(others) == 0 {
		return ""
	}
	return "Beside it are push certificates of another topic: " + strings.Join(others, ", ") + ". A renewal keeps the topic, so at most one of the topics is the MDM's: " +
		"uploading a certificate of another topic than the one the MDM shows means every enrolled device must enroll again. Renewing it here compares the topic for you."
}

// sameContent are the files beside a content token that hold the very
// same token under another location's name, by base name.
func (l Lookup) sameContent(path string, chosen token.Report, seen map[string]token.Report) []string {
	loc := location(chosen)
	var out []string
	l.siblings(path, seen, func(other string, r token.Report) {
		if r.Kind == token.KindVPP && r.SHA256 != "" && r.SHA256 == chosen.SHA256 && location(r) != "" && !nameVariant(location(r), loc) {
			out = append(out, token.Printable(filepath.Base(other)))
		}
	})
	slices.Sort(out)
	return out
}

// nameVariant reports whether two location names are one, in any case, or
// one is the other with words in parentheses added ("Main Campus (old)"):
// a renamed copy, not another location ("Main Campus East" is another).
func nameVariant(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	copyOf := func(x, y string) bool { return strings.HasPrefix(x, y+" (") && strings.HasSuffix(x, ")") }
	return a == b || copyOf(a, b) || copyOf(b, a)
}

// uploaded reports whether the renewal history shows r, a token made or
// downloaded at made, as uploaded: its own entry (the same content), or an
// entry of its credential recorded since it was made.
func (l Lookup) uploaded(r token.Report, made time.Time) bool {
	probe := history.Entry{Kind: r.Kind, Org: r.Org, Location: location(r), Server: r.Server}
	for _, it := range l.recorded {
		if it.Reset() || it.Identity() != probe.Identity() {
			continue
		}
		if it.SHA256 != "" && strings.EqualFold(it.SHA256, r.SHA256) || it.Recorded.After(made) {
			return true
		}
	}
	return false
}

// otherLocationsNote says that content tokens of other locations are
// beside the chosen one; empty when none is.
func otherLocationsNote(others []string, loc string) string {
	if len(others) == 0 {
		return ""
	}
	quoted := make([]string, len(others))
	for i, o := range others {
		quoted[i] = `"` + token.Printable(o) + `"`
	}
	return "This folder also holds content tokens for " + strings.Join(quoted, ", ") + ": each location has its own token and its own entry in the MDM. " +
		`Upload this one to the entry for location "` + token.Printable(loc) + `".`
}

// addNote adds a note to the checked file's report; an empty note adds
// nothing.
func (c *Checked) addNote(note string) {
	if note != "" {
		c.Report.Notes = append(c.Report.Notes, note)
	}
}

// siblings calls fn with each file beside the one at path that looks like
// what is wanted, and what it is (from seen when it was inspected before;
// kept there otherwise), at most maxSiblings entries of the folder.
func (l Lookup) siblings(path string, seen map[string]token.Report, fn func(other string, r token.Report)) {
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for i, e := range entries {
		if i >= maxSiblings {
			break
		}
		other := filepath.Join(dir, e.Name())
		if !e.Type().IsRegular() || other == path || !l.Likely(e.Name()) {
			continue
		}
		r, ok := seen[other]
		if !ok {
			r = l.Inspect(other)
			seen[other] = r
		}
		fn(other, r)
	}
}

// replacedExpiry looks beside the chosen token for the one it replaces:
// the same kind for the same server (DEP) or the same organization and
// location (VPP: each location has its own token), expiring earlier. When
// whom the token is for is not known, nothing is taken for it. Only files
// that look like what is wanted are read. Zero when none is found.
func (l Lookup) replacedExpiry(path string, chosen token.Report, seen map[string]token.Report) time.Time {
	if !chosen.HasExpiry() || !chosen.Kind.IsRenewable() {
		return time.Time{}
	}
	var best time.Time
	l.siblings(path, seen, func(other string, r token.Report) {
		if same(r, chosen) && r.HasExpiry() && replaces(r.Expires, chosen.Expires) && r.Expires.After(best) {
			best = r.Expires
		}
	})
	return best
}

// same reports whether two tokens are for the same thing: the same MDM
// server (DEP), the same organization and location (VPP), or the same push
// topic (push).
func same(a, b token.Report) bool {
	switch {
	case a.Kind != b.Kind:
		return false
	case a.Kind == token.KindPush:
		return a.Topic != "" && a.Topic == b.Topic
	case a.Kind == token.KindDEP:
		return a.Server != "" && a.Server == b.Server
	case a.Kind == token.KindVPP:
		return a.Org != "" && a.Org == b.Org && location(a) != "" && location(a) == location(b)
	}
	return false
}

// Candidate is one entry of the folder the file picker shows.
type Candidate struct {
	Name string
	Dir  bool // a folder, or a link to one
	// Modified is when the file was downloaded or last changed: the time
	// in a DEP token's name as Apple gives it, else the modification time;
	// zero when unknown. InspectAll fills it in from Entry for the files
	// that look like what is wanted, so a folder's other files are never
	// stat'ed.
	Modified time.Time
	Entry    fs.DirEntry   // the folder's entry, nil when not read from a folder
	Report   *token.Report // what the file is, once inspected
}

// when fills in Modified: from the name of a DEP token, else from the
// folder's entry (one lstat, for a file that is not a link).
func (c *Candidate) when() {
	if !c.Modified.IsZero() {
		return
	}
	if _, t, ok := token.ParseDEPFileName(c.Name); ok {
		c.Modified = t
		return
	}
	if c.Entry == nil {
		return
	}
	if info, err := c.Entry.Info(); err == nil {
		c.Modified = info.ModTime()
	}
}

// maxInspected bounds how many files of a folder are inspected to choose
// where the picker starts.
const maxInspected = 50

// InspectAll fills in the time (Modified) of the files in dir that look
// like what is wanted, and the reports of the newest of them, at most
// maxInspected, newest first.
func (l Lookup) InspectAll(dir string, cands []Candidate) {
	var likely []int
	for i := range cands {
		c := &cands[i]
		if c.Dir || !l.Likely(c.Name) {
			continue
		}
		c.when()
		if !c.Modified.IsZero() && c.Report == nil {
			likely = append(likely, i)
		}
	}
	slices.SortStableFunc(likely, func(a, b int) int { return cands[b].Modified.Compare(cands[a].Modified) })
	for _, i := range likely[:min(len(likely), maxInspected)] {
		r := l.Inspect(filepath.Join(dir, cands[i].Name))
		cands[i].Report = &r
	}
	switch l.Expect {
	case token.KindPush:
		l.comparePush(dir, cands)
	case token.KindDEP, token.KindVPP:
		markReplacedAmong(cands, false)
	case "":
		markReplacedAmong(cands, true) // checking a file: whatever the older ones are alone
	}
}

// comparePush judges each push certificate of the list against the one
// the MDM uses: the topic typed from it, else the certificate among them
// it replaces (the newest that expires well before it), so that the list
// already shows a new topic as a mismatch.
func (l Lookup) comparePush(dir string, cands []Candidate) {
	var olds []token.Report
	for _, c := range cands {
		if c.Report != nil && c.Report.Kind == token.KindPush && c.Report.HasExpiry() {
			olds = append(olds, *c.Report)
		}
	}
	for i, c := range cands {
		if c.Report == nil || c.Report.Kind != token.KindPush || !c.Report.HasExpiry() {
			continue
		}
		var old *token.Report
		if l.topic != "" {
			old = typedReplaced(l.topic, *c.Report)
		}
		for j, o := range olds {
			if l.topic == "" && replaces(o.Expires, c.Report.Expires) && (old == nil || o.Expires.After(old.Expires)) {
				old = &olds[j]
			}
		}
		if e, ok := historyReplaced(l.known, *c.Report); old == nil && ok {
			old = historyReport(e)
		}
		if old != nil {
			r := l.against(filepath.Join(dir, c.Name), nil, old)
			cands[i].Report = &r
		}
	}
}

// Preselect is the candidate the picker starts on, and whether it is good
// (a right, fresh token): among the inspected files that are not known to
// be wrong, the good ones before the doubtful (an old download), then the
// newest. A file of another kind, for another MDM server, expired or
// damaged is never the start; -1 when no file qualifies. A practice run
// starts on none (the top of the list), so the start gives nothing away.
func (l Lookup) Preselect(cands []Candidate) (best int, good bool) {
	if l.Practice {
		return -1, false
	}
	rank := func(c Candidate) int {
		switch {
		case c.Dir || c.Modified.IsZero() || !l.Likely(c.Name) || c.Report == nil:
			return 0
		}
		switch c.Report.Status.Severity() {
		case token.SeverityOK:
			return 2
		case token.SeverityWarning:
			return 1
		}
		return 0
	}
	best = -1
	for i, c := range cands {
		r := rank(c)
		if r == 0 {
			continue
		}
		if r == 2 && l.prefer != "" && c.Name == filepath.Base(l.prefer) {
			return i, true // the file the verdict pointed to
		}
		if b := best; b < 0 || r > rank(cands[b]) || r == rank(cands[b]) && c.Modified.After(cands[b].Modified) {
			best = i
		}
	}
	return best, best >= 0 && rank(cands[best]) == 2
}

// Passed lists, in words, what a report shows to be right; fresh says
// whether the file was judged as a new download.
func Passed(r token.Report, fresh bool) []string {
	if !r.Kind.IsRenewable() {
		return nil
	}
	var out []string
	if r.Status != token.StatusWrongKind && r.Status != token.StatusInvalid {
		out = append(out, "content: "+r.Kind.Label())
	}
	if r.Decrypted {
		out = append(out, "decrypted with the MDM's key")
	} else if len(r.Recipients) > 0 && r.Status != token.StatusWrongServer && r.Status != token.StatusInvalid {
		out = append(out, "the envelope is intact")
	}
	if r.HasExpiry() && r.DaysLeft >= 0 && r.Status != token.StatusStale && r.Status != token.StatusReplaced {
		out = append(out, "not expired") // a replaced token's date no longer says it works
	}
	// A push certificate has no download date: it is new when it renews
	// the one it replaces (Renewal.Checks says so), never by itself.
	if fresh && (r.Status == token.StatusOK || r.Status == token.StatusExpiring) && r.Kind != token.KindPush {
		// A token lasts a year from its download: its days left date it.
		if age := 365 - r.DaysLeft; r.HasExpiry() && age > 1 {
			out = append(out, fmt.Sprintf("a recent download (about %d days old)", age))
		} else {
			out = append(out, "a fresh download")
		}
	}
	return out
}

// AlreadyDownloaded says, before Apple's steps, that a new token of the
// kind renewed is already in dir, made recently enough to be a fresh
// download (for the server or location renewed again, when there is one)
// and not uploaded since as far as the renewal history knows: downloading
// again would replace it. Zero when there is none, for the push
// certificate, when uploading a token reset elsewhere (no fresh download
// is looked for), in practice, and when checking a file. At most
// maxSiblings entries of dir are looked at.
func (l Lookup) AlreadyDownloaded(dir string) Already {
	if l.Expect != token.KindVPP && l.Expect != token.KindDEP || !l.Fresh || l.Practice || dir == "" {
		return Already{}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return Already{}
	}
	var best token.Report
	var bestPath string
	var at time.Time
	for i, e := range entries {
		if i >= maxSiblings {
			break
		}
		if !e.Type().IsRegular() || !l.Likely(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		rep := l.Inspect(path)
		made := token.MadeAt(rep)
		if rep.Status != token.StatusOK || made.IsZero() || l.uploaded(rep, made) || !made.After(at) {
			continue
		}
		best, bestPath, at = rep, path, made
	}
	if bestPath == "" {
		return Already{}
	}
	name := token.Printable(filepath.Base(bestPath))
	a := Already{Path: bestPath, At: at}
	if best.Kind == token.KindVPP {
		a.Text = fmt.Sprintf("Already in %s: %s, a content token for location %q made %s. If it is not uploaded yet, do not download again: a new download replaces it.", token.Printable(Tilde(dir)), name, token.Printable(location(best)), Since(at, l.now()))
		return a
	}
	a.Text = fmt.Sprintf("Already in %s: %s, a server token for the MDM server %q downloaded %s. If it is not uploaded yet, do not download again: that would reset it.", token.Printable(Tilde(dir)), name, token.Printable(best.Server), Since(at, l.now()))
	return a
}

// Already is a fresh token of the kind renewed found in the folder before
// Apple's steps (Lookup.AlreadyDownloaded): its path, when it was made, and
// what to say of it; zero when there is none.
type Already struct {
	Path string
	At   time.Time
	Text string
}

// Shortfall says, above the file list, that no file in the folder where
// (as the front end shows it) is good for the renewal: what the likeliest
// one (best, -1 when none) lacks, or that there is none; more is the
// front end's words on where the list says what each file is. Empty when
// only checking a file, and in practice, where it would give the answer
// away.
func (l Lookup) Shortfall(cands []Candidate, best int, where, more string) string {
	if l.Expect == "" || l.Practice || len(cands) == 0 {
		return ""
	}
	noun := l.Expect.Noun()
	if best >= 0 {
		r := cands[best].Report
		switch {
		case r == nil:
		case r.Status != token.StatusStale:
			// Fresh, but not right as it is: its verdict says why.
			return fmt.Sprintf("No %s in %s is right for this renewal as it is: the likeliest, %s, is %s.",
				noun, where, token.Printable(cands[best].Name), strings.ToLower(StatusWord(r.Status)))
		case !r.Downloaded.IsZero():
			return fmt.Sprintf("No fresh %s for this renewal in %s: the likeliest was downloaded %s.", noun, where, DateOnly(r.Downloaded))
		case r.HasExpiry():
			return fmt.Sprintf("No fresh %s for this renewal in %s: the likeliest expires %s.", noun, where, DateOnly(r.Expires))
		}
		return fmt.Sprintf("No fresh %s for this renewal in %s.", noun, where)
	}
	for _, c := range cands {
		if c.Report != nil {
			return fmt.Sprintf("No usable %s in %s: %s.", noun, where, more)
		}
	}
	return fmt.Sprintf("No %s file in %s.", noun, where)
}
