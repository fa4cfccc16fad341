package ui

import (
	"strings"
	"testing"
)

// TestWrapKeepsIdentifiers: a push topic's identifier, a date and a time
// are never broken at their hyphens; words joined by a hyphen may be.
func TestWrapKeepsIdentifiers(t *testing.T) {
	const topic = "com.apple.mgmt.External.8f2c1a7e-4b3d-4e59-9a61-2d7c5e0b9f14"
	got := wrap("This push certificate has the topic "+topic+", downloaded 2026-12-02 at 14-10-00Z.", 70)
	for _, whole := range []string{topic, "2026-12-02", "14-10-00Z"} {
		if !strings.Contains(got, whole) {
			t.Errorf("%q broken:\n%s", whole, got)
		}
	}
	if got := wrap("a community-sourced guide", 16); !strings.Contains(got, "community-\n") {
		t.Errorf("a hyphenated word is not broken at its hyphen:\n%s", got)
	}
}
