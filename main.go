// Command mdmtoken walks help-desk staff through renewing Apple's yearly MDM
// credentials (VPP content token, DEP server token, APNs push certificate)
// and checks that the file about to be uploaded is the right, fresh one.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

// Exit statuses shared by every command. check follows the monitoring-plugin
// convention (0 ok, 1 warning, 2 problem, 3 usage); the wizard adds 130 when
// the user aborts with ctrl+c. A signal ends any command with 128 plus its
// number (see signalStatus).
const (
	exitOK      = 0
	exitProblem = 2
	exitUsage   = 3
	exitAborted = 130
)

// signalStatus is the exit status after each signal that stops mdmtoken:
// 128 plus the signal's number, as shells report a command a signal ended.
var signalStatus = map[os.Signal]int{
	syscall.SIGHUP:  129,
	syscall.SIGINT:  130,
	syscall.SIGTERM: 143,
}

// stopGrace is how long a command may take to wind up after a signal
// (restore the terminal, save the wizard's place) before mdmtoken exits
// without it.
const stopGrace = 700 * time.Millisecond

// exitError ends the program with a given status. A nil err prints nothing.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError marks a mistake in how the command was called.
func usageError(err error) error { return &exitError{code: exitUsage, err: err} }

// signalError is the cause of the command's context when a signal stops it.
type signalError struct{ sig os.Signal }

func (e signalError) Error() string { return "stopped by a signal (" + e.sig.String() + ")" }

func newRootCmd() *cobra.Command {
	var opts wizardOptions
	root := &cobra.Command{
		Use:   "mdmtoken",
		Short: "Renew Apple's yearly MDM credentials (VPP, DEP and APNs push) step by step, and catch the wrong file before upload",
		Long: "mdmtoken walks you through renewing Apple's three yearly MDM credentials: the Apps and\n" +
			"Books (VPP) content token, the Automated Device Enrollment (DEP) server token and the\n" +
			"APNs MDM push certificate: the steps at Apple (Apple Business Manager, Apple School\n" +
			"Manager or the Push Certificates Portal), a check of the downloaded file, and the steps\n" +
			"in your MDM portal.\n\n" +
			"Run it without arguments for the interactive wizard; use 'mdmtoken check' in scripts.\n\n" +
			"Exit status of the wizard:\n" +
			"  0  the renewal is done, or you quit with no reset known (leaving a\n" +
			"     content token renewal after Apple's download step, which nothing\n" +
			"     confirms, says what to check)\n" +
			"  1  you quit with an old token reset and its new one not uploaded\n" +
			"  2  a problem: a file given (--cert, --key) cannot be read\n" +
			"  3  usage error, or no interactive terminal\n" +
			"  129, 130, 143  stopped by a signal: HUP, INT (ctrl+c) or TERM; place saved",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runWizard(cmd, opts)
		},
		Version:       buildVersion(),
		SilenceErrors: true, // printed by run, styled without asking the terminal
		SilenceUsage:  true,
	}
	opts.register(root)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err) })
	root.SetHelpFunc(func(c *cobra.Command, _ []string) { writeHelp(c.OutOrStdout(), c, os.Environ()) })
	root.AddCommand(newCheckCmd(), newDueCmd())
	root.AddCommand(newGuideCmd(), newPortalsCmd(), newManCmd())
	return root
}

// buildVersion is version when it was set at build time, else what the
// build information records (see versionFrom).
func buildVersion() string {
	if version != "" {
		return version
	}
	info, _ := debug.ReadBuildInfo()
	return versionFrom(info)
}

// versionFrom names the build that info describes: the module version (a
// release such as v1.2.0, or a pseudo-version naming the commit), else the
// commit it was built from, marked when the files had been modified since.
func versionFrom(info *debug.BuildInfo) string {
	if info == nil {
		return "devel (no build information)"
	}
	var rev string
	var modified bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(len(s.Value), 12)]
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		if rev != "" && !strings.Contains(v, rev) {
			v += " (" + rev + ")"
		}
		return v
	}
	if rev == "" {
		return "devel (built without version control information)"
	}
	if modified {
		return "devel " + rev + " (modified)"
	}
	return "devel " + rev
}

func main() {
	os.Exit(runUntilSignal(os.Args[1:], os.Stdout, os.Stderr))
}

// runUntilSignal runs the command line and returns its exit status. INT,
// TERM and HUP cancel the command's context; the status is then the
// signal's (signalStatus). A command that does not wind up within
// stopGrace (a file system that does not answer), or a second signal,
// ends the process at once, with the terminal as it was found.
//
// The command runs on this goroutine from the start; the signals are
// registered beside it, since registering them takes a thread of its own
// and a round trip to it per signal.
func runUntilSignal(args []string, stdout, stderr io.Writer) int {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	restore := saveTerminal(os.Stdin)
	registered := make(chan struct{})
	go func() {
		sigs := make(chan os.Signal, 2)
		signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
		close(registered)
		sig := <-sigs
		cancel(signalError{sig})
		select {
		case <-sigs:
		case <-time.After(stopGrace):
		}
		// The command is stuck where its context does not reach: leave it.
		restore()
		fmt.Fprintf(stderr, "mdmtoken: %v\n", signalError{sig})
		os.Exit(signalStatus[sig])
	}()
	// Output to a pipe or a file can block (a reader that stops reading):
	// it waits for the signals to be registered, so that a signal then
	// still ends the command with its status. A terminal is left as it is
	// (its width and colors are read from it), and a write to it does not
	// block for long.
	code := run(ctx, args, afterRegistered(stdout, registered), afterRegistered(stderr, registered))
	var stopped signalError
	if errors.As(context.Cause(ctx), &stopped) {
		return signalStatus[stopped.sig] // came as the command ended: it still decides the status
	}
	return code
}

// afterRegistered is w, unless w is a terminal, with each write made only
// once registered is closed.
func afterRegistered(w io.Writer, registered <-chan struct{}) io.Writer {
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		return w
	}
	return gatedWriter{w, registered}
}

// gatedWriter writes to w once open is closed.
type gatedWriter struct {
	w    io.Writer
	open <-chan struct{}
}

func (g gatedWriter) Write(p []byte) (int, error) {
	<-g.open
	return g.w.Write(p)
}

// saveTerminal records the settings of f when it is a terminal and returns
// a function that puts them back; otherwise a function that does nothing.
func saveTerminal(f *os.File) func() {
	fd := int(f.Fd())
	if !term.IsTerminal(fd) {
		return func() {}
	}
	state, err := term.GetState(fd)
	if err != nil {
		return func() {}
	}
	return func() { _ = term.Restore(fd, state) }
}

// run executes the command line and returns the process exit status. It
// prints errors itself, in a fixed style that needs nothing from the
// terminal, so that no help or error waits on a terminal that does not
// answer queries.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	// cobra reports unknown commands and bad arguments as plain errors.
	code := exitUsage
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
		if ee.err == nil {
			return code
		}
	}
	hint := ""
	if code == exitUsage && cmd != nil {
		hint = fmt.Sprintf("Try '%s --help' for usage.", cmd.CommandPath())
	}
	writeError(stderr, err, hint, os.Environ())
	return code
}
