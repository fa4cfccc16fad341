package ui

import (
	"reflect"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/steps"
	"github.com/mdmtoken/mdmtoken/token"
)

var ctrlD = tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}

func press(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

// TestScreenActions is what each screen returns for the keys it knows: the
// user's decision, or nil while the screen handles a key itself.
func TestScreenActions(t *testing.T) {
	catalog, err := steps.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	g, err := catalog.Guide(token.KindDEP, "abm", "relution")
	if err != nil {
		t.Fatal(err)
	}
	sh := &shared{styles: newStyles(true), keys: newKeyMap(), now: func() time.Time { return time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC) }}
	never := func(int) bool { return false }
	lastApple := len(g.AppleSteps) - 1
	ok := renewal.Checked{Path: "/tmp/x_smime.p7m", Report: token.Report{Kind: token.KindDEP, Status: token.StatusOK}}
	sum := summary{guide: g, chosen: ok}

	type step struct {
		in   tea.Msg
		want action
	}
	for _, c := range []struct {
		name  string
		make  func() screen
		steps []step
	}{
		{"start", func() screen { return newStartScreen(sh, nil, nil, false, nil) }, []step{
			{press("esc"), nil},
			{press("down"), nil},
			{press("enter"), renew{kind: token.KindDEP}},
			{press("4"), checkFile{}},
			{press("5"), leave{}},
		}},
		{"apple", func() screen { return newAppleScreen(sh, catalog) }, []step{
			{press("enter"), choseApple{id: catalog.ApplePortals()[0].ID}},
			{press("esc"), goBack{}},
		}},
		{"portal", func() screen { return newPortalScreen(sh, catalog, token.KindDEP, nil) }, []step{
			{press("enter"), chosePortal{id: catalog.Portals(token.KindDEP)[0].ID}},
		}},
		{"caveats", func() screen { return newCaveatsScreen(sh, g, true, "", nil) }, []step{
			{press("down"), nil},
			{press("enter"), goOn{}},
			{press("esc"), goBack{}},
		}},
		{"caveats, nowhere to go back to", func() screen { return newCaveatsScreen(sh, g, false, "", nil) }, []step{
			{press("esc"), nil},
			{press("enter"), goOn{}},
		}},
		{"apple steps", func() screen { return newWalkScreen(sh, g.Apple.Name, g.AppleSteps, 0, never, upload{}, false) }, []step{
			{press("esc"), goBack{}},
			{press("enter"), walked{step: 1, confirmed: -1}},
			{press("esc"), walked{step: 0, confirmed: -1}},
		}},
		{"download step", func() screen {
			return newWalkScreen(sh, g.Apple.Name, g.AppleSteps, lastApple, never, upload{}, false)
		}, []step{
			{press("enter"), nil}, // the warning needs y
			{press("y"), walked{step: lastApple, confirmed: lastApple, done: true}},
			{press("enter"), walked{step: lastApple, confirmed: -1, done: true}},
		}},
		{"download step confirmed before", func() screen {
			return newWalkScreen(sh, g.Apple.Name, g.AppleSteps, lastApple, func(i int) bool { return i == lastApple }, upload{}, false)
		}, []step{
			{press("enter"), walked{step: lastApple, confirmed: -1, done: true}},
		}},
		{"picker", func() screen { return newPickerScreen(sh, t.TempDir(), renewal.Lookup{}, "Choose", "files", true) }, []step{
			{press("p"), pasteInstead{}},
			{press("esc"), goBack{}},
		}},
		{"paste", func() screen { return newPasteScreen(sh) }, []step{
			{ctrlD, nil}, // nothing pasted yet
			{tea.PasteMsg{Content: "line one\r\nline two"}, nil},
			{press("q"), nil},     // text, not a command
			{press("enter"), nil}, // a line break
			{tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl}, nil}, // a line feed
			{ctrlD, pasted{text: "line one\nline twoq\n\n"}},
			{press("esc"), goBack{}},
		}},
		{"verdict", func() screen {
			return newVerdictScreen(sh, ok, "Relution", []renewal.Choice{renewal.Continue, renewal.PickAgain}, nil, false, renewal.Match{}, renewal.MarkOf(ok.Report.Status))
		}, []step{
			{press("enter"), decided{choice: renewal.Continue}},
			{press("2"), decided{choice: renewal.PickAgain}},
			{press("esc"), decided{choice: renewal.PickAgain}},
		}},
		{"confirm", func() screen { return newConfirmScreen(sh, sum) }, []step{
			{press("p"), nil},
			{press("n"), answered{accepted: false}},
			{press("p"), pickAgain{}},
			{press("esc"), nil}, // back to the question
			{press("esc"), goBack{}},
			{press("y"), answered{accepted: true}},
		}},
		{"done, clearing Downloads", func() screen { return newDoneScreen(sh, sum, true, "/private", nil) }, []step{
			{leftoversMsg{files: []string{"/d/a.p7m", "/d/b.p7m"}}, nil},
			{press("down"), nil},
			{press("enter"), tidy{how: renewal.DeleteThem, files: []string{"/d/a.p7m", "/d/b.p7m"}}},
			{tidiedMsg{said: "Deleted 2 files."}, nil},
			{press("enter"), leave{}},
		}},
		{"done", func() screen { return newDoneScreen(sh, sum, true, "/private", nil) }, []step{
			{recordSavedMsg{record: "/tmp/r.md"}, nil},
			{press("esc"), nil},
			{press("enter"), leave{}},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := c.make()
			s.SetSize(80, 20)
			for i, st := range c.steps {
				_, got := s.Update(st.in)
				if !reflect.DeepEqual(got, st.want) {
					t.Errorf("step %d (%v): %#v, want %#v", i+1, st.in, got, st.want)
				}
				if s.View() == "" {
					t.Errorf("step %d: empty view", i+1)
				}
			}
		})
	}
}
