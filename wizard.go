package main

import (
	"context"
	"errors"
	"io"

	"github.com/spf13/cobra"
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
	f.StringVar(&o.portal, "portal", "", "MDM portal, e.g. relution or hexnode")
	f.StringVar(&o.dir, "dir", "", "folder the file picker starts in (default ~/Downloads)")
}

func runWizard(ctx context.Context, stdout, stderr io.Writer, opts wizardOptions) error {
	return errors.New("the wizard is not built yet")
}
