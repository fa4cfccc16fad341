package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/mdmtoken/mdmtoken/check"
	"github.com/mdmtoken/mdmtoken/due"
	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/record"
	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/spf13/cobra"
)

// dueNow is the clock of mdmtoken due, read once per run; tests fix it.
var dueNow = time.Now

// dueFlags are the flags of mdmtoken due and due add.
type dueFlags struct {
	history   string
	within    int
	format    string
	cert, key string
}

const dueLong = `List every credential the renewal history knows (the newest entry of each
VPP content token, DEP server token and APNs push certificate), sorted by the
date to renew it by: 30 days before it expires. 'mdmtoken due add' adds the
files in use, so they can be deleted after upload and still be monitored.

The history is one file of JSON lines: --history FILE, else $MDMTOKEN_HISTORY,
else $XDG_DATA_HOME/mdmtoken/history.jsonl (~/.local/share/mdmtoken/). It
holds names, dates, file names and SHA-256 digests, never a token or key.

Output (--format):
  text        a verdict line and one line per credential
  json        an array with one object per credential
  prometheus  check's metrics plus the renew-by date, for node_exporter
  ics         a calendar with an event on each renew-by date

Exit status, as 'mdmtoken check':
  0  nothing is due
  1  something is due (its renew-by date is reached, or within --within
     days), or a damaged line of the history was skipped
  2  something has expired, or the history is missing or names nothing
  3  usage error
  129, 130, 143  stopped by a signal: HUP, INT (ctrl+c) or TERM`

const dueExample = `  # What to renew next
  mdmtoken due

  # A daily job that fails when something is due within 14 days
  mdmtoken due --within 14

  # Start the history from the tokens in use today
  mdmtoken due add --cert mdm-cert.pem --key mdm-key.pem /srv/mdm/tokens

  # A team's shared history, as metrics and as a calendar
  mdmtoken due --history /srv/mdm/history.jsonl --format prometheus
  mdmtoken due --history /srv/mdm/history.jsonl --format ics > renewals.ics`

func newDueCmd() *cobra.Command {
	var f dueFlags
	cmd := &cobra.Command{
		Use:     "due [flags]",
		Short:   "List what to renew next, and by when, from the renewal history (for people, monitoring and calendars)",
		Long:    dueLong,
		Example: dueExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			filter := cmd.Flags().Changed("within")
			return runDue(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), f, filter, dueNow(), os.Environ())
		},
	}
	cmd.PersistentFlags().StringVar(&f.history, "history", "",
		"the history file (default $"+history.EnvVar+", else $XDG_DATA_HOME/mdmtoken/history.jsonl)")
	fl := cmd.Flags()
	fl.IntVar(&f.within, "within", 0, "list only what is due within N days (its renew-by date at most N days away; 0 to 3650)")
	fl.StringVar(&f.format, "format", string(check.FormatText), "output format: text, json, prometheus or ics")
	_ = cmd.RegisterFlagCompletionFunc("format", completeValues(due.Formats...))

	add := &cobra.Command{
		Use:   "add [flags] PATH...",
		Short: "Add the token files in use to the renewal history",
		Long: "add inspects token files and folders as 'mdmtoken check' does and adds what\n" +
			"each token is to the history: its kind, organization and location or MDM\n" +
			"server, expiry, file name and SHA-256. Never the token itself. Files that\n" +
			"are not tokens are not added; an older token of a credential the history\n" +
			"(or another PATH) already has a newer one of is skipped.",
		Example: "  mdmtoken due add ~/Downloads/sToken_for_Main\\ Campus.vpptoken\n" +
			"  mdmtoken due add --cert mdm-cert.pem --key mdm-key.pem /srv/mdm/tokens",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError(errors.New("no PATH given: name the token files or folders to add, e.g. mdmtoken due add /srv/mdm/tokens"))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDueAdd(cmd.Context(), cmd.OutOrStdout(), args, f, dueNow())
		},
	}
	add.Flags().StringVar(&f.cert, "cert", "", "the MDM certificate file (PEM or DER): a DEP token for another server is not added")
	add.Flags().StringVar(&f.key, "key", "", "the MDM private key file (needs --cert): reads a DEP token's exact expiry")
	cmd.AddCommand(add)
	return cmd
}

// runDue prints what the history says at now. filter is whether --within
// was given; environ decides color.
func runDue(ctx context.Context, stdout, stderr io.Writer, f dueFlags, filter bool, now time.Time, environ []string) error {
	format, err := due.ParseFormat(f.format)
	if err != nil {
		return usageError(fmt.Errorf("%w (--format)", err))
	}
	if f.within < 0 || f.within > maxWarnDays {
		return usageError(fmt.Errorf("the --within value must be at least 0 and at most %d days (ten years), not %d", maxWarnDays, f.within))
	}
	path := history.Locate(f.history)
	entries, warnings, err := history.Load(ctx, path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &exitError{code: exitProblem, err: fmt.Errorf("there is no history file %s yet: add the tokens in use with "+
			"'mdmtoken due add PATH...', or name the team's file with --history or %s", token.Printable(path), history.EnvVar)}
	case err != nil:
		return &exitError{code: exitProblem, err: errors.New(token.Printable(err.Error()))}
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "warning: history %s, %s\n", token.Printable(path), token.Printable(fmt.Sprint(w)))
	}
	rep := due.NewReport(path, entries, len(warnings), now, f.within, filter)
	if err := due.Write(stdout, format, rep, now, check.ColorProfile(stdout, environ), check.TerminalWidth(stdout)); err != nil {
		return &exitError{code: exitProblem, err: fmt.Errorf("cannot write the list: %w", err)}
	}
	if code := rep.ExitCode(); code != exitOK {
		return &exitError{code: code}
	}
	return nil
}

// runDueAdd inspects paths and appends an entry for each token to the
// history. It fails (status 2) when a file could not be added.
func runDueAdd(ctx context.Context, stdout io.Writer, paths []string, f dueFlags, now time.Time) error {
	path := history.Locate(f.history)
	cfg := check.Config{}
	var err error
	if cfg.Cert, cfg.Key, err = loadMDMKeys(f.cert, f.key); err != nil {
		return err
	}
	known, _, err := history.Load(ctx, path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return &exitError{code: exitProblem, err: errors.New(token.Printable(err.Error()))}
	}
	// What a folder holds besides tokens (an invoice, an installer, the
	// MDM's certificate) is set aside, as check does, not refused.
	var reports []token.Report
	setAside := 0
	if err := check.RunResults(ctx, paths, now, cfg, func(res check.Result) error {
		switch res.Role {
		case check.RoleJudged:
			reports = append(reports, res.Report)
		case check.RoleNoneFound:
			reports = append(reports, token.Report{File: res.Report.File, Kind: token.KindUnknown, Status: token.StatusInvalid,
				Message: "This folder holds no token or push certificate."})
		default:
			setAside++
		}
		return nil
	}); err != nil {
		return &exitError{code: exitAborted, err: fmt.Errorf("interrupted: %w", err)}
	}

	host, _ := os.Hostname()
	plan := history.Seed(known, reports, record.CurrentUser(), host, now)
	failed := false
	for _, s := range plan {
		name := token.Printable(s.Report.File)
		switch s.Action {
		case history.SeedAdd:
			if err := history.Append(ctx, path, s.Entry); err != nil {
				return &exitError{code: exitProblem, err: errors.New(token.Printable(err.Error()))}
			}
			fmt.Fprintf(stdout, "Added %s\n  %s\n", name, addedText(s.Entry, now))
		case history.SeedKnown:
			fmt.Fprintf(stdout, "Already in the history: %s\n", name)
		default:
			failed = failed || s.Action == history.SeedRefuse
			fmt.Fprintf(stdout, "Not added: %s\n  %s\n", name, token.Printable(s.Reason))
		}
	}
	if setAside > 0 {
		fmt.Fprintf(stdout, "Set aside: %s in the folders, not tokens or push certificates (the MDM's certificate, a key, a document...)\n", renewal.Plural(setAside, "file"))
	}
	fmt.Fprintf(stdout, "History: %s\n", token.Printable(path))
	if failed {
		return &exitError{code: exitProblem}
	}
	return nil
}

// addedText is what was added, e.g. "VPP content token, …: renew by
// 2027-05-01, in 334 days (expires 2027-05-31)".
func addedText(e history.Entry, now time.Time) string {
	it := history.Credentials([]history.Entry{e}, now, 0)[0]
	expires := "expires "
	if e.ExpiresEstimated {
		expires += "about "
	}
	expires += e.Expires.In(now.Location()).Format("2006-01-02")
	if e.ExpiresEstimated {
		expires += ", estimated"
	}
	return it.Summary(now) + " (" + expires + ")"
}
