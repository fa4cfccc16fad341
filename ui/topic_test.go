package ui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// fixtureTopic is the topic of the renewed push fixture and last year's.
const fixtureTopic = "com.apple.mgmt.External.3f1c2a64-5b7e-4d1a-9c3e-0a1b2c3d4e5f"

// pushAlone is a push renewal for Intune at the verdict on file, the only
// push certificate in its folder, at the size given (80x24 by default).
func pushAlone(t *testing.T, file string, size ...int) *driver {
	t.Helper()
	h := start(t, ui.Options{Kind: token.KindPush, Portal: "intune"})
	data, err := os.ReadFile(filepath.Join("..", "testdata", "push", file))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(h.fx.path(file), data, 0o600); err != nil {
		t.Fatal(err)
	}
	g := guide(t, token.KindPush, "pushcert", "intune")
	h.press("enter")
	h.walk(g.Portal.Name, g.BeforeSteps)
	h.walk(g.Apple.Name, g.AppleSteps)
	h.see("> ✓ 2027-05-31 " + file)
	h.pressSee("enter", "File: "+file, "! TOPIC NOT COMPARED")
	if len(size) == 2 {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
	}
	return h
}

// TestPushTopicCompare: with no earlier certificate beside the download,
// the verdict says the topic was not compared and offers first to type the
// MDM's; a serial number is refused with the reason, and a certificate
// with another topic is then stopped with the re-enroll warning.
func TestPushTopicCompare(t *testing.T) {
	h := pushAlone(t, pushCreated)
	h.see("! TOPIC NOT COMPARED", "Topic check: not compared", "> 1. Compare the topic with the one Microsoft Intune shows",
		"Continue to the Microsoft Intune steps without comparing the topic")
	h.pressSee("enter", "Compare with the certificate Microsoft Intune uses", "enter compare")
	h.send(tea.PasteMsg{Content: "7D:D5:1A:45:BF:77:B2:0A"})
	h.pressSee("enter", "looks like a serial number")
	h.press("ctrl+u")
	h.send(tea.PasteMsg{Content: "APSP:3F1C2A64-5B7E-4D1A-9C3E-0A1B2C3D4E5F\n"})
	h.press("enter")
	h.see("enroll again", "Go back to the Push Certificates Portal and renew the certificate your MDM uses")
	h.pressSee("end", "Topic check: another topic than the one you typed")
	if v := h.view(); strings.Contains(v, "Continue to the") {
		t.Errorf("a new-topic certificate can still go on:\n%s", v)
	}
	// Back in the list, the certificate is marked with what the topic
	// typed showed.
	h.pressSee("3", "Choose the file you just downloaded")
	if row := cursorRow(h.view()); !strings.Contains(row, "✗") {
		t.Errorf("the list still marks the new-topic certificate %q", row)
	}
}

// TestPushTopicRetyped: a topic that did not match can be typed again
// from the verdict, as when it was mistyped: the certificate's own topic
// then lets the renewal go on.
func TestPushTopicRetyped(t *testing.T) {
	h := pushAlone(t, pushCreated)
	h.pressSee("enter", "Compare with the certificate Microsoft Intune uses")
	h.send(tea.PasteMsg{Content: "APSP:3F1C2A64-5B7E-4D1A-9C3E-0A1B2C3D4E5F\n"})
	h.press("enter")
	h.see("✗ MISMATCH", "2. Type the topic Microsoft Intune shows again (if it was mistyped)")
	h.pressSee("2", "Compare with the certificate Microsoft Intune uses")
	h.press("ctrl+u")
	h.send(tea.PasteMsg{Content: "com.apple.mgmt.External.8d2e4f60-1a3b-4c5d-8e9f-112233445566\n"})
	h.press("enter")
	h.see("✓ OK", "Continue to the Microsoft Intune steps")
}

// TestPushTopicSame: the same topic typed lets the renewal go on, and the
// confirmation says how the topic was compared.
func TestPushTopicSame(t *testing.T) {
	h := pushAlone(t, pushNew)
	h.press("enter")
	h.send(tea.PasteMsg{Content: fixtureTopic})
	h.press("enter")
	h.see("✓ OK", "> 1. Continue to the Microsoft Intune steps")
	h.pressSee("end", "Topic check: the same topic as the one you typed from the MDM")
}

// TestPushTopicScreens: the verdict that offers the comparison and the
// screen that takes the topic, at 80x24 and 40x12.
func TestPushTopicScreens(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"40x12", 40, 12}} {
		t.Run(size.name+"/verdict", func(t *testing.T) {
			h := pushAlone(t, pushCreated, size.w, size.h)
			h.see("! TOPIC NOT COMPARED", "Compare the topic")
			h.golden()
		})
		t.Run(size.name+"/topic", func(t *testing.T) {
			h := pushAlone(t, pushCreated, size.w, size.h)
			h.press("enter")
			h.send(tea.PasteMsg{Content: "7DD51A45BF77B20A"})
			h.pressSee("enter", "serial number", "enter compare")
			h.golden()
		})
	}
}

// TestPushTopicFromHistory: the renewal history's push certificate for
// this MDM portal is what a download alone in Downloads is compared with.
func TestPushTopicFromHistory(t *testing.T) {
	known := []history.Item{{Entry: history.Entry{Kind: token.KindPush, Topic: fixtureTopic, MDMPortal: "intune",
		Expires: fixedNow.AddDate(0, 0, 10), Recorded: fixedNow.AddDate(-1, 0, 10)}}}
	h := start(t, ui.Options{Kind: token.KindPush, Portal: "intune", Known: known})
	data, err := os.ReadFile(filepath.Join("..", "testdata", "push", pushCreated))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(h.fx.path(pushCreated), data, 0o600); err != nil {
		t.Fatal(err)
	}
	g := guide(t, token.KindPush, "pushcert", "intune")
	h.press("enter")
	h.walk(g.Portal.Name, g.BeforeSteps)
	h.walk(g.Apple.Name, g.AppleSteps)
	h.pickNamed("(1)", "MISMATCH")
	h.see("✗ MISMATCH", "enroll again")
	h.pressSee("end", "Topic check: another topic than the push certificate renewed for this MDM")
}
