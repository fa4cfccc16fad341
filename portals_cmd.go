package main

import (
	"github.com/mdmtoken/mdmtoken/runbook"
	"github.com/spf13/cobra"
)

func newPortalsCmd() *cobra.Command {
	var playbooks string
	cmd := &cobra.Command{
		Use:   "portals",
		Short: "List the Apple portals and every MDM portal guide, built-in and local",
		Long: "portals lists the Apple portal variants and the MDM portal guides with\n" +
			"the token kinds each covers and the sources (with dates) the steps follow.\n" +
			"Community-sourced guides and local playbooks are marked.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := loadCatalog(cmd, cmd.ErrOrStderr(), playbooks)
			if err != nil {
				return err
			}
			return runbook.List(cmd.OutOrStdout(), c)
		},
	}
	playbooksFlag(cmd, &playbooks)
	return cmd
}
