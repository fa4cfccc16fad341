package practice

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/token"
)

// TestMakeGivesEveryTrap checks that each practice file is what the
// training says it is, judged by the token engine as the wizard would.
func TestMakeGivesEveryTrap(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	kit, err := Make(filepath.Join(t.TempDir(), "Downloads"), now)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(kit.Dir)
	if err != nil {
		t.Fatal(err)
	}
	dep := token.Options{Now: now, Expect: token.KindDEP, Fresh: true, Cert: kit.Cert, Key: kit.Key}
	vpp := token.Options{Now: now, Expect: token.KindVPP, Fresh: true, Cert: kit.Cert, Key: kit.Key}
	got := map[token.Status]int{}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", e.Name(), info.Mode().Perm())
		}
		r := token.Inspect(filepath.Join(kit.Dir, e.Name()), dep)
		got[r.Status]++
		t.Logf("as DEP: %-55s %s", e.Name(), r.Status)
	}
	want := map[token.Status]int{
		token.StatusOK:          1, // this year's server token
		token.StatusStale:       1, // last year's, still in Downloads
		token.StatusWrongServer: 1, // made for another MDM server
		token.StatusWrongKind:   4, // three VPP tokens and the public key
	}
	for s, n := range want {
		if got[s] != n {
			t.Errorf("renewing DEP: %d files %s, want %d (all: %v)", got[s], s, n, got)
		}
	}

	fresh := token.Inspect(filepath.Join(kit.Dir, "sToken_for_Practice School (1).vpptoken"), vpp)
	old := token.Inspect(filepath.Join(kit.Dir, "sToken_for_Practice School.vpptoken"), vpp)
	expired := token.Inspect(filepath.Join(kit.Dir, "sToken_for_Annex.vpptoken"), vpp)
	if fresh.Status != token.StatusOK || old.Status != token.StatusStale || expired.Status != token.StatusExpired {
		t.Errorf("renewing VPP: fresh %s, old %s, annex %s; want ok, stale and expired", fresh.Status, old.Status, expired.Status)
	}

	// Every trap is a file of the folder, and none is the right file.
	for kind, traps := range kit.Traps {
		opts := dep
		if kind == token.KindVPP {
			opts = vpp
		}
		for _, tr := range traps {
			if len(tr.Paths) == 0 {
				t.Errorf("%s trap %q has no file", kind, tr.Name)
			}
			for _, p := range tr.Paths {
				if r := token.Inspect(p, opts); r.Status == token.StatusOK {
					t.Errorf("%s trap %q: %s is %s", kind, tr.Name, filepath.Base(p), r.Status)
				}
			}
		}
	}
	if fresh.Org != Org {
		t.Errorf("VPP org %q, want %q", fresh.Org, Org)
	}
}
