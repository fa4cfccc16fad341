package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/mdmtoken/mdmtoken/check"
	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/internal/pastelimit"
	"github.com/mdmtoken/mdmtoken/internal/textwrap"
	"github.com/mdmtoken/mdmtoken/mdmcerts"
	"github.com/mdmtoken/mdmtoken/practice"
	"github.com/mdmtoken/mdmtoken/record"
	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// wizardOptions are the wizard's flags.
type wizardOptions struct {
	guide     guideFlags
	dir       string
	cert      string
	key       string
	recordDir string
	history   string
	playbooks string
	practice  bool
	plain     bool
}

func (o *wizardOptions) register(cmd *cobra.Command) {
	o.guide.register(cmd, token.Renewable())
	f := cmd.Flags()
	f.StringVar(&o.dir, "dir", "", "folder the file picker starts in (default ~/Downloads)")
	f.StringVar(&o.cert, "cert", "", "the MDM's certificate (PEM or DER): check a DEP token was made for this server")
	f.StringVar(&o.key, "key", "", "the MDM's private key (with --cert): read a DEP token's exact expiry")
	f.StringVar(&o.recordDir, "record-dir", "", "folder for the renewal record and calendar reminder (default $XDG_DATA_HOME/mdmtoken/records, else ~/.local/share/mdmtoken/records)")
	f.StringVar(&o.history, "history", "", "the renewal history an accepted renewal is added to (default $"+history.EnvVar+", else $XDG_DATA_HOME/mdmtoken/history.jsonl)")
	f.BoolVar(&o.practice, "practice", false, "training run with sample files: no real tokens, no records")
	f.BoolVar(&o.plain, "plain", false, "plain text for screen readers and serial consoles (also when TERM=dumb)")
	_ = cmd.MarkFlagDirname("dir")
	_ = cmd.MarkFlagDirname("record-dir")
	playbooksFlag(cmd, &o.playbooks)
}

// errNoTerminal explains what to do when the wizard cannot run.
var errNoTerminal = errors.New("the wizard needs an interactive terminal, and this is not one.\n" +
	"To check a token file without a terminal, run: mdmtoken check FILE (see mdmtoken check --help)")

// runWizard checks the flags, starts the interactive wizard, and prints a
// one-line outcome when it ends so the terminal keeps a record.
func runWizard(cmd *cobra.Command, o wizardOptions) error {
	ctx, stdout, stderr := cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr()
	var warnings bytes.Buffer
	catalog, err := loadCatalog(cmd, &warnings, o.playbooks)
	if err != nil {
		return err
	}
	opts, err := o.resolve(catalog)
	if err != nil {
		return usageError(err)
	}
	if !isTerminal(os.Stdin) || !isTerminal(os.Stdout) {
		return &exitError{code: exitUsage, err: errNoTerminal}
	}
	opts.Warnings = nonEmptyLines(warnings.String())
	var stateWarnings bytes.Buffer
	done := false
	defer func() { keepWarnings(stderr, warnings.String(), stateWarnings.String(), done) }()

	if o.practice {
		cleanup, err := setUpPractice(&opts)
		if err != nil {
			return &exitError{code: exitProblem, err: fmt.Errorf("practice files: %w", err)}
		}
		defer cleanup()
	} else {
		if opts.Cert, opts.Key, err = loadMDMKeys(o.cert, o.key); err != nil {
			return err
		}
		opts.CertPath, opts.KeyPath = absPath(o.cert), absPath(o.key)
		opts.UsedTokens = renewal.UsedTokensFolder()
		opts.History, opts.Known = loadHistory(ctx, &warnings, o.history, time.Now())
		opts.Due = history.DueOf(opts.Known)
		if path := mdmcerts.DefaultPath(); path != "" {
			opts.Certs = &mdmcerts.Store{Path: path}
		}
		// Without a home folder there is nowhere to keep the position.
		if path := resume.DefaultPath(); path != "" {
			store := resume.Store{Path: path}
			var other bool
			opts.Resume, opts.StateWarnings, other = openState(store, time.Now(), &stateWarnings, opts)
			if !other { // else this run would save over the place kept for later
				opts.State = &store
			}
		}
	}

	if o.plain || dumbTerminal() {
		res, err := runPlain(ctx, stdout, stderr, opts)
		done = res.Answered && res.Accepted && res.Resumed
		return err
	}
	var prog *tea.Program
	// A paste is cut at the largest a token file can be before the
	// terminal input decoder collects it: a huge clipboard costs nothing.
	input := pastelimit.New(os.Stdin, token.MaxFileSize, func() { prog.Send(ui.PasteCut{}) })
	progOpts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(input)}
	if os.Getenv("NO_COLOR") != "" {
		progOpts = append(progOpts, tea.WithColorProfile(colorprofile.ASCII))
	}
	prog = tea.NewProgram(ui.New(opts), progOpts...)
	final, err := prog.Run()
	var result ui.Result
	if m, ok := final.(ui.Model); ok {
		result = m.Result()
		// The position is saved after every step in the background; save
		// the last one now, so a hang-up or kill loses nothing.
		if err := m.SavePlace(); err != nil {
			fmt.Fprintf(stderr, "warning: cannot save your place for resuming: %s\n", token.Printable(err.Error()))
		}
	}
	report(stdout, stderr, result)
	done = result.Answered && result.Accepted && result.Resumed
	switch {
	case errors.Is(err, tea.ErrInterrupted), errors.Is(err, tea.ErrProgramKilled):
		return &exitError{code: exitAborted}
	case err != nil:
		return err
	}
	return endStatus(result)
}

// keepWarnings writes the warnings said on the first screen to w when the
// wizard ends, so that the terminal keeps them: the catalog's and the
// history's, and the saved place's unless done, the renewal resumed from
// it finished (then they are about a place gone by).
func keepWarnings(w io.Writer, general, place string, done bool) {
	_, _ = io.WriteString(w, general)
	if !done {
		_, _ = io.WriteString(w, place)
	}
}

// openState reads the saved place: the one to offer, if any, and what was
// wrong with it, for the wizard's first screen. A place for another
// credential or portal than --kind, --apple and --portal ask for is not
// offered; other reports it, and the caller then saves no place of its
// own, so that the saved one stays for a run without those flags. The
// warnings go to w as well, printed when the wizard ends, so that the
// terminal keeps them.
func openState(store resume.Store, now time.Time, w io.Writer, asked ui.Options) (st *resume.State, warnings []string, other bool) {
	o := store.Open(now)
	warnings = o.Warnings
	if o.OK {
		if note := otherPlace(o.State.Place, asked); note != "" {
			o.OK, other, warnings = false, true, append(warnings, note)
		}
	}
	for _, warn := range warnings {
		fmt.Fprintf(w, "warning: %s\n", token.Printable(warn))
	}
	if !o.OK {
		return nil, warnings, other
	}
	return &o.State, warnings, false
}

// otherPlace says why a saved place is not offered when the flags ask for
// another credential, Apple portal or MDM portal; empty when they do not.
// The Apple portal of a kind that has its own one is not compared.
func otherPlace(p renewal.Place, asked ui.Options) string {
	c := asked.Catalog
	_, ownApple := c.KindApple(p.Kind)
	if (asked.Kind == "" || asked.Kind == p.Kind) && (asked.Portal == "" || asked.Portal == p.Portal) &&
		(asked.Apple == "" || asked.Apple == p.Apple || ownApple) {
		return ""
	}
	savedApple := ""
	if asked.Apple != "" && !ownApple {
		savedApple = p.Apple
	}
	want := renewalName(c, asked.Kind, asked.Apple, asked.Portal)
	article := "a "
	if strings.ContainsRune("AEIOUaeiou", rune(want[0])) {
		article = "an "
	}
	return fmt.Sprintf("An unfinished %s is saved; it is not offered because the flags ask for %s. "+
		"It is kept (this run saves no place to resume): run mdmtoken without flags to resume it.",
		renewalName(c, p.Kind, savedApple, p.Portal), article+want)
}

// renewalName names a renewal in running text, "DEP server token renewal
// in Apple School Manager and Jamf Pro", with what is known of it.
func renewalName(c *steps.Catalog, kind token.Kind, apple, portal string) string {
	name := "renewal"
	if kind != "" {
		name = kind.Noun() + " renewal"
	}
	var where []string
	for _, a := range c.ApplePortals() {
		if apple != "" && a.ID == apple {
			where = append(where, a.Name)
		}
	}
	for _, m := range c.AllPortals() {
		if portal != "" && m.ID == portal {
			where = append(where, m.Name)
		}
	}
	if len(where) > 0 {
		name += " in " + token.Printable(strings.Join(where, " and "))
	}
	return name
}

// exitResetPending is the wizard's status when it ends with the old DEP
// token reset and the new one not uploaded: a warning, as check's 1.
const exitResetPending = 1

// resolve checks the flags against the catalog and finds the start folder.
func (o wizardOptions) resolve(catalog *steps.Catalog) (ui.Options, error) {
	opts := ui.Options{Catalog: catalog}
	ch, err := o.guide.resolve(catalog, token.Renewable())
	if err != nil {
		return opts, err
	}
	opts.Kind, opts.Apple, opts.Portal = ch.kind, ch.apple, ch.portal
	dir, err := startDir(o.dir)
	if err != nil {
		return opts, err
	}
	opts.Dir = dir
	recordDir := o.recordDir
	if recordDir == "" {
		recordDir = defaultRecordDir()
	}
	if recordDir != "" {
		if opts.RecordDir, err = filepath.Abs(recordDir); err != nil {
			return opts, fmt.Errorf("invalid --record-dir %q: %w", recordDir, err)
		}
	}
	return opts, nil
}

// defaultRecordDir is where renewal records and reminders go without
// --record-dir, beside the renewal history and never in the working folder
// (a checkout, a shared drive): $XDG_DATA_HOME/mdmtoken/records when
// XDG_DATA_HOME is absolute, else ~/.local/share/mdmtoken/records; empty,
// so that none is written, when no home is known. The record package makes
// the folder 0700 and the files 0600.
func defaultRecordDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "mdmtoken", "records")
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	return filepath.Join(home, ".local", "share", "mdmtoken", "records")
}

// startDir is the folder the file picker opens in: --dir, else ~/Downloads
// when it exists, else the working directory.
func startDir(flag string) (string, error) {
	if flag != "" {
		abs, err := filepath.Abs(flag)
		if err != nil {
			return "", fmt.Errorf("invalid --dir %q: %w", flag, err)
		}
		if info, err := os.Stat(abs); err != nil || !info.IsDir() {
			return "", fmt.Errorf("invalid --dir %q: not a folder", flag)
		}
		return abs, nil
	}
	if home, err := os.UserHomeDir(); err == nil {
		downloads := filepath.Join(home, "Downloads")
		if info, err := os.Stat(downloads); err == nil && info.IsDir() {
			return downloads, nil
		}
	}
	return os.Getwd()
}

// report prints how the wizard ended, after the alternate screen is gone,
// wrapped at the terminal's width.
func report(stdout, stderr io.Writer, r ui.Result) {
	writeReport(stdout, stderr, r, time.Now(), check.TerminalWidth(stdout), check.TerminalWidth(stderr))
}

// endStatus is how a wizard that ran to its end exits, in either front
// end: exitResetPending while an old token is reset and its new one not
// uploaded (another server's or location's token reset meanwhile is just
// as pending, and so is the token of a reset renewal started over and not
// renewed: Ending.Forgotten), never for a practice run; else nil.
func endStatus(r renewal.Ending) error {
	if (r.PendingReset() || len(r.AlsoToDo) > 0 || r.Forgotten != nil) && r.Practice == nil {
		return &exitError{code: exitResetPending}
	}
	return nil
}

// portalName is the name of the guide's MDM portal, or "your MDM".
func portalName(g *steps.Guide) string {
	if g == nil {
		return "your MDM"
	}
	return g.Portal.Prose()
}

// writeReport is report at now, with the widths of stdout and stderr (0:
// not wrapped). Words are never broken; the paths are never wrapped.
func writeReport(stdout, stderr io.Writer, r ui.Result, now time.Time, outWidth, errWidth int) {
	say := func(w io.Writer, width int, s string) { fmt.Fprintln(w, textwrap.Line(s, width, 2)) }
	g := r.Guide
	switch {
	case r.Practice != nil:
		say(stdout, outWidth, "Practice run: nothing real was downloaded, reset or uploaded.")
	case r.Answered && r.Accepted && g != nil && r.Report != nil:
		line := fmt.Sprintf("Renewed the %s in %s", g.Kind.Label(), g.Portal.Prose())
		if r.Report.HasExpiry() {
			estimated := ""
			if r.Report.ExpiresEstimated {
				estimated = " (estimated)"
			}
			line += fmt.Sprintf("; new expiry %s%s, renew %s",
				r.Report.Expires.Local().Format("2006-01-02"), estimated,
				record.RenewWhen(r.Report.Expires, now))
		}
		say(stdout, outWidth, line+".")
		for _, t := range r.AlsoToDo {
			say(stdout, outWidth, "Still to do: "+token.Printable(t)+".")
		}
	case r.PendingReset():
		say(stderr, errWidth, renewal.ResetLeft(r.Kind, portalName(g)))
		say(stderr, errWidth, r.GoOn())
	case r.MayHaveDownloaded:
		say(stderr, errWidth, renewal.DownloadLeft(r.Kind, portalName(g), r.Location))
		say(stderr, errWidth, r.GoOn())
	}
	if s := r.ForgottenLeft(); s != "" && r.Practice == nil {
		say(stderr, errWidth, s)
	}
	// The paths hold the record folder's name, which may be anything.
	if r.RecordFile != "" {
		fmt.Fprintf(stdout, "Record: %s\n", token.Printable(r.RecordFile))
	}
	if r.CalendarFile != "" {
		fmt.Fprintf(stdout, "Reminder: %s\n", token.Printable(r.CalendarFile))
	}
	if r.Practice != nil {
		say(stdout, outWidth, r.Practice.String())
	}
}

// setUpPractice makes the practice Downloads folder and points the wizard
// at it; cleanup removes it.
func setUpPractice(opts *ui.Options) (cleanup func(), err error) {
	tmp, err := os.MkdirTemp("", "mdmtoken-practice-")
	if err != nil {
		return nil, err
	}
	cleanup = func() { _ = os.RemoveAll(tmp) }
	kit, err := practice.Make(filepath.Join(tmp, "Downloads"), time.Now())
	if err != nil {
		cleanup()
		return nil, err
	}
	opts.Practice = true
	opts.Dir, opts.Cert, opts.Key, opts.Traps = kit.Dir, kit.Cert, kit.Key, kit.Traps
	opts.RecordDir, opts.State, opts.Resume = "", nil, nil
	return cleanup, nil
}

// loadDue finds the history file and what it says is due within the
// warning window; a history not there yet is no problem, and a damaged
// line or an unreadable file is a warning, never fatal.
func loadHistory(ctx context.Context, warnings io.Writer, flag string, now time.Time) (path string, known []history.Item) {
	path = absPath(history.Locate(flag))
	if path == "" {
		return "", nil
	}
	entries, skipped, err := history.Load(ctx, path)
	for _, w := range skipped {
		fmt.Fprintf(warnings, "warning: history %s, %s\n", token.Printable(path), token.Printable(fmt.Sprint(w)))
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(warnings, "warning: renewal history not read: %s\n", token.Printable(err.Error()))
	}
	return path, history.Credentials(entries, now, token.DefaultWarnDays)
}

// absPath is path made absolute, for remembering; empty stays empty.
func absPath(path string) string {
	if path == "" {
		return ""
	}
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// nonEmptyLines splits text into its non-blank lines.
func nonEmptyLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
