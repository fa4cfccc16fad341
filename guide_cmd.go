package main

import (
	"fmt"
	"strings"

	"github.com/mdmtoken/mdmtoken/runbook"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/spf13/cobra"
)

func newGuideCmd() *cobra.Command {
	var flags guideFlags
	var format, playbooks string
	cmd := &cobra.Command{
		Use:   "guide --kind vpp|dep --apple business|abm|asm --portal NAME",
		Short: "Print the whole renewal runbook for one token, Apple portal and MDM portal",
		Long: "guide prints every step of one renewal as a runbook: caveats, the steps\n" +
			"in Apple's portal, what the downloaded file must be, the steps in the MDM\n" +
			"portal, common errors and the sources the steps follow.\n" +
			"'mdmtoken portals' lists the portal ids.",
		Example: "  mdmtoken guide --kind dep --apple abm --portal relution\n" +
			"  mdmtoken guide --kind vpp --apple business --portal intune --format markdown > runbook.md",
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
			var missing []string
			for _, m := range []struct{ flag, value, valid string }{
				{"--kind", flags.kind, strings.Join(renewableIDs(), ", ")},
				{"--apple", flags.apple, strings.Join(c.AppleIDs(), ", ")},
				{"--portal", flags.portal, strings.Join(steps.PortalIDs(c.AllPortals()), ", ")},
			} {
				if m.value == "" {
					missing = append(missing, fmt.Sprintf("%s (one of: %s)", m.flag, m.valid))
				}
			}
			if len(missing) > 0 {
				return usageError(fmt.Errorf("guide needs %s", strings.Join(missing, ", ")))
			}
			ch, err := flags.resolve(c)
			if err != nil {
				return usageError(err)
			}
			g, err := c.Guide(ch.kind, ch.apple, ch.portal)
			if err != nil {
				return usageError(err)
			}
			return runbook.Render(cmd.OutOrStdout(), g, f)
		},
	}
	flags.register(cmd)
	cmd.Flags().StringVar(&format, "format", string(runbook.Text), "output format: text or markdown")
	playbooksFlag(cmd, &playbooks)
	return cmd
}
