package main

import (
	"context"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/mdmtoken/mdmtoken/plain"
	"github.com/mdmtoken/mdmtoken/ui"
)

// dumbTerminal reports whether the terminal says it can neither move the
// cursor nor show color (TERM=dumb): the wizard then runs in plain mode.
func dumbTerminal() bool { return os.Getenv("TERM") == "dumb" }

// runPlain runs the wizard in plain mode, one question at a time as plain
// text on the terminal, with the options the full-screen wizard would
// have, and reports how it ended as the full-screen wizard does.
func runPlain(ctx context.Context, stdout, stderr io.Writer, opts ui.Options) (ui.Result, error) {
	res, err := plain.Run(ctx, os.Stdin, stdout, plain.Options{
		Catalog: opts.Catalog, Kind: opts.Kind, Apple: opts.Apple, Portal: opts.Portal,
		Dir: opts.Dir, Now: opts.Now, UsedTokens: opts.UsedTokens, Cert: opts.Cert, Key: opts.Key, CertPath: opts.CertPath, KeyPath: opts.KeyPath, Certs: opts.Certs,
		RecordDir: opts.RecordDir, State: opts.State, Resume: opts.Resume,
		Practice: opts.Practice, Traps: opts.Traps, Warnings: opts.Warnings, StateWarnings: opts.StateWarnings, History: opts.History, Due: opts.Due, Known: opts.Known,
		Width:     func() int { return columns(os.Stdout) },
		HideInput: func() func() { return plain.HideEcho(os.Stdin) },
	})
	report(stdout, stderr, res)
	switch {
	case ctx.Err() != nil:
		return res, &exitError{code: exitAborted}
	case err != nil:
		return res, err
	}
	return res, endStatus(res)
}

// columns is f's width in columns; 0 when it is not known.
func columns(f *os.File) int {
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return w
}
