//go:build linux || darwin

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

const playbook = `id: acme
name: ACME MDM
kinds:
  dep:
    steps:
      - text: Open Settings > Enrollment > Apple in the ACME console.
      - text: Click Renew and upload the new server token.
        upload: true
    sources:
      - title: ACME wiki
        date: "2026-02-01"
`

// TestPlaybooksThatCannotBeRead: at start-up the local playbooks folder
// can hold a pipe, a link to /dev/zero, a 16 MB file or ten thousand
// entries; mdmtoken portals reads none of them, says which it skipped,
// still lists the good playbook beside them (and guide prints it), and
// its peak memory stays near that of a folder with the good playbook
// alone.
func TestPlaybooksThatCannotBeRead(t *testing.T) {
	bin := binary(t)
	run := func(t *testing.T, fill func(t *testing.T, dir string)) (out, errs string, rss float64) {
		t.Helper()
		home := t.TempDir()
		dir := filepath.Join(home, ".config", "mdmtoken", "portals")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "acme.yaml"), []byte(playbook), 0o600); err != nil {
			t.Fatal(err)
		}
		fill(t, dir)
		r := &plainRun{done: make(chan struct{})}
		r.cmd = exec.Command(bin, "portals")
		r.cmd.Env = env(home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"))
		r.cmd.Stdout, r.cmd.Stderr = &r.stdout, &r.stderr
		if err := r.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { r.err = r.cmd.Wait(); close(r.done) }()
		if code := r.wait(t); code != 0 {
			t.Fatalf("portals: exit status %d\n%s", code, r.stderr.String())
		}
		if !strings.Contains(r.stdout.String(), "ACME MDM") {
			t.Errorf("the good playbook is not listed:\n%s", r.stdout.String())
		}
		g := exec.Command(bin, "guide", "--kind", "dep", "--apple", "abm", "--portal", "acme")
		g.Env = r.cmd.Env
		if out, err := g.Output(); err != nil || !strings.Contains(string(out), "Click Renew and upload") {
			t.Errorf("guide with the good playbook: %v\n%s", err, out)
		}
		return r.stdout.String(), r.stderr.String(), maxRSS(r.cmd)
	}
	_, _, base := run(t, func(*testing.T, string) {})

	cases := []struct {
		name string
		fill func(t *testing.T, dir string)
		want []string
	}{
		{"pipe", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o600); err != nil {
				t.Skip("no FIFO here:", err)
			}
		}, []string{"pipe.yaml: a named pipe (FIFO), not a playbook file: skipped"}},
		{"dev-zero", func(t *testing.T, dir string) {
			if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")); err != nil {
				t.Fatal(err)
			}
		}, []string{"zero.yaml: a device, not a playbook file: skipped"}},
		{"16 MB", func(t *testing.T, dir string) {
			// Written in pieces: a child's peak memory as the kernel counts
			// it includes this process's at the start.
			f, err := os.Create(filepath.Join(dir, "big.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			line := []byte("# " + strings.Repeat("x", 1020) + "\n")
			if _, err := f.WriteString(strings.Replace(playbook, "acme", "big", 1)); err != nil {
				t.Fatal(err)
			}
			for range 16 << 10 {
				if _, err := f.Write(line); err != nil {
					t.Fatal(err)
				}
			}
		}, []string{"big.yaml: larger than 256 KiB, more than any playbook needs: skipped"}},
		{"10,001 entries", func(t *testing.T, dir string) {
			if testing.Short() {
				t.Skip("makes 10,000 files")
			}
			for i := range 10000 {
				if err := os.Symlink("acme.yaml", filepath.Join(dir, fmt.Sprintf("notes-%05d.txt", i))); err != nil {
					t.Fatal(err)
				}
			}
		}, []string{"has more than 10000 entries; only 10000 were looked at"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs, rss := run(t, c.fill)
			t.Logf("peak resident memory %.1f MB (%.1f MB with the good playbook alone)", rss, base)
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			if rss > base+16 {
				t.Errorf("peak resident memory %.1f MB, %.1f MB with the good playbook alone", rss, base)
			}
		})
	}
}
