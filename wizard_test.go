package main

import (
	"strings"
	"testing"

	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// TestWizardFlags checks how the wizard's flags are resolved against the
// catalog: valid values pass (case does not matter), wrong ones name the
// valid choices, and a portal must have a guide for the kind asked for.
func TestWizardFlags(t *testing.T) {
	catalog, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, c := range []struct {
		name    string
		opts    wizardOptions
		wantErr string
	}{
		{"presets", wizardOptions{guide: guideFlags{kind: "dep", apple: "ABM", portal: "Relution"}, dir: dir}, ""},
		{"portal without kind", wizardOptions{guide: guideFlags{portal: "addigy"}, dir: dir}, ""},
		{"bad kind", wizardOptions{guide: guideFlags{kind: "mdm"}, dir: dir}, `invalid --kind "mdm": use one of vpp, dep`},
		{"bad apple", wizardOptions{guide: guideFlags{apple: "apple"}, dir: dir}, "use one of business, abm, asm"},
		{"unknown portal", wizardOptions{guide: guideFlags{portal: "nosuchmdm"}, dir: dir}, `invalid --portal "nosuchmdm": use one of`},
		{"portal lacks kind", wizardOptions{guide: guideFlags{kind: "dep", portal: "addigy"}, dir: dir}, `invalid --portal "addigy": Addigy has no guide for the DEP server token`},
		{"missing dir", wizardOptions{dir: dir + "/nope"}, "not a folder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts, err := c.opts.resolve(catalog)
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatalf("resolve: %v", err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Fatalf("resolve error %v, want one containing %q", err, c.wantErr)
			}
			if c.name == "presets" && (opts.Kind != token.KindDEP || opts.Apple != "abm" || opts.Portal != "relution" || opts.Dir != dir) {
				t.Errorf("resolved %+v", opts)
			}
		})
	}
}
