package token

import (
	"strings"
	"testing"

	"github.com/mdmtoken/mdmtoken/sample"
)

// TestServerNotCheckedNote: a DEP server token checked without the MDM's
// certificate says that its server was not checked, and whom it is
// encrypted for; with the certificate, the check is made and the note is
// not there.
func TestServerNotCheckedNote(t *testing.T) {
	mdm, _, _ := identities(t)
	data, err := sample.DEP(&sample.Identity{Cert: mdm.cert, Key: mdm.key}, fixtureNow.AddDate(1, 0, 0), sample.DEPOptions{Seed: 301})
	if err != nil {
		t.Fatal(err)
	}
	name := "Fixture MDM_Token_2026-06-01T10-00-00Z_smime.p7m"
	has := func(r Report) bool {
		for _, n := range r.Notes {
			if strings.HasPrefix(n, ServerNotChecked) && strings.Contains(n, "encrypted for "+dnString(mdm.cert.RawIssuer)) {
				return true
			}
		}
		return false
	}
	if r := InspectBytes(name, data, Options{Now: fixtureNow}); r.Status != StatusOK || !has(r) {
		t.Errorf("without the certificate: status %s, notes %q", r.Status, r.Notes)
	}
	for _, o := range []Options{{Now: fixtureNow, Cert: mdm.cert}, {Now: fixtureNow, Cert: mdm.cert, Key: mdm.key}} {
		if r := InspectBytes(name, data, o); has(r) {
			t.Errorf("with the certificate (key %v): notes %q", o.Key != nil, r.Notes)
		}
	}
}
