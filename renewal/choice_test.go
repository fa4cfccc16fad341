package renewal

import (
	"strings"
	"testing"

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
