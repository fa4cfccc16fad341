package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/mdmtoken/mdmtoken/internal/downloadstest"
	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/sample"
	"github.com/mdmtoken/mdmtoken/token"
)

// pickerNow is the clock of the picker tests.
var pickerNow = time.Date(2026, 12, 2, 8, 30, 0, 0, time.UTC)

// Real names of one organization's downloads: two MDM servers, last
// year's token of one of them, and content tokens for three locations.
var (
	prodName    = sample.DEPFileName("Lakeside Jamf Production Server", pickerNow.Add(-2*time.Hour))
	lastYear    = sample.DEPFileName("Lakeside Jamf Production Server", pickerNow.AddDate(0, 0, -360))
	stagingName = sample.DEPFileName("Lakeside Jamf Staging Server", pickerNow.Add(-30*time.Minute))
	locations   = []string{"Lakeside Elementary", "Lakeside High School", "Lakeside Middle School"}
	// hostileName would draw a row of its own if its line feed reached
	// the terminal.
	hostileName = "notes\n > sToken_for_Main Campus.vpptoken"
)

// realisticFolder writes a Downloads folder with those names, a folder
// and a hostile name, and returns it.
func realisticFolder(t testing.TB) string {
	t.Helper()
	dir := downloadsIn(t)
	id, other := downloadstest.Identity(t, ".."), downloadstest.OtherIdentity(t, "..")
	dep := func(id *sample.Identity, downloaded time.Time, seed uint64) []byte {
		b, err := sample.DEP(id, downloaded.AddDate(1, 0, 0), sample.DEPOptions{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	files := []struct {
		name string
		data []byte
		at   time.Time
	}{
		{prodName, dep(id, pickerNow.Add(-2*time.Hour), 1), pickerNow.Add(-2 * time.Hour)},
		{lastYear, dep(id, pickerNow.AddDate(0, 0, -360), 2), pickerNow.AddDate(0, 0, -360)},
		{stagingName, dep(other, pickerNow.Add(-30*time.Minute), 3), pickerNow.Add(-30 * time.Minute)},
		{"invoice-2026-11.pdf", []byte("%PDF-1.4\n"), pickerNow.AddDate(0, 0, -5)},
		{hostileName, []byte("not a token\n"), pickerNow.AddDate(0, 0, -1)},
	}
	for i, loc := range locations {
		files = append(files, struct {
			name string
			data []byte
			at   time.Time
		}{sample.VPPFileName(loc), sample.VPP("Lakeside School District", pickerNow.AddDate(1, 0, -i)), pickerNow.Add(-time.Duration(i+3) * time.Hour)})
	}
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, f.data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, f.at, f.at); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "Screenshots"), 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

// downloadsIn makes ~/Downloads in a fresh home, so the Folder line reads
// the same in every run.
func downloadsIn(t testing.TB) string {
	home := t.TempDir()
	t.Setenv("HOME", home)
	dir := filepath.Join(home, "Downloads")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

// depLookup is a DEP renewal's lookup with the MDM's certificate and key.
func depLookup(t testing.TB, practice bool) renewal.Lookup {
	id := downloadstest.Identity(t, "..")
	return renewal.New(renewal.Config{Kind: token.KindDEP, Cert: id.Cert, Key: id.Key, Practice: practice,
		Now: func() time.Time { return pickerNow }}).Lookup()
}

// openPicker makes a picker on dir, sized, with its folder listed and the
// highlighted file inspected.
func openPicker(t testing.TB, dir string, l renewal.Lookup, width, height int) *pickerScreen {
	t.Helper()
	sh := &shared{styles: newStyles(true), keys: newKeyMap(), now: func() time.Time { return pickerNow }}
	s := newPickerScreen(sh, dir, l, "Choose the file you just downloaded", "<Server>_Token_<timestamp>_smime.p7m", true)
	s.SetSize(width, height)
	settle(s, s.Init())
	return s
}

// settle runs a screen's commands and hands it their messages until none
// is left.
func settle(s screen, cmd tea.Cmd) {
	for cmd != nil {
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				settle(s, c)
			}
			return
		}
		cmd, _ = s.Update(msg)
	}
}

// keyPress is the key named as the driver tests name keys.
func keyPress(k string) tea.KeyPressMsg {
	codes := map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
		"left": tea.KeyLeft, "home": tea.KeyHome, "end": tea.KeyEnd, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"backspace": tea.KeyBackspace}
	if c, ok := codes[k]; ok {
		return tea.KeyPressMsg{Code: c}
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

// pressKeys sends keys to the picker, running what they start.
func pressKeys(s *pickerScreen, keys ...string) (last action) {
	for _, k := range keys {
		cmd, act := s.Update(keyPress(k))
		settle(s, cmd)
		last = act
	}
	return last
}

// body is the picker's view without styling.
func body(s *pickerScreen) string { return ansi.Strip(s.View()) }

// cursorLine is the row under the cursor in a view, or "".
func cursorLine(v string) string {
	for _, l := range strings.Split(v, "\n") {
		if strings.HasPrefix(l, "> ") {
			return l
		}
	}
	return ""
}

// TestPickerRealNames: with real names, every row is told apart at 80
// columns (verdict mark, date, the name's distinguishing end) and still
// at 40; a folder is marked; the order ignores case; the hostile name
// draws no row of its own; the cursor opens on this server's fresh token.
func TestPickerRealNames(t *testing.T) {
	dir := realisticFolder(t)
	for _, size := range [][2]int{{80, 24}, {40, 12}} {
		w, h := size[0], size[1]
		t.Run(strconv.Itoa(w)+"x"+strconv.Itoa(h), func(t *testing.T) {
			s := openPicker(t, dir, depLookup(t, false), w-2, h-5)
			v := body(s)
			for _, l := range strings.Split(v, "\n") {
				if ansi.StringWidth(l) > w-2 {
					t.Errorf("row wider than %d: %q", w-2, l)
				}
				if strings.HasPrefix(strings.TrimLeft(l, " >!✓✗"), "sToken_for_Main") || strings.HasPrefix(l, " > sToken_for_Main") {
					t.Errorf("the hostile name draws a row of its own: %q", l)
				}
			}
			if !strings.Contains(v, `notes\n`) {
				t.Errorf("the hostile name is not shown escaped:\n%s", v)
			}
			cur := cursorLine(v)
			if !strings.Contains(cur, "✓") || !strings.Contains(cur, "Jamf Produc") || !strings.Contains(cur, "2026-12-02") {
				t.Errorf("the cursor is not on this server's fresh token: %q\n%s", cur, v)
			}
			golden.RequireEqual(t, v)
		})
	}
}

// TestPickerRowsToldApart: at 80 columns the rows of the two servers and
// of last year's token differ in what they show, and so do the three
// locations' rows; at 40 too.
func TestPickerRowsToldApart(t *testing.T) {
	dir := realisticFolder(t)
	for _, w := range []int{78, 38} {
		s := openPicker(t, dir, depLookup(t, false), w, 40)
		rows := map[string]bool{}
		for _, i := range s.list.shown {
			e := s.list.all[i]
			if !strings.HasPrefix(e.name, "Lakeside") && !strings.HasPrefix(e.name, "sToken") {
				continue
			}
			s.list.cursor = slices.Index(s.list.shown, i)
			row := strings.TrimPrefix(cursorLine(body(s)), "> ")
			if rows[row] {
				t.Errorf("%d columns: two rows read %q", w, row)
			}
			rows[row] = true
		}
		if len(rows) != 6 {
			t.Errorf("%d columns: %d rows of the six tokens: %v", w, len(rows), rows)
		}
	}
}

// TestPickerFolders: an empty and a missing folder say so and what to do;
// the Folder line and the reason escape what a terminal would act on.
func TestPickerFolders(t *testing.T) {
	empty := downloadsIn(t)
	missing := filepath.Join(filepath.Dir(empty), "Down\x1b[31mloads")
	for _, c := range []struct {
		name, dir, want string
	}{
		{"empty", empty, "This folder is empty."},
		{"missing", missing, "This folder does not exist."},
	} {
		for _, size := range [][2]int{{80, 24}, {40, 12}} {
			t.Run(c.name+"_"+strconv.Itoa(size[0]), func(t *testing.T) {
				s := openPicker(t, c.dir, depLookup(t, false), size[0]-2, size[1]-5)
				v := body(s)
				for _, want := range []string{c.want, "←/h opens the parent folder", "p pastes", "--dir"} {
					if !strings.Contains(strings.ReplaceAll(v, "\n", " "), want) {
						t.Errorf("%q missing:\n%s", want, v)
					}
				}
				if strings.Contains(s.View(), "\x1b[31m") {
					t.Errorf("the folder's name reaches the terminal raw:\n%q", s.View())
				}
				golden.RequireEqual(t, v)
				pressKeys(s, "left")
				if s.dir != filepath.Dir(c.dir) {
					t.Errorf("←: in %s, want the parent", s.dir)
				}
				if e, _ := s.list.current(); c.name == "empty" && e.name != filepath.Base(c.dir) {
					t.Errorf("←: cursor on %q, want the folder just left", e.name)
				}
			})
		}
	}
}

// TestPickerFilterAndToggle: / filters by name without regard to case,
// letters typed go to the filter (q is text there), enter keeps it, esc
// clears it; t keeps only the files like the one wanted, and folders.
func TestPickerFilterAndToggle(t *testing.T) {
	s := openPicker(t, realisticFolder(t), depLookup(t, false), 78, 19)
	all := len(s.list.shown)
	pressKeys(s, "/", "s", "T", "a", "g")
	if !s.takingText() {
		t.Fatal("the filter is not taking text")
	}
	if got := len(s.list.shown); got != 1 || !strings.Contains(cursorLine(body(s)), "Staging") {
		t.Errorf("filter \"sTag\": %d rows, cursor %q", got, cursorLine(body(s)))
	}
	pressKeys(s, "backspace", "backspace", "backspace", "backspace", "q")
	if s.list.filter != "q" || len(s.list.shown) != 0 || !strings.Contains(body(s), "No entry matches") {
		t.Errorf("filter %q: %d rows:\n%s", s.list.filter, len(s.list.shown), body(s))
	}
	pressKeys(s, "backspace", "l", "a", "k", "e", "enter")
	if s.takingText() || len(s.list.shown) != 6 || !strings.Contains(body(s), "Filter: lake") {
		t.Errorf("after enter: taking text %v, %d rows:\n%s", s.takingText(), len(s.list.shown), body(s))
	}
	if act := pressKeys(s, "esc"); act != nil || s.list.filter != "" || len(s.list.shown) != all {
		t.Errorf("esc with a filter: %v, filter %q, %d rows", act, s.list.filter, len(s.list.shown))
	}
	if act := pressKeys(s, "esc"); act != (goBack{}) {
		t.Errorf("esc without a filter: %v, want goBack", act)
	}

	pressKeys(s, "t")
	for _, i := range s.list.shown {
		if e := s.list.all[i]; !e.dir && !strings.HasSuffix(e.name, ".p7m") {
			t.Errorf("t: %q still listed", e.name)
		}
	}
	if len(s.list.shown) != 4 || !strings.Contains(body(s), "only .p7m files") {
		t.Errorf("t: %d rows:\n%s", len(s.list.shown), body(s))
	}
	pressKeys(s, "t")
	if len(s.list.shown) != all {
		t.Errorf("t again: %d rows, want %d", len(s.list.shown), all)
	}
}

// TestPickerMoves: home/g and end/G go to the first and last rows, pgup
// and pgdn a page, and enter on a file chooses it.
func TestPickerMoves(t *testing.T) {
	s := openPicker(t, realisticFolder(t), depLookup(t, false), 78, 14)
	last := len(s.list.shown) - 1
	for _, c := range []struct {
		key  string
		want int
	}{{"G", last}, {"g", 0}, {"end", last}, {"home", 0}, {"pgdown", s.list.height}, {"pgup", 0}, {"up", 0}} {
		pressKeys(s, c.key)
		if s.list.cursor != c.want {
			t.Errorf("%s: cursor on %d, want %d", c.key, s.list.cursor, c.want)
		}
		if cursorLine(body(s)) == "" {
			t.Errorf("%s: the cursor's row is not in view:\n%s", c.key, body(s))
		}
	}
	pressKeys(s, "G")
	act, ok := pressKeys(s, "enter").(chosePath)
	if e, _ := s.list.current(); !ok || filepath.Base(act.path) != e.name {
		t.Errorf("enter: %#v", act)
	}
}

// TestPickerPracticeHidesVerdicts: in practice no row shows a mark or a
// date until v reveals the file or it is chosen.
func TestPickerPracticeHidesVerdicts(t *testing.T) {
	s := openPicker(t, realisticFolder(t), depLookup(t, true), 78, 19)
	pressKeys(s, "g", "j", "j") // to the first DEP token
	v := body(s)
	if strings.ContainsAny(v, "✓!✗") || strings.Contains(v, "2026-12-02 ") {
		t.Fatalf("practice shows verdicts before a hint:\n%s", v)
	}
	if _, ok := pressKeys(s, "v").(hinted); !ok {
		t.Fatal("v gave no hint")
	}
	if row := cursorLine(body(s)); !strings.ContainsAny(row, "✓!✗") {
		t.Errorf("after v the row shows no verdict: %q", row)
	}
	for _, l := range strings.Split(body(s), "\n") {
		if strings.HasPrefix(l, "  ") && strings.ContainsAny(l, "✓!✗") {
			t.Errorf("v showed another file too: %q", l)
		}
	}
}

// BenchmarkPickerFirstList is the picker's first list, from reading the
// folder to the drawn view, at 100, 1,000 and 10,000 entries: one in three
// named like a DEP token (each of those has its time read, and the newest
// 50 are inspected), the rest other downloads; and 10,000 entries of which
// 20 look like tokens, as a Downloads folder holds them.
func BenchmarkPickerFirstList(b *testing.B) {
	for _, c := range []struct{ n, every int }{{100, 3}, {1000, 3}, {10000, 3}, {10000, 500}} {
		dir := b.TempDir()
		for i := range c.n {
			name := "File " + strconv.Itoa(i) + ".pdf"
			if i%c.every == 0 {
				name = sample.DEPFileName("Server "+strconv.Itoa(i), pickerNow.Add(-time.Duration(i)*time.Minute))
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
				b.Fatal(err)
			}
		}
		l := depLookup(b, false)
		b.Run(strconv.Itoa(c.n)+"_tokens_"+strconv.Itoa((c.n+c.every-1)/c.every), func(b *testing.B) {
			for b.Loop() {
				s := openPicker(b, dir, l, 78, 19)
				_ = s.View()
			}
		})
	}
}
