package plain

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/record"
	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// heading starts a screen: an empty line, its title, and what must not be
// missed on any screen (a reset DEP token, a place that cannot be saved,
// a note left by the last screen).
func (s *session) heading(title string) {
	p := s.p
	p.blank()
	if s.opts.Practice {
		title = "Practice run. " + title
	}
	p.line("", title)
	if s.r.PendingReset() {
		p.line("", renewal.ResetBanner(s.r.Kind(), false))
	}
	if s.stateErr != nil {
		p.line("", "Your place cannot be saved for resuming: "+s.stateErr.Error())
	}
	if s.note != "" {
		p.line("", s.note)
		s.note = ""
	}
}

// backAnswer is the answer that goes back, when there is somewhere to go.
func (s *session) backAnswer(label string) []answer {
	if !s.canBack() {
		return nil
	}
	return []answer{{key: "b", label: label}}
}

// start asks what the user came to do.
func (s *session) start() error {
	s.heading("What do you want to do?")
	intro := "Apple's MDM tokens and the push certificate last one year. Renewing means downloading a new file from Apple and uploading it to your MDM portal."
	if s.opts.Practice {
		intro = "Practice run: the file list shows a temporary Downloads folder of sample files, with the usual wrong picks among them. Nothing is real, saved or uploaded."
	}
	now := s.opts.Now()
	var due []history.Item
	for _, it := range s.opts.Due {
		if it.Kind.IsRenewable() {
			due = append(due, it)
		}
	}
	if len(due) > 0 {
		intro = renewal.DueIntro(due)
	}
	if note := playbookNote(s.opts.Warnings); note != "" {
		intro = note + " " + intro // said whatever the intro
	}
	s.p.line("", intro)
	kinds := token.Renewable()
	m := menu{def: "1"}
	for _, it := range due {
		m.numbered = append(m.numbered, answer{label: it.Summary(now), desc: renewal.DueAdvice(it, now, false)})
	}
	for _, k := range kinds {
		m.numbered = append(m.numbered, answer{label: "Renew the " + k.Noun(), desc: renewDesc(k)})
	}
	m.numbered = append(m.numbered, answer{label: "Check a file",
		desc: "Tell what a token file really is and whether it is still valid, without renewing anything."})
	key, err := s.ask(m)
	if err != nil {
		return err
	}
	switch i := number(key); {
	case i >= 0 && i < len(due):
		s.r.BeginAgain(due[i].Entry)
	case i >= len(due) && i-len(due) < len(kinds):
		s.r.Begin(kinds[i-len(due)])
	default:
		s.r.BeginCheck()
	}
	return nil
}

// number is the index of a numbered answer's key; -1 for a letter.
func number(key string) int {
	n := 0
	for _, c := range key {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n - 1
}

// apple asks for the Apple portal.
func (s *session) apple() error {
	s.heading("Which Apple portal do you sign in to?")
	s.p.line("", "Apple has redesigned Apple Business Manager; the menus differ. Pick the one that matches what you see.")
	portals := s.opts.Catalog.ApplePortals()
	m := menu{def: "1", letters: s.backAnswer("Back")}
	for _, a := range portals {
		m.numbered = append(m.numbered, answer{label: a.Name, desc: a.Summary})
	}
	key, err := s.ask(m)
	switch i := number(key); {
	case err != nil:
		return err
	case key == "b":
		s.back()
	default:
		s.r.ChooseApple(portals[i].ID)
	}
	return nil
}

// portal asks for the MDM portal.
func (s *session) portal() error {
	kind := s.r.Kind()
	s.heading(fmt.Sprintf("Which MDM portal will you upload the %s to?", kind.Noun()))
	if note := playbookNote(s.opts.Warnings); note != "" {
		s.p.line("", note)
	}
	portals := s.opts.Catalog.Portals(kind)
	m := menu{def: "1", letters: s.backAnswer("Back")}
	for _, p := range portals {
		m.numbered = append(m.numbered, answer{label: p.Title(), desc: s.opts.Catalog.Follows(p, kind)})
	}
	key, err := s.ask(m)
	switch i := number(key); {
	case err != nil:
		return err
	case key == "b":
		s.back()
	default:
		if err := s.r.ChoosePortal(portals[i].ID); err != nil {
			return fmt.Errorf("the guide for %s: %w", portals[i].Name, err)
		}
	}
	return nil
}

// caveats says what to know before starting: the file needed first, then
// the guide's caveats and the sources it follows.
func (s *session) caveats() error {
	g := s.r.Guide()
	p := s.p
	s.heading(fmt.Sprintf("Before you start: %s, %s and %s", g.Kind.Noun(), g.Apple.Name, g.Portal.Name))
	if n := s.r.Renewing(); n != "" {
		p.label("Renewing", n+", as in the renewal history")
	}
	p.label("You will download", g.FileName)
	already := s.r.Lookup().AlreadyDownloaded(s.opts.Dir)
	if already.Text != "" {
		p.line("", "Warning: "+already.Text+" Answer u to upload this one instead, without Apple's steps.")
	}
	for _, c := range g.Caveats {
		p.bullet(c)
	}
	if len(g.Sources) > 0 {
		p.line("", "Sources:")
		for _, src := range g.Sources {
			p.bullet(sourceLine(src))
			p.url(src.URL)
		}
	}
	start := fmt.Sprintf("Start the steps in %s (%s)", g.Apple.Name, renewal.Plural(len(g.AppleSteps), "step"))
	if len(g.BeforeSteps) > 0 {
		start = fmt.Sprintf("Start with the request file from %s (%s), then %s", g.Portal.Name, renewal.Plural(len(g.BeforeSteps), "step"), g.Apple.Name)
	}
	m := menu{def: "1", letters: s.backAnswer("Back"), numbered: []answer{{label: start}}}
	if already.Path != "" {
		m.letters = append([]answer{{key: "u", label: "Upload " + token.Printable(filepath.Base(already.Path)) + " instead, without Apple's steps"}}, m.letters...)
	}
	key, err := s.ask(m)
	switch {
	case err != nil:
		return err
	case key == "b":
		s.back()
	case key == "u" && already.Path != "":
		s.r.UploadAlready(already)
	default:
		s.r.Next()
	}
	return nil
}

// walk shows the current step of Apple's or the MDM portal's steps. A
// step with a warning goes on only with an explicit y.
func (s *session) walk() error {
	st, g, p := s.r.Stage(), s.r.Guide(), s.p
	list, where := g.AppleSteps, g.Apple.Name
	switch st {
	case renewal.StagePortalSteps:
		list, where = g.PortalSteps, g.Portal.Name
	case renewal.StageRequestSteps:
		list, where = g.BeforeSteps, g.Portal.Name
	}
	if len(list) == 0 {
		s.r.StepsDone()
		return nil
	}
	i := s.r.Step(st)
	step := list[i]
	s.heading(fmt.Sprintf("%s, step %d of %d", where, i+1, len(list)))
	p.line("", step.Text)
	if c := s.r.Chosen(); step.Upload && c != nil {
		if c.Path == "" {
			p.label("Choose this file", "the file you copied the text from")
			p.label("Apple names it", g.FileName)
		} else {
			p.name("Choose this file", c.Name())
			p.name("In the folder", c.Folder())
		}
		p.label("It is for", renewal.For(c.Report))
	}
	if step.Detail != "" {
		p.blank()
		p.line("", step.Detail)
	}
	if step.Note != "" {
		p.blank()
		p.line("", "Note: "+step.Note)
	}
	confirm := step.Warning != "" && !s.r.Confirmed(st, i)
	if step.Warning != "" {
		p.blank()
		p.line("", "Warning: "+step.Warning)
		if !confirm {
			p.line("", "Confirmed.")
		}
	}

	var m menu
	switch {
	case confirm && step.ID == "renew" && !step.Download:
		m = menu{ask: "Type y to confirm",
			empty:   "Enter alone does not confirm: type y and press Enter to confirm you will click Renew, or b to go back.",
			letters: []answer{{key: "y", label: "Yes: I will click Renew for the certificate my MDM uses, not Create a Certificate or Revoke"}}}
	case confirm:
		m = menu{ask: "Type y to confirm",
			empty:   "Enter alone does not confirm: type y and press Enter to confirm you will finish the upload now, or b to go back.",
			letters: []answer{{key: "y", label: "Yes: I will finish the upload right after this download"}}}
	case i == len(list)-1 && st == renewal.StageRequestSteps:
		m = menu{def: "1", numbered: []answer{{label: fmt.Sprintf("Done: on to %s", g.Apple.Name)}}}
	case i == len(list)-1 && st == renewal.StageAppleSteps:
		m = menu{def: "1", numbered: []answer{{label: "Done: choose the downloaded file"}}}
	case i == len(list)-1:
		m = menu{def: "1", numbered: []answer{{label: "Done: confirm the upload"}}}
	default:
		m = menu{def: "1", numbered: []answer{{label: "Done, next step"}}}
	}
	if i > 0 {
		m.letters = append(m.letters, answer{key: "b", label: fmt.Sprintf("Back to step %d", i)})
	} else {
		m.letters = append(m.letters, s.backAnswer("Back")...)
	}
	key, err := s.ask(m)
	switch {
	case err != nil:
		return err
	case key == "b" && i > 0:
		s.r.SetStep(i - 1)
		return nil
	case key == "b":
		s.back()
		return nil
	case key == "y":
		s.r.ConfirmStep(i, s.opts.Now())
	}
	if i == len(list)-1 {
		s.r.StepsDone()
	} else {
		s.r.SetStep(i + 1)
	}
	return nil
}

// verdict says in full what the chosen file is, what was checked and what
// to do, and offers the ways on the renewal allows.
func (s *session) verdict() error {
	c, p := s.r.Chosen(), s.p
	r := c.Report
	s.heading(fmt.Sprintf("Verdict: %s, %s", s.r.VerdictMark().Badge, r.Kind.Label()))
	p.name("File", c.Name())
	for _, f := range renewal.Facts(r, s.opts.Now()) {
		p.label(f.Label, f.Value)
	}
	if c.Topic.How == renewal.TopicByFile {
		p.name("Compared with", token.Printable(filepath.Base(c.Topic.File)))
		p.line("  ", "the certificate it replaces, found beside it, which expires "+renewal.DateOnly(c.ReplacedExpiry))
	}
	p.blank()
	p.line("", r.Message)
	if r.Action != "" {
		p.label("What to do", r.Action)
	}
	if m := s.r.Match(); m.Text != "" {
		p.label(m.Label, m.Text)
	}
	for _, n := range r.Notes {
		p.label("Note", n)
	}
	if checks := s.r.Checks(); len(checks) > 0 && r.Status.Severity() != token.SeverityProblem {
		p.label("Checked", strings.Join(checks, "; "))
	}

	portal := ""
	if g := s.r.Guide(); g != nil {
		portal = g.Portal.Name
	}
	var ways []renewal.Choice
	m := menu{def: "1"}
	choices := s.r.Choices()
	for _, ch := range choices {
		if ch == renewal.Quit {
			continue // q is always there
		}
		ways = append(ways, ch)
		m.numbered = append(m.numbered, answer{label: renewal.ChoiceLabel(ch, portal, s.r.Checking(), renewal.Matched(choices), r.Kind)})
	}
	key, err := s.ask(m)
	if err != nil {
		if err == errQuit {
			s.r.Decide(renewal.Quit)
		}
		return err
	}
	s.r.Decide(ways[number(key)])
	return nil
}

// summary sums up the renewal, as the confirmation and the end show it.
func (s *session) summary() {
	g, c, p := s.r.Guide(), s.r.Chosen(), s.p
	r, now := c.Report, s.opts.Now()
	p.label("Token", g.Kind.Noun())
	p.label("Apple portal", g.Apple.Name)
	p.label("MDM portal", g.Portal.Name)
	p.name("File", c.Name())
	p.label("Organization", r.Org)
	p.label("Location", c.Location())
	p.label("Server", r.Server)
	for _, o := range c.AlsoReset {
		p.label("Also to do", o.ToDo())
	}
	p.label("Push topic", r.Topic)
	p.label("Old expiry", renewal.OldExpiryText(c.ReplacedExpiry, s.r.ResetAt()))
	if r.HasExpiry() {
		p.label("New expiry", renewal.ExpiryText(r, now))
		if by := record.RenewAt(r.Expires); by.After(now) {
			p.label("Renew next by", renewal.DateOnly(by)+fmt.Sprintf(" (%d days before expiry)", record.RenewDaysBefore))
		} else {
			p.label("Renew next by", fmt.Sprintf("now: it expires in less than %d days", record.RenewDaysBefore))
		}
	}
	if r.Status.Severity() != token.SeverityOK {
		p.label("Used anyway", renewal.UsedAnywayText(r))
	}
	if checks := s.r.Checks(); len(checks) > 0 {
		p.label("Checked", strings.Join(checks, "; "))
	}
	if m := s.r.Match(); m.Text != "" {
		p.label(m.Label, m.Text)
	}
}

// topic takes the push topic the MDM shows, to compare the certificate
// with; a period alone goes back to the verdict.
func (s *session) topic() error {
	g, c, p := s.r.Guide(), s.r.Chosen(), s.p
	s.heading("Compare with the certificate " + g.Portal.Prose() + " uses")
	for _, para := range renewal.TopicHelp(g.Portal.Prose(), c.Name()) {
		p.line("", para)
	}
	for {
		p.prompt("Topic or APSP name (a period alone goes back):")
		line, err := s.in.next(s.ctx)
		if err != nil {
			p.blank()
			return err
		}
		if strings.TrimSpace(line) == "." {
			s.back()
			return nil
		}
		if err := s.r.CompareTopic(line); err != nil {
			p.line("", renewal.Sentence(err))
			continue
		}
		return nil
	}
}

// confirm sums up the renewal and asks whether the portal accepted the
// file; when it did not, it shows the portal's common errors and fixes.
func (s *session) confirm() error {
	g := s.r.Guide()
	s.heading("Almost done: check the upload")
	s.summary()
	s.p.blank()
	s.p.line("", fmt.Sprintf("Did %s accept the file? Look for a success message or the new expiry date in the portal.", g.Portal.Prose()))
	m := menu{ask: "Type y or n", empty: fmt.Sprintf("Type y if %s accepted the file, n if it did not.", g.Portal.Prose()), letters: []answer{
		{key: "y", label: fmt.Sprintf("Yes, %s accepted it", g.Portal.Prose())},
		{key: "n", label: "No: show the common errors and fixes"},
	}}
	m.letters = append(m.letters, s.backAnswer("Back to "+renewal.StepsOf(g.Portal.Prose()))...)
	key, err := s.ask(m)
	switch {
	case err != nil:
		return err
	case key == "b":
		s.back()
		return nil
	case key == "y":
		s.r.Answer(true)
		return nil
	}
	s.r.Answer(false)
	return s.trouble(*g)
}

// trouble lists the portal's common errors and fixes after it refused the
// file, and asks what to do.
func (s *session) trouble(g steps.Guide) error {
	p := s.p
	s.heading(renewal.Capitalized(g.Portal.Prose()) + " did not accept the file: common causes")
	for _, e := range g.Errors {
		p.bullet(e.Symptom)
		p.hanging("  Cause: ", "         ", e.Cause)
		p.hanging("  Fix: ", "       ", e.Fix)
	}
	if len(g.Errors) == 0 {
		p.line("", "This guide lists no common errors. Check the file name the portal shows and the portal's own message.")
	}
	key, err := s.ask(menu{def: "1", numbered: []answer{
		{label: "Pick another file"},
		{label: fmt.Sprintf("Back to the question whether %s accepted the file", g.Portal.Prose())},
	}})
	if err != nil {
		return err
	}
	if key == "1" {
		s.r.PickAgain()
	}
	return nil
}

// done ends a renewal the portal accepted: the record and reminder are
// written, the saved place is dropped once they are, and the summary is
// shown. Where
// they went and the practice score are the caller's to report.
func (s *session) done() error {
	s.heading("✓ Renewal done")
	s.summary()
	defer s.p.blank() // the caller's report follows
	now := s.opts.Now()
	if portal, server, paths, ok := s.r.Remembered(); ok && s.opts.Certs != nil {
		// A failure only means the next renewal looks for it again.
		_ = s.opts.Certs.Remember(portal, server, paths)
	}
	if s.opts.History != "" || s.opts.Practice {
		s.historySaid, _ = s.r.ForHistory(now, record.CurrentUser(), hostname()).Add(s.ctx, s.opts.History)
		defer s.sayHistory()
	}
	if s.opts.Practice {
		s.practiceEnd()
	}
	if s.opts.Practice || s.opts.RecordDir == "" {
		s.forgetPlace()
		s.p.line("", "Put the renew-by date in your calendar.")
		if s.opts.Practice {
			return nil
		}
		return s.tidy("")
	}
	rec, ok := s.r.Record(now)
	if !ok {
		s.forgetPlace()
		return nil
	}
	rec.User, rec.Host = record.CurrentUser(), hostname()
	md, ics, err := record.Save(s.opts.RecordDir, rec, now)
	s.recordFile, s.calendarFile = md, ics
	if md != "" {
		// Kept when the record could not be written, so that the renewal
		// can be taken up again to write it.
		s.forgetPlace()
	}
	switch {
	case md == "":
		// The place kept needs the file where it is, to go on.
		s.p.line("", "The renewal record could not be saved: "+token.Printable(err.Error())+". Your place is kept: run mdmtoken again to go on and write it.")
		return nil
	case ics == "":
		s.p.line("", "The expiry is unknown, so no calendar reminder was made.")
	}
	return s.tidy(md)
}

// sayHistory says, once, what was added to the renewal history.
func (s *session) sayHistory() {
	if s.historySaid != "" && !s.historyShown {
		s.historyShown = true
		s.p.line("", s.historySaid)
	}
}

// tidy asks what to do with the token files left in the folder the file
// was picked from (renewal.Lookup.Leftovers), does it, and notes it in the
// record at md, if any.
func (s *session) tidy(md string) error {
	s.sayHistory() // before the question, as it was done before it
	c := s.r.Chosen()
	if c == nil || c.Path == "" {
		return nil
	}
	files := s.r.Lookup().Leftovers(*c)
	if len(files) == 0 {
		return nil
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = token.Printable(filepath.Base(f))
	}
	what := "the token files"
	if len(files) == 1 {
		what = "the token file"
	}
	if c.Report.Kind == token.KindPush {
		what = strings.Replace(what, "token file", "push certificate", 1)
	}
	s.p.blank()
	s.p.line("", fmt.Sprintf("Clear %s out of %s? A file left there is next year's wrong pick: %s.",
		what, token.Printable(renewal.Tilde(filepath.Dir(files[0]))), strings.Join(names, ", ")))
	hows, first := renewal.TidyChoices(s.opts.UsedTokens != "")
	m := menu{def: strconv.Itoa(first + 1)} // never a deletion by an empty line
	for _, how := range hows {
		a := answer{label: how.Label(len(files))}
		if how == renewal.MoveThem {
			a.desc = "To " + token.Printable(renewal.Tilde(s.opts.UsedTokens)) + ", which only you can open."
		}
		m.numbered = append(m.numbered, a)
	}
	key, err := s.ask(m)
	if err != nil {
		return err
	}
	how := renewal.LeaveThem
	if i := number(key); i >= 0 && i < len(hows) {
		how = hows[i]
	}
	said, err := renewal.TidyUp(how, files, s.opts.UsedTokens)
	if err != nil {
		said += " Not done: " + err.Error()
	}
	s.p.line("", token.Printable(said))
	if md != "" {
		_ = record.AppendNote(md, "Token files", said)
	}
	return nil
}

// practiceEnd says whether the practice renewal was done with the right
// file, and what the trainee did with each trap of the practice folder.
// The score's line is the caller's to report.
func (s *session) practiceEnd() {
	score := s.r.Score()
	p := s.p
	p.blank()
	if score.Finished {
		p.line("", "Practice renewal done with the right file.")
	} else {
		p.line("", "Practice run over: the file uploaded was not the right one.")
	}
	if traps := score.Traps(); len(traps) > 0 {
		p.line("", "The wrong picks in the practice folder:")
		for _, t := range traps {
			p.bullet(t.Name + ": " + string(t.Outcome))
		}
	}
}

// offerResume offers to go on with an unfinished renewal. When it holds a
// confirmed DEP download, starting over asks first: the old token stays
// invalid until the new one is uploaded.
func (s *session) offerResume(st resume.State) error {
	now := s.opts.Now()
	where := st.Describe(s.opts.Catalog, "to")
	s.heading("Go on where you stopped?")
	intro := fmt.Sprintf("An unfinished renewal was saved %s: %s.", renewal.Since(st.SavedAt, now), where)
	if w := st.ResetWarning(now); w != "" {
		intro += " " + w
	}
	reset := st.StartOverWarning(now)
	s.p.line("", intro)
	for {
		key, err := ask(s.ctx, s.p, s.in, menu{def: "1", numbered: []answer{
			{label: "Resume where I stopped", desc: where},
			{label: "Start over", desc: "Forget the saved position and choose again."},
		}})
		switch {
		case err != nil:
			return err
		case key == quitKey:
			return errQuit
		case key == "1":
			s.resume(st.Place)
			return nil
		case reset == "":
			s.forgetPlace()
			return nil
		}
		p := st.Place
		s.p.blank()
		s.p.line("", "Start over and forget the saved renewal? "+reset)
		key, err = ask(s.ctx, s.p, s.in, menu{ask: "Start over", noQuit: true, letters: []answer{
			{key: "y", label: "Yes, start over"},
			{key: "n", label: "No, go back"},
		}})
		switch {
		case err != nil:
			return err
		case key == "y":
			s.forgetPlace()
			s.forgotten = &p // its token still waits: said when the wizard ends
			return nil
		}
		s.p.blank()
	}
}

// resume rebuilds the renewal at a saved place; a place past the file
// list needs its file checked again, unchanged, to go on there.
func (s *session) resume(p renewal.Place) {
	r, err := renewal.Resume(s.opts.config(), p)
	if err != nil {
		s.note = "The saved renewal cannot be resumed: " + err.Error() + "."
		return
	}
	s.r = r
	path, ok := r.SavedFile()
	if !ok {
		return
	}
	c := r.Lookup().CheckFile(path, nil)
	if !r.ResumeFile(c) {
		s.note = fmt.Sprintf("The file checked before, %s, is no longer there or has changed: choose the file again.", c.Name())
	}
}

// hostname names this computer for the record; empty when unknown.
func hostname() string {
	h, _ := os.Hostname()
	return h
}
