package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newCheckCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "check [flags] PATH...",
		Short: "Tell what token files are and whether they are valid",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("check is not built yet")
		},
	}
}
