package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// playbooksFlag adds --playbooks to cmd; the default is the user's playbook
// folder.
func playbooksFlag(cmd *cobra.Command, dir *string) {
	cmd.Flags().StringVar(dir, "playbooks", steps.DefaultPlaybookDir(),
		"folder with local portal playbooks (*.yaml)")
	_ = cmd.MarkFlagDirname("playbooks")
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
			fmt.Fprintf(stderr, "warning: playbook folder %s does not exist\n", token.Printable(dir))
		}
	}
	for _, err := range c.AddPlaybooks(dir) {
		fmt.Fprintf(stderr, "warning: playbook skipped: %s\n", token.Printable(err.Error()))
	}
	return c, nil
}

// guideFlags are --kind, --apple and --portal, which pick a guide: the
// credential, the Apple portal and the MDM portal.
type guideFlags struct {
	kind, apple, portal string
}

// register adds the flags to cmd; kinds are the --kind values it takes.
func (f *guideFlags) register(cmd *cobra.Command, kinds []token.Kind) {
	fl := cmd.Flags()
	fl.StringVar(&f.kind, "kind", "", "credential to renew: "+kindIDs(kinds))
	fl.StringVar(&f.apple, "apple", "", "Apple portal: business, abm or asm")
	fl.StringVar(&f.portal, "portal", "", "the MDM portal, e.g. relution or intune (see 'mdmtoken portals')")
	_ = cmd.RegisterFlagCompletionFunc("kind", completeKinds(kinds))
	_ = cmd.RegisterFlagCompletionFunc("apple", completeFromCatalog(func(c *steps.Catalog, _ token.Kind) []cobra.Completion {
		var out []cobra.Completion
		for _, a := range c.ApplePortals() {
			out = append(out, completion(a.ID, a.Name))
		}
		return out
	}))
	_ = cmd.RegisterFlagCompletionFunc("portal", completeFromCatalog(func(c *steps.Catalog, kind token.Kind) []cobra.Completion {
		portals := c.AllPortals()
		if kind != "" {
			portals = c.Portals(kind)
		}
		var out []cobra.Completion
		for _, p := range portals {
			out = append(out, completion(p.ID, p.Name))
		}
		return out
	}))
}

// completeKinds completes a flag whose values are kinds.
func completeKinds(kinds []token.Kind) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, k := range kinds {
			out = append(out, completion(string(k), k.Label()))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeFromCatalog completes a flag from the guides: the built-in ones
// and the playbooks of the command's --playbooks folder. values gets the
// --kind given so far ("" when none), to offer only the portals with a
// guide for it.
func completeFromCatalog(values func(c *steps.Catalog, kind token.Kind) []cobra.Completion) cobra.CompletionFunc {
	return func(cmd *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		dir, _ := cmd.Flags().GetString("playbooks")
		c, err := loadCatalog(cmd, io.Discard, dir)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		kind, _ := cmd.Flags().GetString("kind")
		return values(c, token.Kind(strings.ToLower(strings.TrimSpace(kind)))), cobra.ShellCompDirectiveNoFileComp
	}
}

// completeValues completes a flag with fixed values.
func completeValues[T ~string](values ...T) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		out := make([]cobra.Completion, len(values))
		for i, v := range values {
			out[i] = string(v)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completion is one completion with its description. Both may come from a
// local playbook: they are made printable, and cannot break the shell's
// list (one completion a line, a tab before the description).
func completion(value, description string) cobra.Completion {
	clean := func(s string) string { return strings.Join(strings.Fields(token.Printable(s)), " ") }
	return cobra.CompletionWithDesc(strings.ReplaceAll(clean(value), " ", ""), clean(description))
}

// guideChoice is what guideFlags chose; empty where a flag was not given.
type guideChoice struct {
	kind          token.Kind
	apple, portal string
}

// resolve checks the flags given against the catalog, in any case: one of
// kinds, an Apple portal, and an MDM portal with a guide for that kind. A
// wrong value is an error naming the valid ones.
func (f guideFlags) resolve(c *steps.Catalog, kinds []token.Kind) (guideChoice, error) {
	var ch guideChoice
	if f.kind != "" {
		k := token.Kind(strings.ToLower(strings.TrimSpace(f.kind)))
		if !slices.Contains(kinds, k) {
			return ch, fmt.Errorf("invalid --kind %q: use one of %s", f.kind, kindIDs(kinds))
		}
		ch.kind = k
	}
	if apple := strings.ToLower(strings.TrimSpace(f.apple)); apple != "" {
		if ids := c.AppleIDs(); !slices.Contains(ids, apple) {
			return ch, fmt.Errorf("invalid --apple %q: use one of %s", f.apple, strings.Join(ids, ", "))
		}
		ch.apple = apple
	}
	if portal := strings.ToLower(strings.TrimSpace(f.portal)); portal != "" {
		all := steps.PortalIDs(c.AllPortals())
		if !slices.Contains(all, portal) {
			return ch, fmt.Errorf("invalid --portal %q: use one of %s", f.portal, strings.Join(all, ", "))
		}
		if ch.kind != "" {
			if err := c.HasGuide(ch.kind, portal); err != nil {
				return ch, fmt.Errorf("invalid --portal %q: %w", f.portal, err)
			}
		}
		ch.portal = portal
	}
	return ch, nil
}

// kindIDs lists kinds as --kind values: "vpp, dep".
func kindIDs(kinds []token.Kind) string {
	ids := make([]string, 0, len(kinds))
	for _, k := range kinds {
		ids = append(ids, string(k))
	}
	return strings.Join(ids, ", ")
}
