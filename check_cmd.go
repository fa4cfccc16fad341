// Certificates with a negative serial number are read, for the whole
// program: Apple's own sample server token names such a certificate, and
// Go refuses them by default since 1.23.
//
//go:debug x509negativeserial=1

package main

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/check"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/spf13/cobra"
)

// maxWarnDays bounds check --warn-days and due --within: ten years, beyond
// any token's life (and far inside time.Duration's range in days).
const maxWarnDays = 3650

// checkNow is the clock of mdmtoken check, read once per run; tests fix it.
var checkNow = time.Now

// checkFlags are the flags of mdmtoken check.
type checkFlags struct {
	expect   string
	fresh    bool
	cert     string
	key      string
	pushKey  string
	replaces string
	warnDays int
	format   string
	verbose  bool
}

const checkLong = `Tell what token files really are and whether they are valid, without the
wizard: for scripts, cron jobs and monitoring.

Each PATH is a file or a folder. Folders are searched recursively; hidden
entries inside them (names starting with a dot, such as .DS_Store) are
skipped. What a file is comes from its content, never from its name; the
name only adds what Apple puts in it (a VPP token's location, a DEP token's
server and download time), and is said to. Nothing is sent anywhere and no
full token or secret is ever printed.

A file named is always judged. In a folder, a file that is no token or
certificate by its content (a PDF, an installer, an image, an archive, a
web page, text) and is not named like one (.vpptoken, .p7m, .pem, .cer,
.p12, .key...) is skipped: counted, named with --verbose, never a problem.
The MDM's certificate, a private key, the push certificate request or a
.p12 bundle found in a folder are shown, marked NOT JUDGED, and change
nothing, unless named like a token or the push certificate (a mix-up,
judged, and said to be judged for its name); with --expect, so is a token
of another kind found in a folder, unless it is named like the kind
expected. A folder with no
token or push certificate to judge is NONE FOUND.
A token that a newer, usable download of its DEP server or VPP location in
the same folder replaces is REPLACED: there is nothing to do with it, and it
is fine for the exit status whatever it is on its own.

Output (--format):
  text        one block per file and a summary line; colored only on a
              terminal, never when NO_COLOR is set
  json        an array with one object per file judged (and per folder
              with none found)
  prometheus  metrics for node_exporter's textfile collector

Exit status, as monitoring plugins (Nagios, Icinga) expect:
  0  every file judged is fine, or replaced by a newer one beside it
  1  warning: a token expires within --warn-days, is an old download
     where --fresh asked for a new one, has an expiry that cannot be
     established (unverified), or could be read only by repairing the
     copy, which the MDM will probably reject (repaired)
  2  problem: a file is invalid, the wrong kind of file, made for another
     MDM server, not the credential it replaces (mismatch), expired,
     missing or unreadable; or the --cert, --key, --push-key or --replaces
     file cannot be read
  3  unknown: a folder holds no token or push certificate to judge (none
     found), and no file is a problem; or a usage error: no PATH, an
     unknown flag, a bad flag value, or --key without --cert
  129, 130, 143  stopped by a signal: HUP, INT (ctrl+c) or TERM`

const checkExample = `  # A file just downloaded from Apple Business Manager
  mdmtoken check ~/Downloads/sToken_for_Main\ Campus.vpptoken

  # Before uploading a DEP token: the right kind, a new download, for this MDM server
  mdmtoken check --expect dep --fresh --cert mdm-cert.pem --key mdm-key.pem ~/Downloads

  # A renewed push certificate: the same topic as last year's, for the MDM's push key
  mdmtoken check --expect push --replaces last-year.pem --push-key push-key.pem ~/Downloads/MDM_*_Certificate.pem

  # Every token kept in a folder, for a script or monitoring
  mdmtoken check --format json /srv/mdm/tokens
  mdmtoken check --format prometheus /srv/mdm/tokens`

func newCheckCmd() *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:     "check [flags] PATH...",
		Short:   "Tell what token files are and whether they are valid (for scripts and monitoring)",
		Long:    checkLong,
		Example: checkExample,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError(errors.New("no PATH given: name one or more token files or folders, e.g. mdmtoken check ~/Downloads"))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd.Context(), cmd.OutOrStdout(), args, f, checkNow(), os.Environ())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.expect, "expect", "", "the kind of file that should be there: vpp, dep or push (default: any token or push certificate)")
	fl.BoolVar(&f.fresh, "fresh", false, fmt.Sprintf("the files should be new downloads: a DEP token at most %d days old, a VPP token or push certificate with at least %d days left; an older one is a warning (stale)", token.StaleDEPDays, token.StaleVPPDays))
	fl.StringVar(&f.cert, "cert", "", "the MDM certificate file (PEM or DER) uploaded to Apple: checks whom a DEP token is for")
	fl.StringVar(&f.key, "key", "", "the MDM private key file (needs --cert): decrypts a DEP token to read its exact expiry")
	fl.StringVar(&f.pushKey, "push-key", "", "the MDM's private key for the push certificate: a push certificate for another key is reported")
	fl.StringVar(&f.replaces, "replaces", "", "the credential being replaced (e.g. last year's push certificate): a file that is not the same one renewed, or not newer, is a mismatch")
	fl.IntVar(&f.warnDays, "warn-days", token.DefaultWarnDays, "warn when a token expires within this many days (1 to 3650)")
	fl.StringVar(&f.format, "format", string(check.FormatText), "output format: text, json or prometheus")
	fl.BoolVar(&f.verbose, "verbose", false, "text: name every file skipped in a folder (not a token or certificate), with what it is")
	_ = cmd.RegisterFlagCompletionFunc("format", completeValues(check.Formats...))
	_ = cmd.RegisterFlagCompletionFunc("expect", completeKinds(steps.Kinds()))
	return cmd
}

// runCheck runs mdmtoken check with expiry judged against now; environ
// decides color (NO_COLOR, TERM). It returns an *exitError: nil err when
// the results were printed, with the status of the worst file.
func runCheck(ctx context.Context, stdout io.Writer, paths []string, f checkFlags, now time.Time, environ []string) error {
	format, err := check.ParseFormat(f.format)
	if err != nil {
		return usageError(fmt.Errorf("%w (--format)", err))
	}
	cfg := check.Config{Fresh: f.fresh, WarnDays: f.warnDays, Beside: true}
	if f.expect != "" {
		if cfg.Expect, err = check.ParseExpect(f.expect); err != nil {
			return usageError(fmt.Errorf("%w (--expect)", err))
		}
	}
	if f.warnDays < 1 || f.warnDays > maxWarnDays {
		return usageError(fmt.Errorf("the --warn-days value must be at least 1 and at most %d (ten years), not %d", maxWarnDays, f.warnDays))
	}
	// Read here, not beside: a file system that does not answer is left by
	// runUntilSignal, and a goroutine of its own would cost more than the
	// files (a stack grown from nothing, often a thread).
	if cfg.Cert, cfg.Key, err = loadMDMKeys(f.cert, f.key); err != nil {
		return err
	}
	if err := withRenewal(&cfg, f, now); err != nil {
		return err
	}

	tuneGC(environ)
	out := check.NewOutput(stdout, format, now, check.ColorProfile(stdout, environ), check.TerminalWidth(stdout))
	out.Verbose = f.verbose
	if err := check.RunResults(ctx, paths, now, cfg, out.Put); err != nil {
		if ctx.Err() != nil {
			return &exitError{code: exitAborted, err: fmt.Errorf("check stopped before all files were checked: %w", context.Cause(ctx))}
		}
		return &exitError{code: exitProblem, err: fmt.Errorf("cannot write the results: %w", err)}
	}
	if err := out.Close(); err != nil {
		return &exitError{code: exitProblem, err: fmt.Errorf("cannot write the results: %w", err)}
	}
	if code := out.ExitCode(); code != exitOK {
		return &exitError{code: code}
	}
	return nil
}

// checkGCPercent and checkMemoryLimit are the garbage collector's settings
// for a check: each file's garbage is small and short-lived, so collecting
// a quarter as often costs a few megabytes and spares the CPU the RSA
// decryptions need (1,000 DEP tokens with the key: 476 ms, 18.5 MB peak at
// the default; 443 ms, 30 MB). The memory limit makes the collector run
// more often again before the heap grows past it.
const (
	checkGCPercent   = 400
	checkMemoryLimit = 128 << 20
)

// tuneGC sets the garbage collector for a check, unless GOGC or
// GOMEMLIMIT in environ says how it is to run.
func tuneGC(environ []string) {
	for _, kv := range environ {
		if strings.HasPrefix(kv, "GOGC=") || strings.HasPrefix(kv, "GOMEMLIMIT=") {
			return
		}
	}
	debug.SetGCPercent(checkGCPercent)
	debug.SetMemoryLimit(checkMemoryLimit)
}

// withRenewal reads --push-key and --replaces and has the check compare
// every file with them. A file that cannot be read, or a --replaces file
// that is not a yearly credential, is a problem.
func withRenewal(cfg *check.Config, f checkFlags, now time.Time) error {
	var pushKey *rsa.PrivateKey
	var replaced *token.Report
	if f.pushKey != "" {
		if what := check.SpecialFile(f.pushKey); what != "" {
			return &exitError{code: exitProblem, err: fmt.Errorf("cannot read the push private key (--push-key): %s is %s, not a file; give the private key file itself", token.Printable(f.pushKey), what)}
		}
		k, err := token.LoadPrivateKey(f.pushKey)
		if err != nil {
			return &exitError{code: exitProblem, err: fmt.Errorf("cannot read the push private key (--push-key): %w", err)}
		}
		pushKey = k
	}
	if f.replaces != "" {
		if what := check.SpecialFile(f.replaces); what != "" {
			return &exitError{code: exitProblem, err: fmt.Errorf("cannot compare with --replaces %s: it is %s, not a file; give the credential file itself", token.Printable(f.replaces), what)}
		}
		o := cfg.Options(now)
		o.Expect = ""
		r := token.Inspect(f.replaces, o)
		if r.Kind == token.KindUnknown || token.IsWrongKind(r.Kind, "") || r.Status == token.StatusInvalid {
			return &exitError{code: exitProblem, err: fmt.Errorf("cannot compare with --replaces %s: it is not a content token, server token or push certificate that can be read (%s)",
				token.Printable(f.replaces), token.Printable(strings.TrimSuffix(r.Message, ".")))}
		}
		replaced = &r
	}
	if pushKey == nil && replaced == nil {
		return nil
	}
	inspect := cfg.Inspect
	if inspect == nil {
		inspect = token.Inspect
	}
	cfg.Inspect = func(path string, o token.Options) token.Report {
		o.PushKey, o.Replaces = pushKey, replaced
		return inspect(path, o)
	}
	return nil
}
