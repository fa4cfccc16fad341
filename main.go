// Command mdmtoken walks help-desk staff through renewing Apple's yearly MDM
// tokens (VPP content token and DEP server token) and checks that the file
// about to be uploaded is the right, fresh token.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

// Exit statuses shared by every command. check follows the monitoring-plugin
// convention (0 ok, 1 warning, 2 problem, 3 usage); the wizard adds 130 when
// the user aborts with ctrl+c.
const (
	exitOK      = 0
	exitProblem = 2
	exitUsage   = 3
	exitAborted = 130
)

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

func newRootCmd() *cobra.Command {
	var opts wizardOptions
	root := &cobra.Command{
		Use:   "mdmtoken",
		Short: "Renew Apple's yearly MDM tokens (VPP and DEP) step by step, and catch the wrong file before upload",
		Long: "mdmtoken walks you through renewing the Apps and Books (VPP) content token or the\n" +
			"Automated Device Enrollment (DEP) server token: the steps in Apple Business Manager\n" +
			"or Apple School Manager, a check of the downloaded file, and the steps in your MDM portal.\n\n" +
			"Run it without arguments for the interactive wizard; use 'mdmtoken check' in scripts.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runWizard(cmd, opts)
		},
	}
	opts.register(root)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err) })
	root.AddCommand(newCheckCmd(), newDueCmd())
	root.AddCommand(newGuideCmd(), newPortalsCmd())
	return root
}

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and returns the process exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	status := exitOK
	silenceStatuses(root, &status)
	err := fang.Execute(ctx, root,
		fang.WithVersion(version), // empty: the module version from the build info
		fang.WithNotifySignal(os.Interrupt, syscall.SIGTERM, syscall.SIGHUP),
	)
	if err == nil {
		return status
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	// cobra reports unknown commands and bad arguments as plain errors.
	return exitUsage
}

// silenceStatuses makes a command that ends with a bare exit status (an
// exitError without a message: check's warnings and problems, an aborted
// wizard) return no error, recording the status instead. fang's error path
// would otherwise query the terminal's background colour, which can hold
// the exit up for seconds after the wizard has left the screen.
func silenceStatuses(cmd *cobra.Command, status *int) {
	if run := cmd.RunE; run != nil {
		cmd.RunE = func(c *cobra.Command, args []string) error {
			err := run(c, args)
			var ee *exitError
			if errors.As(err, &ee) && ee.err == nil {
				*status = ee.code
				return nil
			}
			return err
		}
	}
	for _, sub := range cmd.Commands() {
		silenceStatuses(sub, status)
	}
}
