package plain

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mdmtoken/mdmtoken/internal/downloadstest"
	"github.com/mdmtoken/mdmtoken/mdmcerts"
	"github.com/mdmtoken/mdmtoken/practice"
	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/resume"
	"github.com/mdmtoken/mdmtoken/token"
)

// depFlags answer the first questions: a DEP renewal in Apple Business
// Manager, uploaded to Relution.
func depFlags(o Options) Options {
	o.Kind, o.Apple, o.Portal = token.KindDEP, "abm", "relution"
	return o
}

// controlFree reports the first control character other than a line end
// in out, if any.
func controlFree(t *testing.T, out string) {
	t.Helper()
	for i, c := range out {
		if c == '\n' {
			continue
		}
		if c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 {
			t.Fatalf("control character %q at byte %d of the output:\n%s", c, i, out[max(0, i-200):min(len(out), i+50)])
		}
	}
	if !utf8.ValidString(out) {
		t.Fatalf("the output is not valid UTF-8")
	}
}

// has reports whether the screen says want, however its lines are wrapped.
func has(scr, want string) bool { return strings.Contains(flat(scr), flat(want)) }

// flat joins a text's lines and runs of spaces into single spaces.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestRenewDEP goes through a whole DEP renewal: the caveats, Apple's
// steps with the reset warning, the file list on the fresh token, the
// verdict, Relution's steps naming the file, the confirmation, and the
// record.
func TestRenewDEP(t *testing.T) {
	fx := newFixture(t)
	state := &resume.Store{Path: filepath.Join(t.TempDir(), "state.json")}
	opts := depFlags(fx.opts)
	opts.State = state
	d := run(t, opts)

	scr := d.answer("")
	if !has(scr, "Before you start: DEP server token, Apple Business Manager (classic) and Relution") {
		t.Fatalf("the first screen is not the caveats:\n%s", scr)
	}
	if strings.Contains(scr, "  b. ") {
		t.Errorf("the caveats offer to go back, with every question answered by flags:\n%s", scr)
	}
	// The fresh token already in the folder is named before any download.
	if !has(scr, "Warning: Already in") || !has(scr, "do not download again: that would reset it") || !has(scr, "u. Upload Campus MDM_Token_2026-06-02T14-10-00Z_smime.p7m instead") {
		t.Errorf("the caveats do not name the token already downloaded:\n%s", scr)
	}
	scr, walked := d.walk()
	confirmed := 0
	for _, s := range walked {
		if has(s, "Warning: ") {
			confirmed++
		}
	}
	if confirmed != 1 {
		t.Errorf("%d Apple steps showed a warning, want 1 (Download Token)", confirmed)
	}

	// The file list: the fresh token first, the answer to Enter.
	if !has(scr, "Choose the file you just downloaded") {
		t.Fatalf("after Apple's steps comes no file list:\n%s", scr)
	}
	if !has(scr, "The old DEP token is already reset: finish the upload now.") {
		t.Errorf("the file list does not say the old token is reset:\n%s", scr)
	}
	if n := option(t, scr, fx.FreshDEP); n != "1" {
		t.Errorf("the fresh token is answer %s, want 1", n)
	}
	if !has(scr, "(Enter for 1)") {
		t.Errorf("Enter does not choose the fresh token:\n%s", scr)
	}
	// The wrong files a renewal passes by are listed, to be marked wrong:
	// the other tokens and the MDM's certificate; other files are not.
	for _, name := range []string{fx.OldDEP, fx.VPP, fx.PEM} {
		option(t, scr, name)
	}
	if has(scr, fx.Notes) {
		t.Errorf("a file that is no token or certificate is listed before asked for:\n%s", scr)
	}
	d.send("")

	scr = d.answer("")
	for _, want := range []string{"Verdict: ✓ OK, Automated Device Enrollment (DEP) server token", "File: " + fx.FreshDEP,
		"Server: " + downloadstest.Server, "Checked: ", "1. Continue to the Relution steps"} {
		if !has(scr, want) {
			t.Errorf("the verdict lacks %q:\n%s", want, scr)
		}
	}

	scr, walked = d.walk()
	named := false
	for _, s := range walked {
		named = named || has(s, "Choose this file: "+fx.FreshDEP)
	}
	if !named {
		t.Errorf("no Relution step names the file to choose:\n%s", strings.Join(walked, "\n"))
	}
	if !has(scr, "Did Relution accept the file?") || !has(scr, "Old expiry: ") {
		t.Fatalf("after Relution's steps comes no confirmation with the old expiry:\n%s", scr)
	}
	if _, ok, _ := state.Load(fixedNow); !ok {
		t.Errorf("no place saved at the confirmation")
	}
	d.send("y")
	if scr := d.leaveFiles(); !has(scr, "Clear the token files out of") || !has(scr, fx.FreshDEP) || !has(scr, "Choice (Enter for 2)") {
		t.Errorf("the token files are not offered to be cleared, or deleting them is the default:\n%s", scr)
	}
	res, err := d.end(false)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if out := d.out.String(); !strings.Contains(out, "Left 2 files in") {
		t.Errorf("what was done with the token files is not said:\n%s", out[d.pos:])
	}
	if _, err := os.Stat(fx.Path(fx.FreshDEP)); err != nil {
		t.Errorf("the token file left there is gone: %v", err)
	}
	if out := d.out.String(); !strings.Contains(out, "✓ Renewal done") {
		t.Errorf("the end is not said:\n%s", out[d.pos:])
	}
	if !res.Accepted || res.File != fx.Path(fx.FreshDEP) || res.ResetAt.IsZero() {
		t.Errorf("result %+v, want the fresh token accepted after a confirmed download", res)
	}
	for _, f := range []string{res.RecordFile, res.CalendarFile} {
		info, err := os.Stat(f)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("record file %q: %v, mode %v; want a file of mode 0600", f, err, info)
		}
	}
	md, _ := os.ReadFile(res.RecordFile)
	if !strings.Contains(string(md), fx.FreshDEP) {
		t.Errorf("the record does not name the file:\n%s", md)
	}
	if _, ok, _ := state.Load(fixedNow); ok {
		t.Errorf("the saved place is kept after the renewal is done")
	}
	controlFree(t, d.out.String())
}

// TestRenewVPP goes through a VPP renewal from the first question, with
// the answers typed as numbers, and checks the file is named for its
// organization and location.
func TestRenewVPP(t *testing.T) {
	fx := newFixture(t)
	used := filepath.Join(t.TempDir(), "used-tokens")
	fx.opts.UsedTokens = used
	d := run(t, fx.opts)
	scr := d.answer("1")
	if !has(scr, "What do you want to do?") {
		t.Fatalf("the first question is not what to do:\n%s", scr)
	}
	scr = d.prompt()
	d.send(option(t, scr, "Apple School Manager"))
	scr = d.prompt()
	d.send(option(t, scr, "Relution"))
	d.answer("") // caveats
	scr, _ = d.walk()
	if n := option(t, scr, fx.VPP); n != "1" {
		t.Errorf("the VPP token is answer %s, want 1:\n%s", n, scr)
	}
	if has(scr, "already reset") {
		t.Errorf("a VPP renewal says a DEP token is reset:\n%s", scr)
	}
	d.send("1")
	scr = d.answer("")
	if !has(scr, "Organization: "+downloadstest.Org) || !has(scr, "Location: "+downloadstest.Location) {
		t.Errorf("the verdict does not name the organization and location:\n%s", scr)
	}
	scr, walked := d.walk()
	named := false
	for _, s := range walked {
		named = named || has(s, "It is for: "+downloadstest.Org+", location "+downloadstest.Location)
	}
	if !named {
		t.Errorf("the upload step does not say whom the token is for:\n%s", strings.Join(walked, "\n"))
	}
	d.send("y")
	// An empty line moves the token files into the private folder.
	if scr := d.answer(""); !has(scr, "1. Move it to a private folder") {
		t.Errorf("no move offered:\n%s", scr)
	}
	res, err := d.end(false)
	if err != nil || !res.Accepted || res.Kind != token.KindVPP || res.RecordFile == "" {
		t.Errorf("result %+v, %v; want the VPP token accepted and recorded", res, err)
	}
	if info, err := os.Stat(filepath.Join(used, fx.VPP)); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the token file is not in the private folder: %v", err)
	}
	if md, _ := os.ReadFile(res.RecordFile); !strings.Contains(string(md), "Moved ") {
		t.Errorf("the record does not say the token files were moved:\n%s", md)
	}
}

// TestWarningNeedsY: Enter, a number or another letter never passes the
// Download Token warning; only y does, and only then is the download
// confirmed. Quitting there leaves nothing confirmed.
func TestWarningNeedsY(t *testing.T) {
	for _, tc := range []struct {
		name    string
		answers []string
		wantY   bool
	}{
		{"y passes", []string{"", "1", "n", "yes", "y"}, true},
		{"Y passes", []string{"Y"}, true},
		{"input ends", []string{"", "1"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fx := newFixture(t)
			d := run(t, depFlags(fx.opts))
			d.answer("")
			var scr string
			for {
				scr = d.prompt()
				if has(scr, "Warning: ") {
					break
				}
				d.send("")
			}
			step := stepRe.FindString(scr)
			for _, a := range tc.answers {
				d.send(a)
				if a == "y" || a == "Y" {
					break
				}
				again := d.prompt()
				if stepRe.MatchString(again) || !strings.HasSuffix(again, "Type y to confirm: ") {
					t.Fatalf("%q on the warning of %s left it:\n%s", a, step, again)
				}
			}
			if !tc.wantY {
				res, _ := d.end(true)
				if !res.ResetAt.IsZero() {
					t.Errorf("the download is confirmed without y")
				}
				return
			}
			scr = d.prompt()
			if !has(scr, "Choose the file you just downloaded") {
				t.Errorf("y did not go on to the file list:\n%s", scr)
			}
			res, _ := d.end(true)
			if res.ResetAt.IsZero() || !res.PendingReset() {
				t.Errorf("y did not confirm the download: %+v", res)
			}
		})
	}
}

// toPicker answers the caveats and Apple's steps.
func toPicker(t *testing.T, d *driver) string {
	t.Helper()
	d.answer("")
	scr, _ := d.walk()
	if !has(scr, "Choose the file") {
		t.Fatalf("no file list after Apple's steps:\n%s", scr)
	}
	return scr
}

// TestQuitAfterReset: q once the old DEP token is reset asks first; n
// stays, y quits with the reset still pending.
func TestQuitAfterReset(t *testing.T) {
	fx := newFixture(t)
	d := run(t, depFlags(fx.opts))
	toPicker(t, d)
	d.send("q")
	scr := d.answer("n")
	if !has(scr, "Quit now? The old DEP token is already reset") {
		t.Fatalf("q after the reset did not ask first:\n%s", scr)
	}
	scr = d.answer("q")
	if option(t, scr, fx.FreshDEP) != "1" {
		t.Errorf("n did not stay on the file list:\n%s", scr)
	}
	d.answer("y")
	res, err := d.end(false)
	if err != nil || !res.PendingReset() {
		t.Errorf("quit: %+v, %v; want the reset still pending", res, err)
	}
}

// TestWrongFiles picks files that are wrong for a DEP renewal from the file
// list and checks each verdict and the ways on it offers.
func TestWrongFiles(t *testing.T) {
	for _, tc := range []struct {
		file    func(fixture) string
		all     bool // listed only with every file
		badge   string
		choices []string
	}{
		{file: func(f fixture) string { return f.OldDEP }, badge: "! STALE",
			choices: []string{"Pick another file"}},
		{file: func(f fixture) string { return f.VPP }, badge: "✗ WRONG KIND",
			choices: []string{"Pick another file"}},
		{file: func(f fixture) string { return f.PEM }, all: true, badge: "✗ WRONG KIND",
			choices: []string{"Pick another file"}},
	} {
		fx := newFixture(t)
		name := tc.file(fx)
		t.Run(name, func(t *testing.T) {
			d := run(t, depFlags(fx.opts))
			scr := toPicker(t, d)
			if tc.all {
				d.send("a")
				scr = d.prompt()
				if !has(scr, "a. List only token files") {
					t.Errorf("the list of every file offers no way back to token files:\n%s", scr)
				}
			}
			d.send(option(t, scr, name))
			scr = d.prompt()
			if !has(scr, "Verdict: "+tc.badge) || !has(scr, "What to do: ") {
				t.Errorf("the verdict on %s is not %q with what to do:\n%s", name, tc.badge, scr)
			}
			if has(scr, "Continue to the Relution steps") {
				t.Errorf("a wrong file may go on to Relution:\n%s", scr)
			}
			d.send(option(t, scr, tc.choices[0]))
			scr = d.prompt()
			if !has(scr, "Choose the file you just downloaded") {
				t.Errorf("%q did not lead back to the file list:\n%s", tc.choices[0], scr)
			}
			d.end(true)
		})
	}
}

// TestHostileNames: file names with escape sequences, bidirectional
// overrides and bytes that are not UTF-8 reach the output as printable
// text only, so the output holds no control character at all.
func TestHostileNames(t *testing.T) {
	fx := newFixture(t)
	for _, name := range []string{
		"evil\x1b]0;owned\x07\x1b[31m_Token_2026-06-02T14-00-00Z_smime.p7m",
		"sToken_for_\u202etxt.exe\u202c.vpptoken",
		"bad\xff\xfe\r\nname.p7m",
		"Sub\x1b[2Jfolder",
	} {
		p := fx.Path(name)
		var err error
		if strings.HasPrefix(name, "Sub") {
			err = os.Mkdir(p, 0o700)
		} else {
			err = os.WriteFile(p, []byte("not a token\x1b[31m"), 0o600)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	d := run(t, depFlags(fx.opts))
	scr := toPicker(t, d)
	if !has(scr, `evil\x1b]0;owned\x07\x1b[31m_Token`) {
		t.Errorf("the name with escape sequences is not shown with the escapes written out:\n%s", scr)
	}
	d.send("a") // every file
	scr = d.prompt()
	d.send(option(t, scr, `evil\x1b]0;owned\x07\x1b[31m_Token_2026-06-02T14-00-00Z_smime.p7m`))
	scr = d.prompt()
	if !has(scr, "Verdict: ✗") {
		t.Errorf("a file that is not a token is not judged wrong:\n%s", scr)
	}
	d.end(true)
	controlFree(t, d.out.String())
}

// TestPaste pastes the fresh token's text instead of choosing the file:
// with the terminal's echo off meanwhile, doubled line ends undone, and
// the same verdict as the file.
func TestPaste(t *testing.T) {
	fx := newFixture(t)
	content, err := os.ReadFile(fx.Path(fx.FreshDEP))
	if err != nil {
		t.Fatal(err)
	}
	hidden, restored := 0, 0
	opts := depFlags(fx.opts)
	opts.HideInput = func() func() {
		hidden++
		return func() { restored++ }
	}
	d := run(t, opts)
	toPicker(t, d)
	d.send("p")
	scr := d.waitFor("Paste the text now:\n")
	if !has(scr, "not shown on the screen") {
		t.Errorf("the paste screen does not say the text is hidden:\n%s", scr)
	}
	// A terminal that turns CRLF into two line breaks; the file has no
	// line end after its last line, and the period follows at once.
	doubled := strings.ReplaceAll(strings.ReplaceAll(string(content), "\r\n", "\n"), "\n", "\n\n")
	d.send(strings.TrimRight(doubled, "\n") + ".")
	scr = d.prompt()
	if !has(scr, "Verdict: ✓ OK") || !has(scr, "File: pasted text") {
		t.Errorf("the pasted token is not judged OK:\n%s", scr)
	}
	if has(scr, "MIIB") || strings.Contains(d.out.String(), "Content-Transfer-Encoding") {
		t.Errorf("the pasted text is printed back")
	}
	if hidden != 1 || restored != 1 {
		t.Errorf("echo hidden %d times and restored %d times, want once each", hidden, restored)
	}
	d.end(true)
}

// TestPasteBounds: a paste larger than any token is judged too large, not
// kept whole; a period before any text goes back to the file list; the
// end of the input after text checks it.
func TestPasteBounds(t *testing.T) {
	fx := newFixture(t)
	t.Run("too large", func(t *testing.T) {
		d := run(t, depFlags(fx.opts))
		toPicker(t, d)
		d.send("p")
		d.waitFor("Paste the text now:\n")
		line := strings.Repeat("A", 1000)
		go func() {
			for range token.MaxFileSize/1000 + 100 {
				d.send(line)
			}
			d.send(".")
		}()
		scr := d.prompt()
		if !has(scr, "Verdict: ✗ INVALID") {
			t.Errorf("more than %d bytes pasted are not refused:\n%s", token.MaxFileSize, scr)
		}
		d.end(true)
	})
	t.Run("nothing", func(t *testing.T) {
		d := run(t, depFlags(fx.opts))
		toPicker(t, d)
		d.send("p")
		d.waitFor("Paste the text now:\n")
		d.send("")
		d.send(".")
		if scr := d.prompt(); !has(scr, "Choose the file you just downloaded") {
			t.Errorf("a period alone did not go back to the file list:\n%s", scr)
		}
		d.end(true)
	})
	t.Run("input ends", func(t *testing.T) {
		content, _ := os.ReadFile(fx.Path(fx.VPP))
		opts := fx.opts
		opts.Kind, opts.Apple, opts.Portal = token.KindVPP, "abm", "relution"
		d := run(t, opts)
		toPicker(t, d)
		d.send("p")
		d.waitFor("Paste the text now:\n")
		d.send(string(content))
		res, err := d.end(true)
		if err != nil || res.Report == nil || res.Report.Status != token.StatusOK {
			t.Errorf("the text before the end of input was not checked: %+v, %v", res, err)
		}
	})
}

// TestFolders: the file list opens folders and goes up, says when a folder
// is empty or cannot be opened, and goes to a typed path.
func TestFolders(t *testing.T) {
	fx := newFixture(t)
	sub := fx.Path("Screenshots")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	opts := depFlags(fx.opts)
	d := run(t, opts)
	scr := toPicker(t, d)
	d.send(option(t, scr, "Screenshots/"))
	scr = d.prompt()
	if !has(scr, "Folder: "+sub) || !has(scr, "This folder is empty.") {
		t.Errorf("the empty subfolder is not shown as such:\n%s", scr)
	}
	if has(scr, "(Enter for") {
		t.Errorf("an empty folder has an answer for Enter:\n%s", scr)
	}
	d.send("u")
	scr = d.prompt()
	if !has(scr, "Folder: "+fx.Dir) {
		t.Errorf("u did not go up:\n%s", scr)
	}
	d.send("g")
	d.waitFor("(Enter alone goes back to the list): ")
	d.send(filepath.Join(fx.Dir, "missing"))
	scr = d.prompt()
	if !has(scr, "Cannot open "+filepath.Join(fx.Dir, "missing")+": no such file or directory.") {
		t.Errorf("a missing path is not said:\n%s", scr)
	}
	d.send("g")
	d.waitFor("(Enter alone goes back to the list): ")
	d.send(fx.OldDEP) // relative to the folder shown
	if scr = d.prompt(); !has(scr, "Verdict: ! STALE") {
		t.Errorf("a typed file name is not checked:\n%s", scr)
	}
	d.end(true)

	t.Run("missing start folder", func(t *testing.T) {
		opts := depFlags(fx.opts)
		opts.Dir = filepath.Join(fx.Dir, "gone")
		d := run(t, opts)
		scr := toPicker(t, d)
		if !has(scr, "Cannot open this folder: no such file or directory.") || !has(scr, "u. Up to the folder") {
			t.Errorf("a missing folder is not said, with a way out:\n%s", scr)
		}
		d.end(true)
	})
}

// TestCheckAFile checks a file without renewing: any token is looked for,
// and the verdict offers another check or the start.
func TestCheckAFile(t *testing.T) {
	fx := newFixture(t)
	d := run(t, fx.opts)
	scr := d.prompt()
	d.send(option(t, scr, "Check a file"))
	scr = d.prompt()
	if !has(scr, "Choose a file to check") {
		t.Fatalf("no file list to check a file:\n%s", scr)
	}
	d.send(option(t, scr, fx.VPP))
	scr = d.prompt()
	if !has(scr, "Verdict: ✓ OK, Apps and Books (VPP) content token") {
		t.Errorf("a VPP token is not OK when only checking:\n%s", scr)
	}
	d.send(option(t, scr, "Back to the start"))
	if scr = d.prompt(); !has(scr, "What do you want to do?") {
		t.Errorf("Back to the start did not go there:\n%s", scr)
	}
	d.send("q")
	if res, err := d.end(false); err != nil || res.Answered {
		t.Errorf("q: %+v, %v", res, err)
	}
}

// TestTrouble: the portal refusing the file shows its common errors and
// leads back to the file list.
func TestTrouble(t *testing.T) {
	fx := newFixture(t)
	d := run(t, depFlags(fx.opts))
	toPicker(t, d)
	d.send("")
	d.answer("") // verdict
	d.walk()
	d.send("n")
	scr := d.prompt()
	if !has(scr, "Relution did not accept the file: common causes") || !has(scr, "Fix: ") {
		t.Errorf("no common errors after n:\n%s", scr)
	}
	d.send(option(t, scr, "Pick another file"))
	if scr = d.prompt(); !has(scr, "Choose the file you just downloaded") {
		t.Errorf("Pick another file did not go to the file list:\n%s", scr)
	}
	res, _ := d.end(true)
	if res.Accepted || res.RecordFile != "" {
		t.Errorf("a refused file was recorded: %+v", res)
	}
}

// TestResume saves the place in Relution's steps, then resumes there in a
// new run once the saved file is checked again; a changed file is not
// taken.
func TestResume(t *testing.T) {
	fx := newFixture(t)
	store := &resume.Store{Path: filepath.Join(t.TempDir(), "state.json")}
	opts := depFlags(fx.opts)
	opts.State = store
	d := run(t, opts)
	toPicker(t, d)
	d.send("")
	d.answer("") // verdict: continue
	d.answer("") // Relution step 1
	scr := d.prompt()
	if !has(scr, "Relution, step 2 of") {
		t.Fatalf("not at Relution's step 2:\n%s", scr)
	}
	d.end(true)

	st, ok, err := store.Load(fixedNow)
	if !ok || err != nil {
		t.Fatalf("no place saved: %v", err)
	}
	if st.Stage != renewal.StagePortalSteps || st.Step != 1 || st.File != fx.Path(fx.FreshDEP) {
		t.Errorf("saved place %+v, want Relution's step 2 with the fresh token", st.Place)
	}

	resumed := func(t *testing.T) string {
		opts := fx.opts
		opts.State, opts.Resume = store, &st
		d := run(t, opts)
		scr := d.prompt()
		if !has(scr, "Go on where you stopped?") || !has(scr, "the old DEP token is already invalid") {
			t.Fatalf("no offer to resume, saying the old token is reset:\n%s", scr)
		}
		d.send("1")
		scr = d.prompt()
		d.end(true)
		return scr
	}
	if scr := resumed(t); !has(scr, "Relution, step 2 of") {
		t.Errorf("resuming did not go back to Relution's step 2:\n%s", scr)
	}
	if err := os.WriteFile(fx.Path(fx.FreshDEP), []byte("changed"), 0o600); err != nil {
		t.Fatal(err)
	}
	if scr := resumed(t); !has(scr, "is no longer there or has changed") || !has(scr, "Choose the file") {
		t.Errorf("a changed file was taken on resuming:\n%s", scr)
	}

	t.Run("start over asks first", func(t *testing.T) {
		opts := fx.opts
		opts.State, opts.Resume = store, &st
		d := run(t, opts)
		d.answer("2")
		scr := d.answer("n")
		if !has(scr, "Start over and forget the saved renewal?") {
			t.Errorf("starting over after a reset did not ask first:\n%s", scr)
		}
		d.answer("2")
		d.answer("y")
		if scr := d.prompt(); !has(scr, "What do you want to do?") {
			t.Errorf("y did not start over:\n%s", scr)
		}
		res, _ := d.end(true)
		if _, ok, _ := store.Load(fixedNow); ok {
			t.Errorf("the saved place is kept after starting over")
		}
		// Its reset is not forgotten with it: the end says so.
		if res.Forgotten == nil || res.ForgottenLeft() == "" {
			t.Errorf("the reset started over is not said at the end: %+v", res.Forgotten)
		}
	})
}

// TestPractice: a practice run is marked on every screen; the file list
// shows no verdict until a file is chosen or shown with v, which counts as
// a hint; the end says what was done with each trap, and no record is
// written.
func TestPractice(t *testing.T) {
	kit, err := practice.Make(filepath.Join(t.TempDir(), "Downloads"), fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Catalog: builtin(t), Dir: kit.Dir, Cert: kit.Cert, Key: kit.Key, Practice: true, Traps: kit.Traps,
		Now: func() time.Time { return fixedNow }, RecordDir: t.TempDir()}
	opts = depFlags(opts)
	d := run(t, opts)
	scr := toPicker(t, d)
	if has(scr, "No fresh") || has(scr, "✓ OK") || has(scr, "WRONG") || has(scr, "(Enter for 1)") {
		t.Errorf("the practice file list gives the answer away:\n%s", scr)
	}
	other := optionStarting(t, scr, practice.OtherServer+"_Token_")
	d.send("v")
	d.answer(other)
	scr = d.prompt()
	if !has(scr, "Hint: "+practice.OtherServer) || !has(scr, "✗ WRONG SERVER") {
		t.Fatalf("v did not show what the file is:\n%s", scr)
	}
	d.send(optionStarting(t, scr, practice.Server+"_Token_2026"))
	d.answer("")
	d.walk()
	d.send("y")
	if scr := d.leaveFiles(); scr != "" {
		t.Errorf("a practice run asks about the practice folder's files:\n%s", scr)
	}
	res, err := d.end(false)
	if err != nil || res.Practice == nil || res.RecordFile != "" {
		t.Fatalf("practice result %+v, %v; want a score and no record", res, err)
	}
	for _, block := range strings.Split(d.out.String(), "\n\n") {
		if head := strings.SplitN(strings.TrimLeft(block, "\n"), "\n", 2)[0]; stepRe.MatchString(head) && !strings.HasPrefix(head, "Practice run. ") {
			t.Errorf("a screen is not marked as practice: %q", head)
		}
	}
	if res.Practice.Checked != 1 || res.Practice.Hints != 1 || !res.Practice.Finished {
		t.Errorf("practice score %+v, want one file checked, one hint and the renewal finished", *res.Practice)
	}
	out := d.out.String()
	for _, want := range []string{"Practice renewal done with the right file.", "- a token for another MDM server: hinted", "- last year's token: avoided"} {
		if !has(out, want) {
			t.Errorf("the end does not say %q:\n%s", want, out[max(0, len(out)-1500):])
		}
	}
}

// optionStarting is the number of the answer whose label starts with
// prefix.
func optionStarting(t *testing.T, scr, prefix string) string {
	t.Helper()
	for _, m := range optionRe.FindAllStringSubmatch(scr, -1) {
		if strings.HasPrefix(m[2], prefix) {
			return m[1]
		}
	}
	t.Fatalf("no answer starting %q:\n%s", prefix, scr)
	return ""
}

// TestWidth: text is wrapped to the terminal's width, or 80 columns when
// it is not known; only a word longer than a line (a path, an address)
// may pass the width, alone on its line.
func TestWidth(t *testing.T) {
	for _, width := range []int{0, 40, 120} {
		fx := newFixture(t)
		opts := depFlags(fx.opts)
		opts.Width = func() int { return width }
		d := run(t, opts)
		toPicker(t, d)
		d.send("")
		d.answer("")
		d.end(true)
		want := width
		if want == 0 {
			want = defaultWidth
		}
		widest := 0
		for _, line := range strings.Split(d.out.String(), "\n") {
			// Without echo, what follows a prompt shares its line.
			if i := strings.LastIndex(line, ": "); i >= 0 && (strings.HasPrefix(line, "Choice") || strings.HasPrefix(line, "Type y")) {
				line = line[i+2:]
			}
			n := utf8.RuneCountInString(line)
			widest = max(widest, n)
			whole := strings.TrimSpace(line)
			if slices.Contains(fx.Names(), whole) || whole == fx.Dir {
				continue // a file name or path is never broken
			}
			if n > want && strings.Contains(whole, " ") {
				t.Errorf("width %d: a line of %d columns could have been wrapped: %q", width, n, line)
			}
		}
		if widest < want-15 {
			t.Errorf("width %d: the widest line has %d columns: the width is not used", width, widest)
		}
	}
}

// TestSignal: a cancelled context ends a run waiting for an answer at once,
// with the cause, and the place is saved.
func TestSignal(t *testing.T) {
	fx := newFixture(t)
	store := &resume.Store{Path: filepath.Join(t.TempDir(), "state.json")}
	opts := depFlags(fx.opts)
	opts.State = store
	d := run(t, opts)
	toPicker(t, d)
	cause := errors.New("hang-up")
	d.cancel(cause)
	if _, err := d.end(false); !errors.Is(err, cause) {
		t.Errorf("Run ended with %v, want the context's cause", err)
	}
	if st, ok, _ := store.Load(fixedNow); !ok || st.Stage != renewal.StagePicker {
		t.Errorf("the place at the file list is not saved: %+v", st)
	}
}

// TestAskAnswers drives the prompt with one menu and various lines.
func TestAskAnswers(t *testing.T) {
	m := menu{def: "1", numbered: []answer{{label: "One"}, {label: "Two"}, {label: "Three", desc: "The third."}},
		letters: []answer{{key: "b", label: "Back"}}}
	for _, tc := range []struct {
		in, want string
		err      error
		reprompt int // times the accepted answers were said again
	}{
		{in: "2\n", want: "2"},
		{in: "\n", want: "1"},
		{in: " 3. \n", want: "3"},
		{in: "B\n", want: "b"},
		{in: "q\n", want: "q"},
		{in: "x\n4\n0\n-1\nbb\n2\n", want: "2", reprompt: 5},
		{in: "3", want: "3"},
		{in: "", err: errEnded},
		{in: "x\n", err: errEnded, reprompt: 1},
		{in: ".\n2\n", want: "2", reprompt: 1},
	} {
		var out strings.Builder
		p := &printer{w: &out}
		got, err := ask(context.Background(), p, newLines(strings.NewReader(tc.in)), m)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("%q: got %q, %v; want %q, %v", tc.in, got, err, tc.want, tc.err)
		}
		if n := strings.Count(out.String(), "Not one of the answers. Type 1 to 3, b or q, then press Enter."); n != tc.reprompt {
			t.Errorf("%q: said what is accepted %d times, want %d:\n%s", tc.in, n, tc.reprompt, out.String())
		}
		if strings.Count(out.String(), "  2. Two\n") != 1 {
			t.Errorf("%q: the menu is not printed exactly once:\n%s", tc.in, out.String())
		}
	}
	t.Run("no default", func(t *testing.T) {
		var out strings.Builder
		m := menu{ask: "Type y", empty: "Type y to go on.", letters: []answer{{key: "y", label: "Yes"}}}
		got, err := ask(context.Background(), &printer{w: &out}, newLines(strings.NewReader("\n\ny\n")), m)
		if got != "y" || err != nil || strings.Count(out.String(), "Type y to go on.") != 2 {
			t.Errorf("got %q, %v:\n%s", got, err, out.String())
		}
	})
}

// TestAskGivesWay: a read waiting on an input that never answers gives way
// to the context.
func TestAskGivesWay(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithCancelCause(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := ask(ctx, &printer{w: &strings.Builder{}}, newLines(r), menu{numbered: []answer{{label: "One"}}})
		done <- err
	}()
	cause := errors.New("interrupt")
	cancel(cause)
	select {
	case err := <-done:
		if !errors.Is(err, cause) {
			t.Errorf("ask ended with %v, want the cause", err)
		}
	case <-time.After(hangGuard):
		t.Fatal("ask did not give way to the context")
	}
}

// TestReadLineBounds: a line longer than maxLine is cut, and the next line
// is read whole.
func TestReadLineBounds(t *testing.T) {
	long := strings.Repeat("x", 2*maxLine)
	l := newLines(strings.NewReader(long + "\nnext\r\n"))
	first, err := l.next(context.Background())
	if err != nil || len(first) != maxLine {
		t.Errorf("the long line: %d bytes, %v; want %d", len(first), err, maxLine)
	}
	if next, err := l.next(context.Background()); next != "next" || err != nil {
		t.Errorf("the next line: %q, %v", next, err)
	}
	if _, err := l.next(context.Background()); !errors.Is(err, errEnded) {
		t.Errorf("after the last line: %v, want the end", err)
	}
}

// TestWrap splits at spaces only and keeps long words whole.
func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width int
		want  []string
	}{
		{"one two three", 7, []string{"one two", "three"}},
		{"a https://example.com/a/very/long/path b", 10, []string{"a", "https://example.com/a/very/long/path", "b"}},
		{"Lakeside Jamf Production Server_Token_2026-12-02T07-08-07Z_smime.p7m", 30, []string{"Lakeside Jamf Production", "Server_Token_2026-12-02T07-08-07Z_smime.p7m"}},
		{"", 10, []string{""}},
		{"✓ OK ✓ OK", 4, []string{"✓ OK", "✓ OK"}},
	} {
		if got := wrap(tc.text, tc.width); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.text, tc.width, got, tc.want)
		}
	}
}

// TestEndOfPaste: a period ends a paste alone or right after base64
// text, never inside the S/MIME headers or after other text.
func TestEndOfPaste(t *testing.T) {
	for _, tc := range []struct {
		line, text string
		last       bool
	}{
		{".", "", true},
		{" . ", "", true},
		{"MIAGCSqGSIb3DQEHA6CAMIACAQAx==.", "MIAGCSqGSIb3DQEHA6CAMIACAQAx==", true},
		{"eyJleHBEYXRlIjoi", "eyJleHBEYXRlIjoi", false},
		{`Content-Disposition: attachment; filename="smime.p7m".`, `Content-Disposition: attachment; filename="smime.p7m".`, false},
		{"Some text.", "Some text.", false},
		{"", "", false},
	} {
		if text, last := endOfPaste(tc.line); text != tc.text || last != tc.last {
			t.Errorf("endOfPaste(%q) = %q, %v; want %q, %v", tc.line, text, last, tc.text, tc.last)
		}
	}
}

// TestAddressesWhole: every source address of a guide is on a line of its
// own, whole, even when longer than the indented line.
func TestAddressesWhole(t *testing.T) {
	fx := newFixture(t)
	opts := fx.opts
	opts.Kind, opts.Apple, opts.Portal = token.KindVPP, "business", "jamf"
	opts.Width = func() int { return 80 }
	g, err := opts.Catalog.Guide(opts.Kind, opts.Apple, opts.Portal)
	if err != nil {
		t.Fatal(err)
	}
	d := run(t, opts)
	scr := d.prompt()
	d.end(true)
	lines := map[string]bool{}
	for _, l := range strings.Split(scr, "\n") {
		lines[strings.TrimSpace(l)] = true
		if utf8.RuneCountInString(l) > 80 && !strings.HasPrefix(l, "https://") {
			t.Errorf("a line of %d columns that is not an address from the first column: %q", len(l), l)
		}
	}
	long := false
	for _, src := range g.Sources {
		if src.URL != "" && !lines[src.URL] {
			t.Errorf("the address %s is not whole on a line of its own:\n%s", src.URL, scr)
		}
		long = long || len(src.URL) > 78
	}
	if !long {
		t.Errorf("no address of the guide is longer than an indented line: the test proves nothing")
	}
}

// TestOtherServer: after the reset, a token for another MDM server leads
// back to choosing the server in Apple's portal, not to a new download;
// last year's token cannot be used anyway.
func TestOtherServer(t *testing.T) {
	fx := newFixture(t)
	other := fx.AddOtherServer(t, fixedNow, downloadstest.OtherIdentity(t, ".."))
	d := run(t, depFlags(fx.opts))
	scr := toPicker(t, d)
	d.send(option(t, scr, other))
	scr = d.prompt()
	if !has(scr, "Verdict: ✗ WRONG SERVER") || has(scr, "Go back to the download steps") {
		t.Fatalf("the other server's token is not judged wrong, or leads to a new download:\n%s", scr)
	}
	d.send(option(t, scr, "Go back to choosing the MDM server"))
	scr = d.prompt()
	if !has(scr, "Your MDM Servers") || !stepRe.MatchString(scr) {
		t.Errorf("not back at the Apple step that chooses the server:\n%s", scr)
	}
	d.end(true)

	d = run(t, depFlags(fx.opts))
	scr = toPicker(t, d)
	d.send(option(t, scr, fx.OldDEP))
	scr = d.prompt()
	if !has(scr, "Verdict: ! STALE") || has(scr, "Use this file anyway") {
		t.Errorf("last year's token may be used after the reset:\n%s", scr)
	}
	d.end(true)
}

// TestChooseCert: a DEP token whose server cannot be checked (no
// certificate given or beside it) offers to choose the MDM's certificate
// first; the certificate list shows certificate files, and the one chosen
// checks the token again: its verdict then says so and goes on.
func TestChooseCert(t *testing.T) {
	fx := newFixture(t)
	cert := fx.Path(fx.PEM)
	elsewhere := filepath.Join(t.TempDir(), "mdm")
	if err := os.MkdirAll(elsewhere, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(cert, filepath.Join(elsewhere, fx.PEM)); err != nil {
		t.Fatal(err)
	}
	opts := depFlags(fx.opts)
	opts.Cert, opts.Key = nil, nil
	d := run(t, opts)
	d.answer("")
	d.walk()
	d.send("")
	scr := d.prompt()
	if first := option(t, scr, "Check the server: choose the MDM's certificate"); first != "1" {
		t.Fatalf("choosing the certificate is answer %s, want 1:\n%s", first, scr)
	}
	option(t, scr, "Continue to the Relution steps without checking the server")
	d.send("1")
	scr = d.prompt()
	if !has(scr, "Choose the MDM's certificate (its public key)") || has(scr, fx.FreshDEP) || has(scr, "  p. ") {
		t.Fatalf("no certificate list, or one listing tokens or offering to paste:\n%s", scr)
	}
	d.send("g")
	d.answer(filepath.Join(elsewhere, fx.PEM))
	scr = d.prompt()
	if !has(scr, "Verdict: ✓ OK") || !has(scr, "1. Continue to the Relution steps") || has(scr, "without checking the server") {
		t.Fatalf("the token is not checked again with the certificate chosen:\n%s", scr)
	}
	d.end(true)
	if os.Getenv("PLAIN_DUMP") != "" {
		t.Log(d.out.String())
	}
}

// TestStateWarnings: what was wrong with the saved place is said first,
// before the first question.
func TestStateWarnings(t *testing.T) {
	fx := newFixture(t)
	opts := fx.opts
	opts.StateWarnings = []string{"the saved place could not be read (damaged): starting over"}
	d := run(t, opts)
	scr := d.prompt()
	if i, j := strings.Index(scr, "Note: the saved place could not be read"), strings.Index(scr, "What do you want to do?"); i < 0 || j < 0 || i > j {
		t.Errorf("the saved place's warning is not said first:\n%s", scr)
	}
}

// TestRememberedKey: with no --cert or --key, a DEP token is checked with
// the certificate and private key remembered for its server, as the
// full-screen wizard does: the key decrypts it. The pair a renewal was
// checked with given on the command line is remembered for the server.
func TestRememberedKey(t *testing.T) {
	certs := &mdmcerts.Store{Path: filepath.Join(t.TempDir(), "mdm-certificates.json")}
	pair := mdmcerts.Paths{Cert: filepath.Join("..", "testdata", "mdm", "mdm_public_key.pem"), Key: filepath.Join("..", "testdata", "mdm", "mdm_private_key.pem")}
	for _, c := range []struct {
		name  string
		setup func(o *Options)
	}{
		{"remembered", func(o *Options) {
			if err := certs.Remember("relution", downloadstest.Server, pair); err != nil {
				t.Fatal(err)
			}
		}},
		{"given, then remembered", func(o *Options) {
			o.CertPath, o.KeyPath = pair.Cert, pair.Key
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := os.Remove(certs.Path); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			fx := newFixture(t)
			opts := depFlags(fx.opts)
			opts.Certs = certs
			if c.name == "remembered" {
				opts.Cert, opts.Key = nil, nil
			}
			c.setup(&opts)
			d := run(t, opts)
			d.answer("")
			d.walk()
			d.send("")
			scr := d.answer("")
			if !has(scr, "Server check: matched by the MDM's private key, which decrypted it") {
				t.Fatalf("the verdict does not use the key:\n%s", scr)
			}
			d.walk()
			d.send("y")
			d.leaveFiles()
			if _, err := d.end(false); err != nil {
				t.Fatal(err)
			}
			if got, ok := certs.Lookup("relution", downloadstest.Server); !ok || got.Key == "" {
				t.Errorf("remembered %+v, %v; want the certificate and key", got, ok)
			}
		})
	}
}

// TestUploadAlreadyDownloadedPlain: on the caveats, u uploads the fresh
// token already in the folder, without Apple's steps.
func TestUploadAlreadyDownloadedPlain(t *testing.T) {
	fx := newFixture(t)
	d := run(t, depFlags(fx.opts))
	if scr := d.answer("u"); !has(scr, "u. Upload Campus MDM_Token_2026-06-02T14-10-00Z_smime.p7m instead") {
		t.Fatalf("no way to upload the token already downloaded:\n%s", scr)
	}
	if scr := d.prompt(); !has(scr, "Choose the token waiting to be uploaded") || !has(scr, "The old DEP token is already reset") {
		t.Errorf("u leads to:\n%s", scr)
	}
}
