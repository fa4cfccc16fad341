package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mdmtoken/mdmtoken/runbook"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/spf13/cobra"
)

func newGuideCmd() *cobra.Command {
	var flags guideFlags
	var format, playbooks string
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
			k, _ := steps.ParseKind(flags.kind)
			_, ownApple := c.KindApple(k)
			var missing []string
			for _, m := range []struct {
				flag, value, valid string
				needed             bool
			}{
				{"--kind", flags.kind, kindIDs(steps.Kinds()), true},
				{"--apple", flags.apple, strings.Join(c.AppleIDs(), ", "), !ownApple},
				{"--portal", flags.portal, strings.Join(steps.PortalIDs(c.AllPortals()), ", "), true},
			} {
				if m.value == "" && m.needed {
					missing = append(missing, fmt.Sprintf("%s (one of: %s)", m.flag, m.valid))
				}
			}
			if len(missing) > 0 {
				return usageError(fmt.Errorf("guide needs %s", strings.Join(missing, ", ")))
			}
			ch, err := flags.resolve(c, steps.Kinds())
			if err != nil {
				return usageError(err)
			}
			g, err := c.Guide(ch.kind, ch.apple, ch.portal)
			if err != nil {
				// The message can name a local playbook's portal.
				return usageError(errors.New(token.Printable(err.Error())))
			}
			return runbook.Render(cmd.OutOrStdout(), g, f)
		},
	}
	flags.register(cmd, steps.Kinds())
	cmd.Flags().StringVar(&format, "format", string(runbook.Text), "output format: text or markdown")
	_ = cmd.RegisterFlagCompletionFunc("format", completeValues(runbook.Formats()...))
	playbooksFlag(cmd, &playbooks)
	return cmd
}
