package check

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/mdmtoken/mdmtoken/token"
)

func outputReports() []token.Report {
	return []token.Report{
		{File: "a.vpptoken", Kind: token.KindVPP, Status: token.StatusOK, Org: "Fixture <Org> & Co", Expires: testNow.AddDate(1, 0, 0), DaysLeft: 365},
		{File: "b_smime.p7m", Kind: token.KindDEP, Status: token.StatusExpiring, Server: "MDM", Notes: []string{"a note"}},
		{File: "missing", Kind: token.KindUnknown, Status: token.StatusInvalid, Message: "File not found"},
		{File: "dl/MDM_ A_Certificate.pem", Kind: token.KindPush, Status: token.StatusOK, Topic: "com.apple.mgmt.External.aaa"},
		{File: "dl/MDM_ A_Certificate (1).pem", Kind: token.KindPush, Status: token.StatusOK, Topic: "com.apple.mgmt.External.bbb"},
	}
}

// JSON is written as each report comes, until the first DEP or VPP token
// (a newer one of its server or location may replace it), and is one
// object per report; text and Prometheus are written by Close.
func TestOutputStreamsJSON(t *testing.T) {
	reports := outputReports()                        // a.vpptoken has no location: it cannot be replaced
	reports[1].Downloaded = testNow.AddDate(0, 0, -1) // b_smime.p7m: a DEP token of server MDM
	for _, f := range Formats {
		var b bytes.Buffer
		out := NewOutput(&b, f, testNow, colorprofile.NoTTY, 0)
		var written []int
		for _, r := range reports {
			if err := out.Add(r); err != nil {
				t.Fatal(err)
			}
			written = append(written, b.Len())
		}
		want := []int{0, 0, 0, 0, 0}
		if f == FormatJSON {
			if written[0] == 0 || written[1] != written[0] || written[4] != written[0] {
				t.Errorf("JSON written after each report: %v bytes; want the first object, then nothing from the DEP token on", written)
			}
		} else if !slices.Equal(written, want) {
			t.Errorf("%s: %v bytes written before Close", f, written)
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
		if f == FormatJSON {
			var v []map[string]any
			if err := json.Unmarshal(b.Bytes(), &v); err != nil || len(v) != len(reports) {
				t.Errorf("JSON of %d reports: %d objects, %v", len(reports), len(v), err)
			}
			for i, o := range v {
				if o["file"] != FileLabel(reports[i].File) {
					t.Errorf("object %d is for %v, want %s", i, o["file"], reports[i].File)
				}
			}
		}
	}
}

// writeAll writes reports to w through an Output in format f, as a check
// of them does.
func writeAll(w io.Writer, f Format, reports []token.Report, now time.Time, profile colorprofile.Profile) error {
	out := NewOutput(w, f, now, profile, 0)
	for _, r := range reports {
		if err := out.Add(r); err != nil {
			return err
		}
	}
	return out.Close()
}

func writeText(w io.Writer, reports []token.Report, now time.Time, profile colorprofile.Profile) error {
	return writeAll(w, FormatText, reports, now, profile)
}

func writeJSON(w io.Writer, reports []token.Report) error {
	return writeAll(w, FormatJSON, reports, testNow, colorprofile.NoTTY)
}

// textOutput writes reports as text through an Output at width.
func textOutput(t *testing.T, reports []token.Report, profile colorprofile.Profile, width int) string {
	t.Helper()
	var b bytes.Buffer
	out := NewOutput(&b, FormatText, testNow, profile, width)
	for _, r := range reports {
		if err := out.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestTextWrapsAtTheWidth: on a terminal of 60 or 40 columns, every line
// fits, except a file's name, which is never broken, so that it can be
// copied; a value continues under itself, the words are those of the
// unwrapped text, and color changes nothing of the layout.
func TestTextWrapsAtTheWidth(t *testing.T) {
	reports := append(sampleReports(), token.Report{
		File: "Example School_Token_2026-11-23T10-00-00Z_smime.p7m", Kind: token.KindDEP, Status: token.StatusWrongServer,
		Server:  "Example School",
		Message: "This token belongs to a different MDM server: it is encrypted for CN=other-mdm (serial 7), not for this MDM's certificate CN=practice-mdm (serial 1).",
		Action:  "In Apple Business Manager, open the MDM server this MDM uses and download its token there.",
	})
	whole := textOutput(t, reports, colorprofile.NoTTY, 0)
	names := map[string]bool{}
	for _, r := range reports {
		names[TextLabel(r.File)] = true
	}
	for _, width := range []int{60, 40} {
		got := textOutput(t, reports, colorprofile.NoTTY, width)
		if got == whole {
			t.Fatalf("nothing wrapped at %d columns", width)
		}
		for _, l := range strings.Split(got, "\n") {
			if ansi.StringWidth(l) > width && !names[l] {
				t.Errorf("%d columns: a line of %d: %q", width, ansi.StringWidth(l), l)
			}
			if strings.HasPrefix(l, "   ") && !strings.HasPrefix(l, strings.Repeat(" ", valueColumn)) {
				t.Errorf("%d columns: a continuation not under its value: %q", width, l)
			}
		}
		if g, w := strings.Fields(got), strings.Fields(whole); !slices.Equal(g, w) {
			t.Errorf("%d columns: the words changed:\n%s", width, got)
		}
		if styled := textOutput(t, reports, colorprofile.ANSI256, width); ansi.Strip(styled) != got {
			t.Errorf("%d columns: in color the text is laid out differently:\n%s\nwithout color:\n%s", width, ansi.Strip(styled), got)
		}
	}
	if !strings.Contains(textOutput(t, reports, colorprofile.NoTTY, 60), "\n  What          This token belongs to a different MDM\n"+
		"                server: it is encrypted for CN=other-mdm\n") {
		t.Errorf("the message is not wrapped under its value:\n%s", textOutput(t, reports, colorprofile.NoTTY, 60))
	}
}

// TestTextUnstyledIsThePlainText: without color nothing is styled at all,
// and the text is exactly the colored text without its escape sequences.
func TestTextUnstyledIsThePlainText(t *testing.T) {
	plain := textOutput(t, sampleReports(), colorprofile.NoTTY, 0)
	if strings.Contains(plain, "\x1b") {
		t.Errorf("escape sequences without color: %q", plain)
	}
	if colored := textOutput(t, sampleReports(), colorprofile.ANSI, 0); ansi.Strip(colored) != plain || colored == plain {
		t.Errorf("colored text differs from the plain text by more than its styles:\n%s", colored)
	}
}

func TestTerminalWidthOfAFileOrPipe(t *testing.T) {
	var b bytes.Buffer
	if w := TerminalWidth(&b); w != 0 {
		t.Errorf("width of a buffer = %d, want 0", w)
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if w := TerminalWidth(f); w != 0 {
		t.Errorf("width of a file = %d, want 0", w)
	}
}

// TestTextNamesPushTopics: after the blocks, push certificates of more
// than one topic are listed by topic with their files and the warning
// that only one keeps the MDM's topic; of one topic, nothing is added.
func TestTextNamesPushTopics(t *testing.T) {
	all := outputReports()
	two := textOutput(t, all, colorprofile.NoTTY, 0)
	for _, want := range []string{
		"Push certificates of 2 topics were checked:\n  com.apple.mgmt.External.aaa: MDM_ A_Certificate.pem\n  com.apple.mgmt.External.bbb: MDM_ A_Certificate (1).pem\n",
		"every enrolled device must enroll again", "--replaces OLD.pem NEW.pem",
	} {
		if !strings.Contains(two, want) {
			t.Errorf("no %q in:\n%s", want, two)
		}
	}
	one := textOutput(t, all[:4], colorprofile.NoTTY, 0)
	if strings.Contains(one, "topics were checked") {
		t.Errorf("one topic, yet:\n%s", one)
	}
}

// TestReplacedTokensCountAsFine: an old download kept beside the newer
// token of its location or server is REPLACED, fine for the headline and
// the exit status in every format, whatever it is alone; its JSON object,
// written before the newer file is seen, keeps its own status.
func TestReplacedTokensCountAsFine(t *testing.T) {
	old := token.Report{File: "/dl/sToken_for_Main Campus.vpptoken", Kind: token.KindVPP, Status: token.StatusExpired,
		Org: "School", Location: "Main Campus", Expires: testNow.AddDate(0, 0, -3)}
	renewed := token.Report{File: "/dl/sToken_for_Main Campus (1).vpptoken", Kind: token.KindVPP, Status: token.StatusOK,
		Org: "School", Location: "Main Campus (1)", Expires: testNow.AddDate(1, 0, 0)}
	run := func(f Format, reports ...token.Report) (string, int) { return outputOf(t, f, reports...) }
	for _, f := range Formats {
		if _, code := run(f, old, renewed); code != ExitOK {
			t.Errorf("%s: exit status %d with the expired token replaced, want %d", f, code, ExitOK)
		}
		if _, code := run(f, old); code != ExitProblem {
			t.Errorf("%s: exit status %d for the expired token alone, want %d", f, code, ExitProblem)
		}
	}
	text, _ := run(FormatText, old, renewed)
	if head, _, _ := strings.Cut(text, "\n"); head != "mdmtoken OK: 2 files checked: 1 ok, 1 replaced" {
		t.Errorf("headline %q", head)
	}
	for _, want := range []string{
		"  Status        REPLACED (on its own: expired)\n",
		"  Replaced      by sToken_for_Main Campus (1).vpptoken, a later download for the same location",
		"  To do         Nothing: do not download again for it",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in the old token's block:\n%s", want, text)
		}
	}
	prom, _ := run(FormatPrometheus, old, renewed)
	// Only the info sample of the replaced token: an alert on validity or
	// expiry is about the token in use.
	for _, want := range []string{
		`mdmtoken_token_info{file="/dl/sToken_for_Main Campus.vpptoken",kind="vpp",org="School",location="Main Campus",server="",topic="",status="replaced"} 1`,
		`mdmtoken_token_info{file="/dl/sToken_for_Main Campus (1).vpptoken",kind="vpp",org="School",location="Main Campus",server="",topic="",status="ok"} 1`,
		`mdmtoken_token_valid{file="/dl/sToken_for_Main Campus (1).vpptoken",kind="vpp",org="School",location="Main Campus",server="",topic=""} 1`,
	} {
		if !strings.Contains(prom, want) {
			t.Errorf("no %s in:\n%s", want, prom)
		}
	}
	if n := strings.Count(prom, `file="/dl/sToken_for_Main Campus.vpptoken"`); n != 1 {
		t.Errorf("%d samples for the replaced token, want its info sample alone:\n%s", n, prom)
	}
	js, _ := run(FormatJSON, old, renewed)
	var objs []map[string]any
	if err := json.Unmarshal([]byte(js), &objs); err != nil || len(objs) != 2 {
		t.Fatalf("JSON (%v): %s", err, js)
	}
	for k, v := range map[string]any{"status": "replaced", "severity": "ok", "own_status": "expired", "replaced_by": "/dl/sToken_for_Main Campus (1).vpptoken"} {
		if objs[0][k] != v {
			t.Errorf("the old token's %s is %v, want %v", k, objs[0][k], v)
		}
	}
	if _, ok := objs[1]["replaced_by"]; ok || objs[1]["status"] != "ok" {
		t.Errorf("the newer token's object: %v", objs[1])
	}

	// A renewed push certificate replaces the one it renews (the same
	// topic); one of another topic is not replaced by it.
	topic := "com.apple.mgmt.External.0a1b2c3d-0000-4000-8000-000000000001"
	lastYear := token.Report{File: "/dl/MDM_ Relution_Certificate.pem", Kind: token.KindPush, Status: token.StatusExpired, Topic: topic, Expires: testNow.AddDate(0, 0, -2)}
	renewal := token.Report{File: "/dl/MDM_ Relution_Certificate (1).pem", Kind: token.KindPush, Status: token.StatusOK, Topic: topic, Expires: testNow.AddDate(1, 0, 0)}
	if text, code := run(FormatText, lastYear, renewal); code != ExitOK || !strings.Contains(text, "REPLACED (on its own: expired)") || !strings.Contains(text, "its renewal (the same topic") ||
		!strings.Contains(text, "Several push certificates of one topic were checked:") || !strings.Contains(text, "Each renewal replaces the push certificate it renews") ||
		!strings.Contains(text, "Nothing: do not renew it again and do not upload it.") {
		t.Errorf("exit status %d for a push certificate beside its renewal:\n%s", code, text)
	}
	other := renewal
	other.Topic = topic[:len(topic)-1] + "2"
	if _, code := run(FormatText, lastYear, other); code != ExitProblem {
		t.Errorf("exit status %d for an expired push certificate beside one of another topic, want %d", code, ExitProblem)
	}

	// One folder, however the files were named.
	cwd := t.TempDir()
	t.Chdir(cwd)
	relative, absolute := old, renewed
	relative.File = "dl/sToken_for_Main Campus.vpptoken"
	absolute.File = filepath.Join(cwd, "dl", "sToken_for_Main Campus (1).vpptoken")
	if _, code := run(FormatText, relative, absolute); code != ExitOK {
		t.Errorf("exit status %d for dl/… and %s, want %d", code, absolute.File, ExitOK)
	}

	// A newest token that is not usable replaces nothing: the older ones
	// keep their own verdict.
	broken := renewed
	broken.Status = token.StatusRepaired
	for _, f := range Formats {
		if _, code := run(f, old, broken); code != ExitProblem {
			t.Errorf("%s: exit status %d when the newest is repaired and the older expired, want %d", f, code, ExitProblem)
		}
	}
	if text, _ := run(FormatText, old, broken); strings.Contains(text, "REPLACED") || !strings.Contains(text, "1 repaired, 1 expired") {
		t.Errorf("a repaired newest token replaces the expired one:\n%s", text)
	}
	// Nor is a file replaced that is not that location's token as judged:
	// invalid, of the wrong kind, a mismatch.
	for _, st := range []token.Status{token.StatusInvalid, token.StatusWrongKind, token.StatusMismatch} {
		odd := old
		odd.Status = st
		if text, _ := run(FormatText, odd, renewed); strings.Contains(text, "REPLACED") {
			t.Errorf("a %s file is called replaced:\n%s", st, text)
		}
	}
}

// TestTextNamesReplacedTokens: after the blocks, tokens of one DEP server
// or one VPP location in one folder are listed newest first, with the
// warning that only the newest can be in use; the same server in another
// folder, a token for another MDM, or a single token add nothing.
func TestTextNamesReplacedTokens(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	dep := func(file string, downloaded time.Time, st token.Status) token.Report {
		return token.Report{File: file, Kind: token.KindDEP, Status: st, Server: "Production", Downloaded: downloaded, Expires: downloaded.AddDate(1, 0, 0)}
	}
	vpp := func(file, loc string, expires time.Time) token.Report {
		return token.Report{File: file, Kind: token.KindVPP, Status: token.StatusOK, Org: "School", Location: loc, Expires: expires}
	}
	reports := []token.Report{
		dep("/dl/Production_Token_2025-12-13T09-00-00Z_smime.p7m", now.AddDate(-1, 0, 10), token.StatusExpiring),
		dep("/dl/Production_Token_2026-12-03T11-00-00Z_smime.p7m", now.Add(-time.Hour), token.StatusOK),
		dep("/other/Production_Token_2026-12-01T11-00-00Z_smime.p7m", now.AddDate(0, 0, -2), token.StatusOK),
		dep("/dl/Production_Token_2026-12-03T11-30-00Z_smime.p7m", now.Add(-30*time.Minute), token.StatusWrongServer),
		func() token.Report { // another MDM's server of the same name
			r := dep("/dl/Production_Token_2026-12-03T11-40-00Z_smime.p7m", now.Add(-20*time.Minute), token.StatusOK)
			r.Recipients = []token.Recipient{{Issuer: "CN=other-mdm", Serial: "07"}}
			return r
		}(),
		vpp("/dl/sToken_for_Main Campus.vpptoken", "Main Campus", now.AddDate(0, 0, 10)),
		vpp("/dl/sToken_for_Main Campus (1).vpptoken", "Main Campus (1)", now.AddDate(1, 0, 0)),
		vpp("/dl/sToken_for_Library.vpptoken", "Library", now.AddDate(1, 0, 0)),
	}
	out := textOutput(t, reports, colorprofile.NoTTY, 0)
	for _, want := range []string{
		"Several tokens of one server or location were checked:\n",
		`  DEP server "Production": Production_Token_2026-12-03T11-00-00Z_smime.p7m; replaced by it: Production_Token_2025-12-13T09-00-00Z_smime.p7m` + "\n",
		`  VPP location "Main Campus": sToken_for_Main Campus (1).vpptoken; replaced by it: sToken_for_Main Campus.vpptoken` + "\n",
		"only the newest can be the one in use", "Clear the replaced ones out",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	// A replaced token's own block says so, instead of the advice the file
	// alone would get (renew it soon: download again, which resets).
	block := func(name string) string {
		i := strings.Index(out, name+"\n")
		if i < 0 {
			t.Fatalf("no block for %s:\n%s", name, out)
		}
		b, _, _ := strings.Cut(out[i:], "\n\n")
		return b
	}
	for name, newer := range map[string]string{
		"/dl/Production_Token_2025-12-13T09-00-00Z_smime.p7m": "Production_Token_2026-12-03T11-00-00Z_smime.p7m",
		"/dl/sToken_for_Main Campus.vpptoken":                 "sToken_for_Main Campus (1).vpptoken",
	} {
		b := block(name)
		if !strings.Contains(b, "Replaced      by "+newer) || !strings.Contains(b, "Status        REPLACED") || !strings.Contains(b, "do not download again for it") || strings.Contains(b, "renew it soon") {
			t.Errorf("the replaced token's block:\n%s", b)
		}
	}
	if b := block("/dl/Production_Token_2026-12-03T11-00-00Z_smime.p7m"); strings.Contains(b, "Replaced") {
		t.Errorf("the newest token's block says it is replaced:\n%s", b)
	}
	// A copy of the newest (the same content) is not replaced by it.
	newest := reports[1]
	copied := newest
	copied.File = "/dl/Production_Token_2026-12-03T11-00-00Z_smime (1).p7m"
	if out := textOutput(t, []token.Report{newest, copied}, colorprofile.NoTTY, 0); strings.Contains(out, "REPLACED") || strings.Contains(out, "Several tokens") {
		t.Errorf("a copy of the newest token is called replaced:\n%s", out)
	}
	// With an older one, the note tells the copy apart from it.
	copyNote := textOutput(t, []token.Report{reports[0], newest, copied}, colorprofile.NoTTY, 0)
	if want := `DEP server "Production": Production_Token_2026-12-03T11-00-00Z_smime.p7m; replaced by it: Production_Token_2025-12-13T09-00-00Z_smime.p7m; as new as it (a copy): Production_Token_2026-12-03T11-00-00Z_smime (1).p7m`; !strings.Contains(copyNote, want) {
		t.Errorf("no %q in:\n%s", want, copyNote)
	}
	i := strings.Index(out, "Several tokens")
	if i < 0 {
		t.Fatalf("no note:\n%s", out)
	}
	note := out[i:]
	if strings.Contains(note, "2026-12-01T11-00-00Z") || strings.Contains(note, "T11-30-00Z") || strings.Contains(note, "T11-40-00Z") || strings.Contains(note, `"Library":`) {
		t.Errorf("another folder's, another MDM's or a single token is listed:\n%s", note)
	}
	if one := textOutput(t, reports[1:3], colorprofile.NoTTY, 0); strings.Contains(one, "Several tokens") {
		t.Errorf("one token per folder, yet:\n%s", one)
	}
}

// TestServerOfTwoCertificates: tokens of one DEP server name encrypted for
// different MDM certificates are summed up after the blocks: only one can
// be the MDM's; once --cert makes the others wrong-server, nothing is.
func TestServerOfTwoCertificates(t *testing.T) {
	dep := func(file, issuer, serial string, st token.Status) token.Report {
		return token.Report{File: file, Kind: token.KindDEP, Status: st, Server: "Production",
			Downloaded: testNow.Add(-time.Hour), Expires: testNow.AddDate(1, 0, 0), Recipients: []token.Recipient{{Issuer: issuer, Serial: serial}}}
	}
	text := func(reports ...token.Report) string {
		out, _ := outputOf(t, FormatText, reports...)
		return out
	}
	a := dep("/dl/Production_Token_2026-06-01T09-00-00Z_smime.p7m", "CN=Production MDM", "01", token.StatusOK)
	b := dep("/dl/production_Token_2026-06-01T10-00-00Z_smime.p7m", "CN=Staging MDM", "02", token.StatusOK)
	got := text(a, b)
	for _, want := range []string{"Tokens of one DEP server name are encrypted for different MDM certificates:",
		"  CN=Production MDM (serial 01): Production_Token_2026-06-01T09-00-00Z_smime.p7m",
		"  CN=Staging MDM (serial 02): production_Token_2026-06-01T10-00-00Z_smime.p7m", "--cert"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	b.Status = token.StatusWrongServer
	if got := text(a, b); strings.Contains(got, "different MDM certificates") {
		t.Errorf("with --cert's verdict, still summed up:\n%s", got)
	}
}

// outputOf is what an Output in format f writes for the judged reports,
// and its exit status.
func outputOf(t *testing.T, f Format, reports ...token.Report) (string, int) {
	t.Helper()
	var b bytes.Buffer
	out := NewOutput(&b, f, testNow, colorprofile.NoTTY, 0)
	for _, r := range reports {
		if err := out.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), out.ExitCode()
}
