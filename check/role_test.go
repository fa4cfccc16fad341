package check

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/mdmtoken/mdmtoken/sample"
	"github.com/mdmtoken/mdmtoken/token"
)

// fixture reads a file of the repository's testdata.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestRoleOfFilesInAFolder inspects real files, as found in a folder and
// as named on the command line, and checks what the check makes of them.
func TestRoleOfFilesInAFolder(t *testing.T) {
	dir := t.TempDir()
	vpp := sample.VPP("Fixture Academy Inc.", testNow.AddDate(1, 0, 0))
	cert := fixture(t, "mdm/mdm_public_key.pem")
	zipped, err := sample.Zip("notes.txt", []byte("hello\n"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want Role
	}{
		// Credentials by content, whatever the name.
		{"sToken_for_Main Campus.vpptoken", vpp, RoleJudged},
		{"token.txt", vpp, RoleJudged},
		{"Fixture MDM_Token_2026-05-30T09-15-42Z_smime.p7m", fixture(t, "dep/Fixture MDM_Token_2026-05-30T09-15-42Z_smime.p7m"), RoleJudged},
		{"push.pem", fixture(t, "push/MDM_ Fixture_Certificate.pem"), RoleJudged},
		{"cut.txt", fixture(t, "dep/Truncated_Token_2026-05-30T15-00-00Z_smime.p7m"), RoleJudged},

		// Not credentials by content or name: skipped.
		{"Invoice.pdf", []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), RoleSkipped},
		{"Installer.dmg", sample.RandomBytes(3000, 1), RoleSkipped},
		{"Screenshot 2026-11-23 at 10.00.00.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), RoleSkipped},
		{"Photos.zip", zipped, RoleSkipped},
		{"page.html", sample.LoginPage(), RoleSkipped},
		{"readme.txt", []byte("remember to renew the tokens\n"), RoleSkipped},
		{"empty", nil, RoleSkipped},

		// Named like a credential or a related file, but broken: judged.
		{"sToken_for_Annex.vpptoken", []byte("%PDF-1.4\n"), RoleJudged},
		{"sToken_for_Annex (1).vpptoken", nil, RoleJudged},
		{"sToken_for_Annex.vpptoken.crdownload", []byte("eyJ0b2tlbiI6"), RoleJudged},
		{"Server_Token_2026-05-30T09-15-42Z_smime.p7m.part", sample.RandomBytes(100, 2), RoleJudged},
		{"MDM_ Acme_Certificate.PEM", []byte("hello\n"), RoleJudged},
		{"backup.p12", sample.RandomBytes(500, 3), RoleJudged},
		{"mdm.key", []byte("hello\n"), RoleJudged},

		// Related files: shown, not judged; named like a credential, a mix-up.
		{"MDM_public_key.pem", cert, RoleRelated},
		{"mdm_private_key.pem", fixture(t, "mdm/mdm_private_key.pem"), RoleRelated},
		{"PushCertRequest.txt", fixture(t, "push/PushCertRequest.txt"), RoleRelated},
		{"push_backup.p12", fixture(t, "push/push_backup.p12"), RoleRelated},
		{"MDM_ Acme_Certificate.pem", cert, RoleJudged},
		{"sToken_for_Annex.vpptoken.2", cert, RoleJudged},
		{"public_key.p7m", cert, RoleJudged},
	} {
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, tc.data, 0o600); err != nil {
			t.Fatal(err)
		}
		r := token.Inspect(path, token.Options{Now: testNow})
		if got := roleOf(Entry{Path: path, Found: true}, r, ""); got != tc.want {
			t.Errorf("%s (%s, %s): role %d, want %d", tc.name, r.Kind, r.Status, got, tc.want)
		}
		if got := roleOf(Entry{Path: path}, r, ""); got != RoleJudged {
			t.Errorf("%s named on the command line: role %d, want judged", tc.name, got)
		}
	}
}

// A file too large to be a token is skipped without being read; one that
// cannot be read, or a problem of the walk, is judged.
func TestRoleOfLargeAndUnreadableFiles(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "Xcode.xip")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(token.MaxFileSize * 100); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if r := token.Inspect(big, token.Options{Now: testNow}); roleOf(Entry{Path: big, Found: true}, r, "") != RoleSkipped {
		t.Errorf("a file of 100 MB: %s %s, not skipped", r.Status, r.Message)
	}
	unread := token.Report{File: filepath.Join(dir, "locked.pdf"), Kind: token.KindUnknown, Status: token.StatusInvalid, Message: "Cannot read this file: permission denied"}
	if got := roleOf(Entry{Path: unread.File, Found: true}, unread, ""); got != RoleJudged {
		t.Errorf("a file that could not be read: role %d, want judged", got)
	}
	problem := Entry{Path: filepath.Join(dir, "loop"), Found: true, Err: &EntryError{Message: "Folder loop"}}
	if got := roleOf(problem, entryReport(problem), ""); got != RoleJudged {
		t.Errorf("a problem of the walk: role %d, want judged", got)
	}
}

// runResults runs RunResults with the real token engine and describes
// each result as "role path".
func runResults(t *testing.T, root string, paths ...string) []string {
	t.Helper()
	var got []string
	err := RunResults(context.Background(), paths, testNow, Config{}, func(res Result) error {
		rel, _ := filepath.Rel(root, res.Report.File)
		got = append(got, []string{"judged", "related", "skipped", "none-found"}[res.Role]+" "+filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestRunResultsTellsAFolderWithNothingJudged(t *testing.T) {
	root := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	vpp := sample.VPP("Fixture Academy Inc.", testNow.AddDate(1, 0, 0))
	write("mixed/Invoice.pdf", []byte("%PDF-1.4\n"))
	write("mixed/sToken_for_Main Campus.vpptoken", vpp)
	write("docs/Invoice.pdf", []byte("%PDF-1.4\n"))
	write("docs/MDM_public_key.pem", fixture(t, "mdm/mdm_public_key.pem"))
	write("docs/.hidden.vpptoken", vpp)
	if err := os.Mkdir(filepath.Join(root, "empty"), 0o700); err != nil {
		t.Fatal(err)
	}
	annex := write("outer/inner/sToken_for_Annex.vpptoken", vpp)
	write("outer/notes.txt", []byte("hello\n"))

	equalLists(t, runResults(t, root,
		filepath.Join(root, "mixed"), filepath.Join(root, "docs"), filepath.Join(root, "empty"),
	), []string{
		"skipped mixed/Invoice.pdf",
		"judged mixed/sToken_for_Main Campus.vpptoken",
		"skipped docs/Invoice.pdf",
		"related docs/MDM_public_key.pem",
		"none-found docs",
		"none-found empty",
	})

	// A token found before, named or in a folder given before, counts for
	// the folder that holds it.
	equalLists(t, runResults(t, root, annex, filepath.Join(root, "outer")), []string{
		"judged outer/inner/sToken_for_Annex.vpptoken",
		"skipped outer/notes.txt",
	})
	equalLists(t, runResults(t, root, filepath.Join(root, "outer", "inner"), filepath.Join(root, "outer")), []string{
		"judged outer/inner/sToken_for_Annex.vpptoken",
		"skipped outer/notes.txt",
	})
	// A file skipped before does not.
	equalLists(t, runResults(t, root, filepath.Join(root, "outer", "notes.txt"), filepath.Join(root, "outer", "inner"), filepath.Join(root, "outer")), []string{
		"judged outer/notes.txt",
		"judged outer/inner/sToken_for_Annex.vpptoken",
	})
	equalLists(t, runResults(t, root, filepath.Join(root, "docs", "Invoice.pdf"), filepath.Join(root, "docs")), []string{
		"judged docs/Invoice.pdf",
		"related docs/MDM_public_key.pem",
		"none-found docs",
	})
}

func TestNoneFoundSaysWhatWasLookedForAndSetAside(t *testing.T) {
	for _, tc := range []struct {
		related, skipped int
		want             string
	}{
		{0, 0, "No VPP content token, DEP server token or APNs push certificate in this folder: it holds no files (hidden ones, whose names start with a dot, are not looked at)"},
		{0, 1, "No VPP content token, DEP server token or APNs push certificate in this folder: 1 other file skipped (not tokens or certificates)"},
		{2, 3, "No VPP content token, DEP server token or APNs push certificate in this folder: 2 related files not judged and 3 other files skipped (not tokens or certificates)"},
		{1, 0, "No VPP content token, DEP server token or APNs push certificate in this folder: 1 related file not judged"},
	} {
		r := noneFound("Downloads", tc.related, tc.skipped)
		if r.Message != tc.want || r.Status != StatusNoneFound || r.Kind != token.KindUnknown || r.Action == "" {
			t.Errorf("%d related, %d skipped: %+v\nwant message %q", tc.related, tc.skipped, r, tc.want)
		}
	}
}

// Run, for due add, still hands over every file's report, and an invalid
// report for a folder that holds no file.
func TestRunHandsOverEveryReport(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "docs", "Invoice.pdf"))
	if err := os.Mkdir(filepath.Join(root, "empty"), 0o700); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := Run(context.Background(), []string{filepath.Join(root, "docs"), filepath.Join(root, "empty")}, testNow, Config{}, func(r token.Report) error {
		got = append(got, filepath.Base(r.File)+" "+string(r.Status)+" "+r.Message)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	equalLists(t, got, []string{"Invoice.pdf invalid This is a text file, not a token.", "empty invalid This folder has no files to check"})
}

// TestOutputOfAFolderLikeDownloads: related files are shown unjudged in
// text, skipped files counted (and named with Verbose), and neither
// appears in JSON or Prometheus nor changes the exit status.
func TestOutputOfAFolderLikeDownloads(t *testing.T) {
	results := []Result{
		{Report: token.Report{File: "dl/Invoice.pdf", Kind: token.KindUnknown, Status: token.StatusInvalid, Message: "This is a PDF document, not a token."}, Role: RoleSkipped},
		{Report: token.Report{File: "dl/MDM_public_key.pem", Kind: token.KindCertificate, Status: token.StatusWrongKind, Message: "This is an X.509 certificate"}, Role: RoleRelated},
		{Report: token.Report{File: "dl/mdm_private_key.pem", Kind: token.KindPrivateKey, Status: token.StatusWrongKind, Notes: []string{"Other users can read it."}}, Role: RoleRelated},
		{Report: outputReports()[0], Role: RoleJudged},
		{Report: token.Report{File: "dl/setup.dmg", Kind: token.KindUnknown, Status: token.StatusInvalid, Message: "This is binary data, not a token."}, Role: RoleSkipped},
	}
	put := func(f Format, verbose bool, results []Result) (string, int) {
		var b bytes.Buffer
		out := NewOutput(&b, f, testNow, 0, 0)
		out.Verbose = verbose
		for _, r := range results {
			if err := out.Put(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
		return b.String(), out.ExitCode()
	}

	text, code := put(FormatText, false, results)
	if code != ExitOK {
		t.Errorf("exit code %d, want 0", code)
	}
	for _, want := range []string{
		"mdmtoken OK: 1 file checked: 1 ok; 2 related files not judged; 2 other files skipped\n\n",
		"dl/MDM_public_key.pem\n  Kind          Certificate (the MDM's public key, uploaded to Apple)\n  Status        NOT JUDGED (found in the folder; not a token or push certificate)\n\n",
		"  Kind          Private key (never upload this anywhere)\n  Status        NOT JUDGED (found in the folder; not a token or push certificate)\n  Note          Other users can read it.\n",
		"\n\n2 other files skipped: not tokens or certificates, by content or name (--verbose lists them)\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"Invoice.pdf", "setup.dmg", "This is an X.509", "WRONG KIND"} {
		if strings.Contains(text, not) {
			t.Errorf("text has %q:\n%s", not, text)
		}
	}
	verbose, _ := put(FormatText, true, results)
	if want := "2 other files skipped: not tokens or certificates, by content or name:\n" +
		"  dl/Invoice.pdf\n    This is a PDF document, not a token.\n  dl/setup.dmg\n    This is binary data, not a token.\n"; !strings.HasSuffix(verbose, want) {
		t.Errorf("verbose text does not end with\n%s\n%s", want, verbose)
	}

	// JSON and Prometheus hold the judged file alone, as if nothing else
	// had been there.
	for _, f := range []Format{FormatJSON, FormatPrometheus} {
		got, _ := put(f, true, results)
		want, _ := put(f, false, results[3:4])
		if got != want {
			t.Errorf("%s:\n%s\nwant\n%s", f, got, want)
		}
	}

	// Nothing judged: the folder's none-found result decides.
	none := Result{Report: noneFound("dl", 2, 2), Role: RoleNoneFound}
	rest := append(append([]Result{}, results[:3]...), results[4], none)
	text, code = put(FormatText, false, rest)
	if code != ExitUnknown {
		t.Errorf("exit code %d, want %d", code, ExitUnknown)
	}
	if want := "mdmtoken UNKNOWN: No VPP content token, DEP server token or APNs push certificate found in dl; 2 related files not judged; 2 other files skipped\n\n"; !strings.HasPrefix(text, want) {
		t.Errorf("text does not start with %q:\n%s", want, text)
	}
	if want := "dl\n  Status        NONE FOUND (no token or push certificate in this folder)\n  What          No VPP content token"; !strings.Contains(text, want) {
		t.Errorf("text lacks %q:\n%s", want, text)
	}
}

func TestSummaryOfFoldersWithNothingJudged(t *testing.T) {
	ok := token.Report{File: "a.vpptoken", Status: token.StatusOK}
	none := func(dir string) token.Report { return noneFound(dir, 0, 1) }
	for _, tc := range []struct {
		reports          []token.Report
		related, skipped int
		want             string
	}{
		{nil, 0, 0, "No files checked"},
		{[]token.Report{ok}, 0, 1, "1 file checked: 1 ok; 1 other file skipped"},
		{[]token.Report{ok, none("b")}, 1, 1, "1 file checked: 1 ok; no VPP content token, DEP server token or APNs push certificate found in b; 1 related file not judged; 1 other file skipped"},
		{[]token.Report{none("a"), none("b")}, 0, 2, "No VPP content token, DEP server token or APNs push certificate found in 2 folders; 2 other files skipped"},
		{[]token.Report{none("new\nline")}, 0, 0, `No VPP content token, DEP server token or APNs push certificate found in "new\nline"`},
	} {
		if got := summary(tc.reports, tc.related, tc.skipped); got != tc.want {
			t.Errorf("summary = %q\nwant      %q", got, tc.want)
		}
	}
}

// TestRoleOfAnotherKindThanExpected: in a folder checked with --expect, a
// credential of another kind is set aside (shown, not judged), unless it
// carries the expected kind's name: then it is the mix-up the check is
// for. A certificate named like the push certificate is judged only when
// push certificates, or anything, are expected.
func TestRoleOfAnotherKindThanExpected(t *testing.T) {
	vpp := token.Report{Kind: token.KindVPP, Status: token.StatusWrongKind}
	cert := token.Report{Kind: token.KindCertificate, Status: token.StatusWrongKind, SHA256: "x"}
	for _, c := range []struct {
		name   string
		r      token.Report
		expect token.Kind
		want   Role
	}{
		{"sToken_for_Annex.vpptoken", vpp, token.KindDEP, RoleRelated},
		{"sToken_for_Annex.vpptoken", vpp, "", RoleJudged},
		{"Production_Token_2026-11-24T10-00-00Z_smime.p7m", vpp, token.KindDEP, RoleJudged},
		{"MDM_ Relution_Certificate.pem", cert, token.KindDEP, RoleRelated},
		{"MDM_ Relution_Certificate.pem", cert, token.KindPush, RoleJudged},
		{"MDM_ Relution_Certificate.pem", cert, "", RoleJudged},
		{"mdm_public_key.pem", cert, "", RoleRelated},
	} {
		c.r.File = filepath.Join("dl", c.name)
		if got := roleOf(Entry{Path: c.r.File, Found: true}, c.r, c.expect); got != c.want {
			t.Errorf("%s, --expect %q: role %d, want %d", c.name, c.expect, got, c.want)
		}
		if got := roleOf(Entry{Path: c.r.File}, c.r, c.expect); got != RoleJudged {
			t.Errorf("%s named on the command line: role %d, want judged", c.name, got)
		}
	}
	var b strings.Builder
	newTextLayout(testNow, colorprofile.NoTTY, 0).relatedBlock(&b, token.Report{File: "dl/sToken_for_Annex.vpptoken", Kind: token.KindVPP})
	if !strings.Contains(b.String(), "NOT JUDGED (found in the folder; another kind than --expect asks for)") {
		t.Errorf("the block of a content token set aside:\n%s", b.String())
	}
}

// TestJudgedForItsNameSaysSo: a certificate judged only because it is
// named like the push certificate says so, since the same file under
// another name is only shown.
func TestJudgedForItsNameSaysSo(t *testing.T) {
	inspect := func(path string, _ token.Options) token.Report {
		return token.Report{File: path, Kind: token.KindCertificate, Status: token.StatusWrongKind, SHA256: "x"}
	}
	for name, want := range map[string]bool{"MDM_ Relution_Certificate.pem": true, "mdm_public_key.pem": false} {
		res := resultOf(inspect, Entry{Path: filepath.Join("dl", name), Found: true}, token.Options{Now: testNow})
		said := strings.Contains(strings.Join(res.Report.Notes, " "), "Judged because it is named like the APNs push certificate")
		if said != want {
			t.Errorf("%s: notes %q", name, res.Report.Notes)
		}
	}
}
