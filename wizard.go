package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/ui"
)

// wizardOptions are the flags that answer wizard screens in advance.
type wizardOptions struct {
	kind   string
	apple  string
	portal string
	dir    string
}

func (o *wizardOptions) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.kind, "kind", "", "token to renew: vpp or dep")
	f.StringVar(&o.apple, "apple", "", "Apple portal: business, abm or asm")
	f.StringVar(&o.portal, "portal", "", "MDM portal, e.g. relution or hexnode (see 'mdmtoken portals')")
	f.StringVar(&o.dir, "dir", "", "folder the file picker starts in (default ~/Downloads)")
}

// errNoTerminal explains what to do when the wizard cannot run.
var errNoTerminal = errors.New("the wizard needs an interactive terminal, and this is not one.\n" +
	"To check a token file without a terminal, run: mdmtoken check FILE (see mdmtoken check --help)")

// runWizard checks the flags, starts the interactive wizard, and prints a
// one-line outcome when it ends so the terminal keeps a record.
func runWizard(ctx context.Context, stdout, stderr io.Writer, o wizardOptions) error {
	catalog, err := steps.Builtin()
	if err != nil {
		return fmt.Errorf("built-in guides: %w", err)
	}
	opts, err := o.resolve(catalog)
	if err != nil {
		return usageError(err)
	}
	if !isTerminal(os.Stdin) || !isTerminal(os.Stdout) {
		return &exitError{code: exitUsage, err: errNoTerminal}
	}

	progOpts := []tea.ProgramOption{tea.WithContext(ctx)}
	if os.Getenv("NO_COLOR") != "" {
		progOpts = append(progOpts, tea.WithColorProfile(colorprofile.ASCII))
	}
	final, err := tea.NewProgram(ui.New(opts), progOpts...).Run()
	var result ui.Result
	if m, ok := final.(ui.Model); ok {
		result = m.Result()
	}
	report(stdout, stderr, result)
	switch {
	case errors.Is(err, tea.ErrInterrupted), errors.Is(err, tea.ErrProgramKilled):
		return &exitError{code: exitAborted}
	case err != nil:
		return err
	}
	return nil
}

// resolve checks the flags against the catalog and finds the start folder.
func (o wizardOptions) resolve(catalog *steps.Catalog) (ui.Options, error) {
	opts := ui.Options{Catalog: catalog}
	if o.kind != "" {
		k, err := steps.ParseKind(o.kind)
		if err != nil {
			return opts, fmt.Errorf("--kind %q: use vpp or dep", o.kind)
		}
		opts.Kind = k
	}
	if o.apple != "" {
		var ids []string
		for _, a := range catalog.ApplePortals() {
			ids = append(ids, a.ID)
		}
		if !slices.Contains(ids, o.apple) {
			return opts, fmt.Errorf("--apple %q: use one of %s", o.apple, strings.Join(ids, ", "))
		}
		opts.Apple = o.apple
	}
	if o.portal != "" {
		var ids []string
		for _, p := range catalog.AllPortals() {
			if opts.Kind == "" || slices.Contains(p.KindList(), opts.Kind) {
				ids = append(ids, p.ID)
			}
		}
		if !slices.Contains(ids, o.portal) {
			return opts, fmt.Errorf("--portal %q: use one of %s", o.portal, strings.Join(ids, ", "))
		}
		opts.Portal = o.portal
	}
	dir, err := startDir(o.dir)
	if err != nil {
		return opts, err
	}
	opts.Dir = dir
	return opts, nil
}

// startDir is the folder the file picker opens in: --dir, else ~/Downloads
// when it exists, else the working directory.
func startDir(flag string) (string, error) {
	if flag != "" {
		abs, err := filepath.Abs(flag)
		if err != nil {
			return "", fmt.Errorf("--dir %q: %w", flag, err)
		}
		if info, err := os.Stat(abs); err != nil || !info.IsDir() {
			return "", fmt.Errorf("--dir %q: not a folder", flag)
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

// report prints how the wizard ended, after the alternate screen is gone.
func report(stdout, stderr io.Writer, r ui.Result) {
	g := r.Guide
	switch {
	case r.Answered && r.Accepted && g != nil && r.Report != nil:
		line := fmt.Sprintf("Renewed the %s in %s", g.Kind.Title(), g.Portal.Name)
		if r.Report.HasExpiry() {
			line += fmt.Sprintf("; new expiry %s, renew by %s",
				r.Report.Expires.Local().Format("2006-01-02"),
				r.Report.Expires.AddDate(0, 0, -30).Local().Format("2006-01-02"))
		}
		fmt.Fprintln(stdout, line+".")
	case r.PendingReset() && g != nil:
		fmt.Fprintf(stderr, "Warning: the old DEP server token is already reset. Upload the new *_smime.p7m in %s now.\n"+
			"To continue: mdmtoken --kind dep --apple %s --portal %s\n", g.Portal.Name, g.Apple.ID, g.Portal.ID)
	}
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
