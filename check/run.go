// Package check runs the token engine over files and folders without any
// interaction, for scripts and monitoring: it walks the paths, inspects the
// files in parallel and writes the results as text, JSON or Prometheus
// metrics, with an exit status that monitoring plugins understand.
package check

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/mdmtoken/mdmtoken/token"
)

// Exit statuses, as monitoring plugins (Nagios, Icinga) expect them.
const (
	ExitOK      = 0 // every file is fine
	ExitWarning = 1 // at least one file is expiring or stale, none worse
	ExitProblem = 2 // at least one file is invalid, of the wrong kind or server, expired, missing or unreadable
	ExitUsage   = 3 // the command was called wrongly (decided by the caller)
)

// Inspector judges one file; token.Inspect is the real one.
type Inspector func(path string, opts token.Options) token.Report

// Config says what is expected of the files and how to inspect them.
type Config struct {
	Expect   token.Kind        // expected kind; empty accepts any token kind
	Fresh    bool              // the files should be new downloads
	WarnDays int               // warning window before expiry; 0 means token.DefaultWarnDays
	Cert     *x509.Certificate // MDM certificate, to check whom a DEP token is for
	Key      *rsa.PrivateKey   // MDM private key, to decrypt a DEP token (needs Cert)
	Workers  int               // files inspected at once; 0 means one per CPU
	Inspect  Inspector         // nil means token.Inspect
}

// Options are the token engine options for a check at the moment now.
func (c Config) Options(now time.Time) token.Options {
	return token.Options{
		Now:      now,
		Expect:   c.Expect,
		Fresh:    c.Fresh,
		WarnDays: c.WarnDays,
		Cert:     c.Cert,
		Key:      c.Key,
	}
}

// Run walks paths and inspects every file found, judging expiry against now.
// The reports are in the order Walk gives. Problems with single files become
// invalid reports; the only error is ctx's, when cancelled, with the reports
// finished so far.
func Run(ctx context.Context, paths []string, now time.Time, cfg Config) ([]token.Report, error) {
	entries := Walk(ctx, paths)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return Inspect(ctx, entries, now, cfg)
}

// Inspect inspects entries in parallel with a bounded pool of workers and
// returns one report per entry, in the same order. An entry with Err set
// becomes an invalid report without being read. When ctx is cancelled it
// returns ctx's error and only the reports finished so far (others are zero).
func Inspect(ctx context.Context, entries []Entry, now time.Time, cfg Config) ([]token.Report, error) {
	opts := cfg.Options(now)
	inspect := cfg.Inspect
	if inspect == nil {
		inspect = defaultInspector
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(entries))

	reports := make([]token.Report, len(entries))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				reports[i] = inspectOne(inspect, entries[i], opts)
			}
		})
	}
	var err error
send:
	for i, e := range entries {
		if e.Err != nil {
			reports[i] = entryReport(e)
			continue
		}
		select {
		case jobs <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break send
		}
	}
	close(jobs)
	wg.Wait()
	return reports, err
}

// inspectOne runs the inspector on one file. A panic in the engine becomes
// an invalid report for that file instead of ending the whole check.
func inspectOne(inspect Inspector, e Entry, opts token.Options) (r token.Report) {
	defer func() {
		if v := recover(); v != nil {
			r = token.Report{
				File:    e.Path,
				Kind:    token.KindUnknown,
				Status:  token.StatusInvalid,
				Message: fmt.Sprintf("Could not be checked: internal error (%v)", v),
				Action:  "Report this to the maintainers of mdmtoken, with the file if you may share it",
			}
		}
	}()
	r = inspect(e.Path, opts)
	r.File = e.Path
	return r
}

// entryReport is the invalid report for an entry that cannot be read.
func entryReport(e Entry) token.Report {
	msg := e.Err.Message
	if e.Err.Err != nil {
		msg += " (" + e.Err.Err.Error() + ")"
	}
	return token.Report{
		File:    e.Path,
		Kind:    token.KindUnknown,
		Status:  token.StatusInvalid,
		Message: msg,
		Action:  e.Err.Action,
	}
}

// ExitCode is the exit status for a set of reports: the worst severity
// among them (0 ok, 1 warning, 2 problem). No reports is 0.
func ExitCode(reports []token.Report) int {
	code := ExitOK
	for _, r := range reports {
		code = max(code, int(r.Status.Severity()))
	}
	return code
}
