package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/internal/downloadstest"
	"github.com/mdmtoken/mdmtoken/record"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// wizardRun drives the wizard's model as a user at 80x24 would, running
// each command at once and feeding its message back.
type wizardRun struct {
	t    *testing.T
	m    ui.Model
	quit bool
}

func (w *wizardRun) send(msg tea.Msg) {
	if w.quit {
		return
	}
	next, cmd := w.m.Update(msg)
	w.m = next.(ui.Model)
	w.do(cmd)
}

func (w *wizardRun) do(cmd tea.Cmd) {
	if cmd == nil || w.quit {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			w.do(c)
		}
	case tea.QuitMsg, tea.InterruptMsg:
		w.quit = true
	default:
		w.send(msg)
	}
}

func (w *wizardRun) view() string { return ansi.Strip(w.m.View().Content) }

func (w *wizardRun) press(k string) {
	if k == "enter" {
		w.send(tea.KeyPressMsg{Code: tea.KeyEnter})
		return
	}
	w.send(tea.KeyPressMsg{Code: rune(k[0]), Text: k})
}

// renewToTheEnd answers every screen as a user sure of each step would:
// y where a warning or the portal's answer needs it, enter elsewhere (the
// picker starts on the best file, the verdict on going on).
func (w *wizardRun) renewToTheEnd() {
	w.t.Helper()
	for range 80 {
		v := w.view()
		if strings.Contains(v, "Renewal done") {
			return
		}
		w.press("y")
		if w.view() == v {
			w.press("enter")
		}
	}
	w.t.Fatalf("the renewal did not end:\n%s", w.view())
}

// TestWizardThenDue: two renewals in the wizard, a VPP and a DEP token,
// each added to the history when the portal accepted it; mdmtoken due then
// lists both with the dates the wizard checked.
func TestWizardThenDue(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	t.Setenv(history.EnvVar, "")
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	id := downloadstest.Identity(t, ".")
	f := downloadstest.Make(t, filepath.Join(t.TempDir(), "Downloads"), now, id)
	path := filepath.Join(t.TempDir(), "team", "history.jsonl")
	catalog, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	expires := map[token.Kind]time.Time{}
	for _, c := range []struct {
		kind          token.Kind
		apple, portal string
	}{{token.KindVPP, "abm", "relution"}, {token.KindDEP, "asm", "intune"}} {
		w := &wizardRun{t: t, m: ui.New(ui.Options{Catalog: catalog, Kind: c.kind, Apple: c.apple, Portal: c.portal,
			Dir: f.Dir, Now: func() time.Time { return now }, Cert: id.Cert, Key: id.Key, History: path})}
		w.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		w.do(w.m.Init())
		w.renewToTheEnd()
		if v := strings.Join(strings.Fields(w.view()), " "); !strings.Contains(v, "Added to the renewal history") {
			t.Errorf("%s: the end does not say it was added:\n%s", c.kind, w.view())
		}
		res := w.m.Result()
		if !res.Accepted || res.Report == nil || res.Report.Kind != c.kind {
			t.Fatalf("%s: result %+v", c.kind, res)
		}
		expires[c.kind] = res.Report.Expires
	}

	dueNow = func() time.Time { return now }
	t.Cleanup(func() { dueNow = time.Now })
	r := runArgs(t, "due", "--history", path)
	day := func(t time.Time) string { return t.UTC().Format("2006-01-02") }
	var want []string
	for kind, label := range map[token.Kind]string{
		token.KindVPP: "VPP content token, " + downloadstest.Org + ", " + downloadstest.Location + " (Relution)",
		token.KindDEP: "DEP server token, " + downloadstest.Server + " (Microsoft Intune)",
	} {
		e := expires[kind]
		by := record.RenewAt(e)
		want = append(want, day(by)+"  "+history.FromNow(by, now)+"  "+day(e)+"  OK", label+"\n")
	}
	r.want(t, exitOK, append(want, "2 credentials", "History: "+path), nil)
	entries, _, err := history.Load(context.Background(), path)
	if err != nil || len(entries) != 2 || entries[0].User == "" || entries[1].SHA256 == "" {
		t.Errorf("history %+v, %v", entries, err)
	}
}
