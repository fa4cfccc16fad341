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
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/token"
)

// Exit statuses, as monitoring plugins (Nagios, Icinga) expect them.
const (
	ExitOK      = 0 // every file judged is fine
	ExitWarning = 1 // at least one file is expiring or stale, none worse
	ExitProblem = 2 // at least one file is invalid, of the wrong kind or server, expired, missing or unreadable
	ExitUnknown = 3 // a folder given holds no credential to judge, and no file is a problem
	ExitUsage   = 3 // the command was called wrongly (decided by the caller)
)

// Inspector judges one file; token.Inspect is the real one.
type Inspector func(path string, opts token.Options) token.Report

// Config says what is expected of the files and how to inspect them.
type Config struct {
	Expect     token.Kind        // expected kind; empty accepts any token kind
	Fresh      bool              // the files should be new downloads
	WarnDays   int               // warning window before expiry; 0 means token.DefaultWarnDays
	Cert       *x509.Certificate // MDM certificate, to check whom a DEP token is for
	Key        *rsa.PrivateKey   // MDM private key, to decrypt a DEP token (needs Cert)
	Workers    int               // files inspected at once; 0 means one per CPU and one more
	MaxEntries int               // folder entries looked through at most; 0 means MaxEntries
	Inspect    Inspector         // nil means token.Inspect
	// Beside compares a token named alone with the newer tokens of its
	// credential beside it (Result.newer), for Output to say it replaced.
	Beside bool
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

// Result is what became of one file or folder of the walk: its report and
// the role it plays.
type Result struct {
	Report token.Report
	Role   Role

	empty bool // RoleNoneFound: the folder holds no file at all
	aside bool // RoleSkipped: a link or folder not followed (EntryError.Aside), no file read
	// newer are, for a token named alone, the newer tokens of its
	// credential beside it (newerBeside): not judged or shown, but what
	// replaces it, as a check of its folder would say.
	newer []token.Report
}

// RunResults walks paths and inspects every file found, judging expiry
// against now, while the walk goes on. It hands each result to emit in the
// walk's order as soon as the result and all before it are done. Problems
// with single files become invalid reports. After a folder given in which
// nothing was judged comes a result for the folder (RoleNoneFound); for
// any other folder, nothing. It returns emit's first error, or when ctx is
// cancelled its cause, at once: an inspection stuck in a read (a file
// system that does not answer) is left behind, not waited for.
//
// A single file named is inspected on the calling goroutine, as a worker
// would cost more than the file (a thread, a stack grown from nothing):
// its reads are not left behind, so a caller that must never wait on them
// has to be able to end without this call returning.
func RunResults(ctx context.Context, paths []string, now time.Time, cfg Config, emit func(Result) error) error {
	entries := Walk(ctx, paths, cfg.MaxEntries)
	if len(paths) == 1 && regularFile(paths[0]) {
		return inspectEach(ctx, entries, now, cfg, emit)
	}
	return inspectAll(ctx, entries, now, cfg, emit)
}

// regularFile reports whether path names a regular file itself, not a
// folder or a link.
func regularFile(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode().IsRegular()
}

// inspectAll inspects entries with a bounded pool of workers and emits one
// result per entry, in order, and for the end of a folder in which nothing
// was judged, its RoleNoneFound result. An entry with Err set becomes an
// invalid report without being read.
func inspectAll(ctx context.Context, entries iter.Seq[Entry], now time.Time, cfg Config, emit func(Result) error) error {
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	opts, inspect := cfg.Options(now), cfg.inspector()
	workers := cfg.Workers
	if workers <= 0 {
		// One more than the CPUs: while a worker waits for a file to be
		// read, the others keep every CPU decrypting (1,000 DEP tokens
		// with the key: 1.80 CPUs busy with one per CPU, 1.90 with one
		// more, 9% less time).
		workers = runtime.GOMAXPROCS(0) + 1
	}

	type job struct {
		i int
		e Entry
	}
	type result struct {
		i int
		e Entry
		r Result
	}
	jobs := make(chan job)
	results := make(chan result, workers)
	total := make(chan int, 1) // the number of entries, once the walk is over
	deliver := func(res result) bool {
		select {
		case results <- res:
			return true
		case <-ctx.Done():
			return false
		}
	}
	work := func() {
		for j := range jobs {
			if !deliver(result{j.i, j.e, resultOf(inspect, j.e, opts)}) {
				return
			}
		}
	}
	go func() {
		defer close(jobs)
		n, started := 0, 0
		for e := range entries {
			switch {
			case e.End || e.Err != nil: // nothing to read
				if !deliver(result{n, e, resultOf(inspect, e, opts)}) {
					return
				}
			default:
				select {
				case jobs <- job{n, e}:
				default:
					// No worker is free: start one more while there are
					// fewer than workers, so that a check of one file
					// starts one.
					if started < workers {
						started++
						go work()
					}
					select {
					case jobs <- job{n, e}:
					case <-ctx.Done():
						return
					}
				}
			}
			n++
		}
		total <- n
	}()

	// Results that are done before one of those ahead of them wait here.
	waiting := make(map[int]result)
	t := tally{expect: cfg.Expect}
	next, n := 0, -1
	for n < 0 || next < n {
		select {
		case res := <-results:
			waiting[res.i] = res
			for r, ok := waiting[next]; ok; r, ok = waiting[next] {
				delete(waiting, next)
				next++
				out, ok := t.add(r.e, r.r)
				if !ok {
					continue
				}
				if err := emit(out); err != nil {
					stop(err)
					return err
				}
			}
		case n = <-total:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	// A walk that a cancel stopped ends early too: its total is not every
	// file asked for.
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}

// inspectEach inspects entries one after the other on this goroutine and
// emits their results as inspectAll does.
func inspectEach(ctx context.Context, entries iter.Seq[Entry], now time.Time, cfg Config, emit func(Result) error) error {
	opts, inspect := cfg.Options(now), cfg.inspector()
	t := tally{expect: cfg.Expect}
	for e := range entries {
		res := resultOf(inspect, e, opts)
		if cfg.Beside && !e.End && e.Err == nil && res.Role == RoleJudged {
			res.newer = newerBeside(ctx, res.Report, opts, inspect)
		}
		if out, ok := t.add(e, res); ok {
			if err := emit(out); err != nil {
				return err
			}
		}
	}
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}

// newerBeside are the tokens of r's credential (token.CredentialKey) in
// its folder that are newer than r, for a token named alone: the folder's
// check would call r replaced by the newest when it is usable. Only the
// files named like r's (its kind, and its server or location) are read,
// the newest names first, at most maxBesideRead of them, with the check's
// own options (the key too: a neighbour judged as a check of the folder
// would judge it); at most maxBeside entries of the folder are listed.
func newerBeside(ctx context.Context, r token.Report, opts token.Options, inspect Inspector) []token.Report {
	key := token.CredentialKey(r)
	if key == "" || !r.Status.AsToken() {
		return nil
	}
	dir, self := filepath.Split(r.File)
	f, err := os.Open(filepath.Clean(dir + "."))
	if err != nil {
		return nil
	}
	names, _ := f.Readdirnames(maxBeside)
	f.Close()
	names = slices.DeleteFunc(names, func(n string) bool { return n == self || !namedLike(n, r) })
	slices.Sort(names)
	slices.Reverse(names) // Apple's DEP names sort by download time
	var out []token.Report
	for _, n := range names[:min(len(names), maxBesideRead)] {
		path := filepath.Join(dir, n)
		if fi, err := os.Lstat(path); ctx.Err() != nil || err != nil || !fi.Mode().IsRegular() {
			continue
		}
		o := inspect(path, opts)
		if o.Kind == r.Kind && token.CredentialKey(o) == key && token.MadeAt(o).After(token.MadeAt(r)) {
			out = append(out, o)
		}
	}
	return out
}

// namedLike reports whether the file name could be a token of r's
// credential by its name: a DEP token of its server, a content token of
// its location, a push certificate.
func namedLike(name string, r token.Report) bool {
	if token.NamedKind(name) != r.Kind {
		return false
	}
	switch r.Kind {
	case token.KindDEP:
		server, _, ok := token.ParseDEPFileName(name)
		return ok && strings.EqualFold(server, r.Server)
	case token.KindVPP:
		return token.CleanName(name) == strings.ToLower("sToken_for_"+r.LocationName()+".vpptoken")
	}
	return true
}

// maxBeside bounds the folder entries newerBeside lists, maxBesideRead the
// files it reads.
const (
	maxBeside     = 10000
	maxBesideRead = 20
)

// inspector is the Inspector the check runs.
func (c Config) inspector() Inspector {
	if c.Inspect == nil {
		return defaultInspector
	}
	return c.Inspect
}

// resultOf is the result of one entry of the walk: nothing for the end of
// a folder, an invalid report for an entry that cannot be read, else the
// file's inspection.
func resultOf(inspect Inspector, e Entry, opts token.Options) Result {
	switch {
	case e.End:
		return Result{}
	case e.Err != nil:
		r := entryReport(e)
		role := roleOf(e, r, opts.Expect)
		return Result{Report: r, Role: role, aside: role == RoleSkipped}
	}
	r := inspectOne(inspect, e, opts)
	role := roleOf(e, r, opts.Expect)
	if named := token.NamedKind(r.File); e.Found && role == RoleJudged && named != "" && named != r.Kind && relatedKind(r.Kind) {
		// The same file under another name would only be shown: say why.
		r.Notes = append(r.Notes, "Judged because it is named like the "+named.Noun()+" ("+named.FileName()+
			"): a file under that name is what gets uploaded by mistake. Under another name it would only be shown, not judged.")
	}
	return Result{Report: r, Role: role}
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
