package renewal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/sample"
	"github.com/mdmtoken/mdmtoken/token"
)

// TestOtherLocations: with new content tokens of several locations in
// Downloads, the chosen one's verdict names the others and the location
// it belongs to; alone, it says nothing of other locations.
func TestOtherLocations(t *testing.T) {
	dir := t.TempDir()
	exp := now.AddDate(1, 0, 0)
	for _, loc := range []string{"High School", "Middle School", "District Office"} {
		if err := os.WriteFile(filepath.Join(dir, sample.VPPFileName(loc)), sample.VPP("Lakeside", exp), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Last year's token of a fourth location has expired: not named.
	if err := os.WriteFile(filepath.Join(dir, sample.VPPFileName("Annex")), sample.VPP("Lakeside", now.Add(-48*time.Hour)), 0o600); err != nil {
		t.Fatal(err)
	}
	l := Lookup{Expect: token.KindVPP, Exts: fileExts(token.KindVPP), Fresh: true, now: clock}
	c := l.CheckFile(filepath.Join(dir, sample.VPPFileName("Middle School")), nil)
	notes := strings.Join(c.Report.Notes, " ")
	if !strings.Contains(notes, `content tokens for "District Office", "High School"`) || !strings.Contains(notes, `entry for location "Middle School"`) || strings.Contains(notes, "Annex") {
		t.Errorf("notes: %s", notes)
	}
	alone := t.TempDir()
	if err := os.WriteFile(filepath.Join(alone, sample.VPPFileName("Middle School")), sample.VPP("Lakeside", exp), 0o600); err != nil {
		t.Fatal(err)
	}
	if c := l.CheckFile(filepath.Join(alone, sample.VPPFileName("Middle School")), nil); strings.Contains(strings.Join(c.Report.Notes, " "), "also holds") {
		t.Errorf("a token alone names other locations: %v", c.Report.Notes)
	}
}
