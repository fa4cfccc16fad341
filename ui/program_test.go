package ui_test

import (
	"errors"
	"io"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/token"
	"github.com/mdmtoken/mdmtoken/ui"
)

// TestProgramInterrupted runs the wizard in a real program: ctrl+c makes
// Run return tea.ErrInterrupted with the wizard as its final model, which
// can still save the place, as the command does after a hang-up.
func TestProgramInterrupted(t *testing.T) {
	fx := newFixture(t)
	store := resume.Store{Path: filepath.Join(t.TempDir(), "state.json")}
	opts := ui.Options{Catalog: builtin(t), Kind: token.KindDEP, Apple: "abm", Portal: "relution", Dir: fx.dir,
		Now: func() time.Time { return fixedNow }, State: &store}
	p := tea.NewProgram(ui.New(opts), tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutSignals(),
		tea.WithWindowSize(80, 24), tea.WithColorProfile(colorprofile.ASCII))
	go func() {
		p.Send(keyMsg("enter")) // from the caveats to Apple's first step
		p.Send(keyMsg("enter")) // the second step
		p.Send(keyMsg("ctrl+c"))
	}()
	type ran struct {
		final tea.Model
		err   error
	}
	done := make(chan ran, 1)
	go func() {
		final, err := p.Run()
		done <- ran{final, err}
	}()
	var r ran
	select {
	case r = <-done:
	case <-time.After(10 * time.Second):
		p.Kill()
		t.Fatal("the program did not end after ctrl+c")
	}
	if !errors.Is(r.err, tea.ErrInterrupted) {
		t.Errorf("Run returned %v, want tea.ErrInterrupted", r.err)
	}
	m, ok := r.final.(ui.Model)
	if !ok {
		t.Fatalf("final model is %T", r.final)
	}
	if err := m.SavePlace(); err != nil {
		t.Fatal(err)
	}
	st, ok, err := store.Load(fixedNow)
	if !ok || err != nil || st.Stage != renewal.StageAppleSteps || st.Step != 1 {
		t.Errorf("saved place %+v, %v, %v; want Apple's second step", st, ok, err)
	}
}
