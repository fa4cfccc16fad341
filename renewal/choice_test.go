package renewal

import (
	"strings"
	"testing"

	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

// TestEveryChoiceWorded: every way on a verdict can offer has words of its
// own in both front ends, when renewing and when checking a file, so no answer
// is ever blank or a number.
func TestEveryChoiceWorded(t *testing.T) {
	all := AllChoices()
	if len(all) < 10 {
		t.Fatalf("AllChoices lists %d ways on: %v", len(all), all)
	}
	for _, checking := range []bool{false, true} {
		seen := map[string]Choice{}
		for _, c := range all {
			label := ChoiceLabel(c, "Relution", checking, true, token.KindPush)
			if label == "" || strings.ContainsAny(label, "0123456789") {
				t.Errorf("way on %d is worded %q (checking %v)", int(c), label, checking)
				continue
			}
			if other, ok := seen[label]; ok {
				t.Errorf("ways on %d and %d are both worded %q", int(other), int(c), label)
			}
			seen[label] = c
		}
	}
	if got := ChoiceLabel(RenewThis, "", true, true, token.KindPush); got != "Renew this APNs push certificate now" {
		t.Errorf("RenewThis after checking a push certificate: %q", got)
	}
}

// TestGenericPortalInSentences: the generic guide is "your MDM" in the
// ways on, and every other portal is named.
func TestGenericPortalInSentences(t *testing.T) {
	if got := ChoiceLabel(Continue, "your MDM", false, true, token.KindDEP); got != "Continue to your MDM's steps" {
		t.Errorf("generic: %q", got)
	}
	if got := ChoiceLabel(Continue, "Relution", false, true, token.KindDEP); got != "Continue to the Relution steps" {
		t.Errorf("Relution: %q", got)
	}
	g := steps.Portal{ID: steps.GenericID, Name: "Another MDM"}
	if g.Prose() != "your MDM" || (steps.Portal{ID: "relution", Name: "Relution"}).Prose() != "Relution" || Capitalized(g.Prose()) != "Your MDM" {
		t.Errorf("prose %q", g.Prose())
	}
}
