//go:build linux || darwin

package e2e

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mdmtoken/mdmtoken/sample"
)

// terminalLines runs the binary with home as HOME in a pseudo-terminal
// cols columns wide and returns the lines it printed, escape sequences
// removed, and its exit status.
func terminalLines(t *testing.T, cols int, home string, args ...string) ([]string, int) {
	t.Helper()
	s := start(t, startOptions{args: args, env: env(home, "NO_COLOR=1"), cols: cols, rows: 50})
	code := s.waitExit(waitTimeout)
	s.finish()
	out := strings.ReplaceAll(ansi.Strip(s.rawOutput()), "\r\n", "\n")
	return strings.Split(strings.TrimRight(out, "\n"), "\n"), code
}

// widestLine is the width of the widest line, and that line.
func widestLine(lines []string) (int, string) {
	w, line := 0, ""
	for _, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			w, line = n, l
		}
	}
	return w, line
}

// TestHelpFitsTheTerminal: help is laid out at the terminal's width, and
// at most at 100 columns on a wide one. The home folder has a name of the
// usual length: the help shows the playbook folder inside it, as one word.
func TestHelpFitsTheTerminal(t *testing.T) {
	for _, tc := range []struct {
		cols, limit int
	}{{60, 60}, {80, 80}, {140, 100}} {
		for _, args := range [][]string{{"--help"}, {"check", "--help"}, {"due", "--help"}, {"guide", "--help"}} {
			lines, code := terminalLines(t, tc.cols, "/home/alice", args...)
			if code != 0 {
				t.Fatalf("%v: exit %d", args, code)
			}
			if w, l := widestLine(lines); w > tc.limit {
				t.Errorf("%v on %d columns: a line of %d: %q", args, tc.cols, w, l)
			} else if tc.cols == 140 && w <= 80 {
				t.Errorf("%v on %d columns: laid out at %d, not at the terminal's width", args, tc.cols, w)
			}
		}
	}
}

// TestCheckWrapsOnATerminalOnly: check's text fits a 60-column terminal
// (a file's name aside, which is never broken); in a pipe it is not
// wrapped, so that scripts read one value a line.
func TestCheckWrapsOnATerminalOnly(t *testing.T) {
	dir := t.TempDir()
	id, err := sample.NewIdentity("e2e-mdm", 1)
	if err != nil {
		t.Fatal(err)
	}
	other, err := sample.NewIdentity("other-mdm", 7)
	if err != nil {
		t.Fatal(err)
	}
	data, err := sample.DEP(other, time.Now().AddDate(1, 0, 0), sample.DEPOptions{Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, sample.DEPFileName("Other Server", time.Now().Add(-time.Hour)))
	cert := filepath.Join(dir, "cert.pem")
	for name, b := range map[string][]byte{file: data, cert: id.CertPEM()} {
		if err := os.WriteFile(name, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"check", "--cert", cert, file}

	lines, code := terminalLines(t, 60, t.TempDir(), args...)
	if code != 2 {
		t.Fatalf("exit %d, want 2 (another server's token)\n%s", code, strings.Join(lines, "\n"))
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > 60 && l != file {
			t.Errorf("on a 60-column terminal, a line of %d: %q", ansi.StringWidth(l), l)
		}
	}

	cmd := exec.Command(binary(t), args...)
	cmd.Env = env(t.TempDir())
	out, _ := cmd.Output()
	var piped []string
	for sc := bufio.NewScanner(bytes.NewReader(out)); sc.Scan(); {
		piped = append(piped, sc.Text())
	}
	if w, _ := widestLine(piped); w <= 60 {
		t.Errorf("in a pipe the text was wrapped (widest line %d):\n%s", w, out)
	}
	if strings.Join(strings.Fields(string(out)), " ") != strings.Join(strings.Fields(strings.Join(lines, "\n")), " ") {
		t.Errorf("on the terminal the words differ from the pipe's:\n%s\npipe:\n%s", strings.Join(lines, "\n"), out)
	}
}

// TestVersionNamesTheBuild: --version prints what Go recorded in the
// binary: the module version, or else the commit it was built from.
func TestVersionNamesTheBuild(t *testing.T) {
	bin := binary(t)
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to read the build information")
	}
	info, err := exec.Command(goTool, "version", "-m", bin).Output()
	if err != nil {
		t.Fatalf("go version -m: %v", err)
	}
	var mod, rev string
	for _, l := range strings.Split(string(info), "\n") {
		f := strings.Fields(l)
		switch {
		case len(f) >= 3 && f[0] == "mod":
			mod = f[2]
		case len(f) == 2 && strings.HasPrefix(f[1], "vcs.revision="):
			rev = strings.TrimPrefix(f[1], "vcs.revision=")[:12]
		}
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatalf("--version: %v", err)
	}
	got := string(out)
	if !strings.HasPrefix(got, "mdmtoken version ") || strings.Contains(got, "unknown") {
		t.Fatalf("--version printed %q", got)
	}
	if mod != "" && mod != "(devel)" && !strings.Contains(got, mod) {
		t.Errorf("--version %q does not name the module version %s", got, mod)
	}
	if rev != "" && !strings.Contains(got, rev) {
		t.Errorf("--version %q does not name the commit %s", got, rev)
	}
	if (mod == "" || mod == "(devel)") && rev == "" && !strings.Contains(got, "devel") {
		t.Errorf("--version %q: a build without a version should say it is a development build", got)
	}
	t.Logf("build info: module %q, revision %q; --version: %s", mod, rev, strings.TrimSpace(got))
}
