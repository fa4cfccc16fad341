package plain

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mdmtoken/mdmtoken/token"
)

// TestPushTopic: a push certificate alone in its folder is not compared;
// plain mode offers to type the MDM's topic, refuses a serial number with
// the reason, and stops a certificate with another topic.
func TestPushTopic(t *testing.T) {
	fx := newFixture(t)
	const created = "MDM_ Fixture_Certificate (1).pem" // another topic than the fixture's renewal
	data, err := os.ReadFile(filepath.Join("..", "testdata", "push", created))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fx.Path(created), data, 0o600); err != nil {
		t.Fatal(err)
	}
	opts := fx.opts
	opts.Kind, opts.Portal = token.KindPush, "intune"
	d := run(t, opts)
	d.answer("") // caveats
	scr, _ := d.walk()
	d.send(option(t, scr, created))
	scr = d.prompt()
	if !has(scr, "Verdict: ! TOPIC NOT COMPARED") || !has(scr, "Topic check: not compared") {
		t.Errorf("the verdict does not say the topic was not compared:\n%s", scr)
	}
	d.send(option(t, scr, "Compare the topic with the one Microsoft Intune shows (type or paste it)"))
	scr = d.answer("7D:D5:1A:45:BF:77:B2:0A")
	if !has(scr, "Compare with the certificate Microsoft Intune uses") {
		t.Fatalf("no topic question:\n%s", scr)
	}
	scr = d.answer("APSP:3F1C2A64-5B7E-4D1A-9C3E-0A1B2C3D4E5F")
	if !has(scr, "That looks like a serial number") {
		t.Errorf("a serial number is not refused with the reason:\n%s", scr)
	}
	scr = d.prompt()
	if !has(scr, "enroll again") || !has(scr, "Topic check: another topic than the one you typed") || strings.Contains(scr, "Continue to the") {
		t.Errorf("a new-topic certificate is not stopped:\n%s", scr)
	}
}
