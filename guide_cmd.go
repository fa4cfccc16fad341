package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mdmtoken/mdmtoken/runbook"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/spf13/cobra"
)

// playbooksFlag adds --playbooks to cmd; the default is the user's playbook
// folder.
func playbooksFlag(cmd *cobra.Command, dir *string) {
	cmd.Flags().StringVar(dir, "playbooks", steps.DefaultPlaybookDir(),
		"folder with local portal playbooks (*.yaml)")
}

// loadCatalog loads the built-in guides and the local playbooks in dir.
// Broken playbooks are reported to stderr as warnings; the rest still loads.
func loadCatalog(cmd *cobra.Command, stderr io.Writer, dir string) (*steps.Catalog, error) {
	c, err := steps.Builtin()
	if err != nil {
		return nil, &exitError{code: exitProblem, err: fmt.Errorf("built-in guides: %w", err)}
	}
	if f := cmd.Flags().Lookup("playbooks"); f != nil && f.Changed {
		if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(stderr, "warning: playbook folder %s does not exist\n", runbook.Printable(dir))
		}
	}
	for _, err := range c.AddPlaybooks(dir) {
		fmt.Fprintf(stderr, "warning: playbook skipped: %s\n", runbook.Printable(err.Error()))
	}
	return c, nil
}

func newGuideCmd() *cobra.Command {
	var kind, apple, portal, format, playbooks string
	cmd := &cobra.Command{
		Use:   "guide --kind vpp|dep|push [--apple business|abm|asm] --portal NAME",
		Short: "Print the whole renewal runbook for one credential, Apple portal and MDM portal",
		Long: "guide prints every step of one renewal as a runbook: caveats, the steps\n" +
			"in Apple's portal, what the downloaded file must be, the steps in the MDM\n" +
			"portal, common errors and the sources the steps follow. The push\n" +
			"certificate is renewed in Apple's Push Certificates Portal whatever the\n" +
			"Apple portal, so it needs no --apple.\n" +
			"'mdmtoken portals' lists the portal ids.",
		Example: "  mdmtoken guide --kind dep --apple abm --portal relution\n" +
			"  mdmtoken guide --kind vpp --apple business --portal intune --format markdown > runbook.md\n" +
			"  mdmtoken guide --kind push --portal fleet",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := loadCatalog(cmd, cmd.ErrOrStderr(), playbooks)
			if err != nil {
				return err
			}
			f, err := runbook.ParseFormat(format)
			if err != nil {
				return usageError(err)
			}
			k, kerr := steps.ParseKind(kind)
			_, ownApple := c.KindApple(k)
			var missing []string
			for _, m := range []struct {
				flag, value, valid string
				needed             bool
			}{
				{"--kind", kind, "vpp, dep, push", true},
				{"--apple", apple, strings.Join(c.AppleIDs(), ", "), !ownApple},
				{"--portal", portal, strings.Join(steps.PortalIDs(c.AllPortals()), ", "), true},
			} {
				if m.value == "" && m.needed {
					missing = append(missing, fmt.Sprintf("%s (one of: %s)", m.flag, m.valid))
				}
			}
			if len(missing) > 0 {
				return usageError(fmt.Errorf("guide needs %s", strings.Join(missing, ", ")))
			}
			if kerr != nil {
				return usageError(kerr)
			}
			g, err := c.Guide(k, strings.ToLower(apple), strings.ToLower(portal))
			if err != nil {
				// The message can name a local playbook's portal.
				return usageError(errors.New(runbook.Printable(err.Error())))
			}
			return runbook.Render(cmd.OutOrStdout(), g, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&kind, "kind", "", "credential to renew: vpp, dep or push")
	fl.StringVar(&apple, "apple", "", "Apple portal: business, abm or asm (not needed for push)")
	fl.StringVar(&portal, "portal", "", "portal id of the MDM: relution, intune, other, … (see 'mdmtoken portals')")
	fl.StringVar(&format, "format", string(runbook.Text), "output format: text or markdown")
	playbooksFlag(cmd, &playbooks)
	return cmd
}
