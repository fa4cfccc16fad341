//go:build unix

package steps

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// addPlaybooksDone runs AddPlaybooks and fails the test, instead of
// hanging, if it blocks (the bug was a read that never returned).
func addPlaybooksDone(t *testing.T, c *Catalog, dir string) []error {
	t.Helper()
	done := make(chan []error, 1)
	go func() { done <- c.AddPlaybooks(dir) }()
	select {
	case errs := <-done:
		return errs
	case <-time.After(20 * time.Second):
		t.Fatal("AddPlaybooks blocked")
		return nil
	}
}

// errorFor is the error about file among errs.
func errorFor(errs []error, file string) *FileError {
	for _, err := range errs {
		var fe *FileError
		if errors.As(err, &fe) && fe.File == file {
			return fe
		}
	}
	return nil
}

// TestPlaybookSpecialFiles checks that a *.yaml that is a pipe, or a link
// to a pipe or to /dev/zero, is skipped with an error naming it, never read,
// while the good playbook beside it loads.
func TestPlaybookSpecialFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{"good.yaml": goodPlaybook})
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a FIFO: %v", err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(fifo, filepath.Join(dir, "to-pipe.yaml")); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"pipe.yaml": "a named pipe (FIFO), not a playbook file", "to-pipe.yaml": "a named pipe (FIFO), not a playbook file"}
	if _, err := os.Stat("/dev/zero"); err == nil {
		if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")); err != nil {
			t.Fatal(err)
		}
		want["zero.yaml"] = "a device, not a playbook file"
	}
	c := mustBuiltin(t)
	errs := addPlaybooksDone(t, c, dir)
	for name, msg := range want {
		fe := errorFor(errs, filepath.Join(dir, name))
		if fe == nil || !strings.Contains(fe.Msg, msg) {
			t.Errorf("%s: got %v, want an error with %q (all: %v)", name, fe, msg, errs)
		}
	}
	if len(errs) != len(want) {
		t.Errorf("errors: %v", errs)
	}
	if c.portal("acme-mdm") == nil {
		t.Error("the good playbook did not load")
	}
}

// TestPlaybookFolderIsPipe checks that --playbooks naming a pipe gives an
// error instead of waiting for a writer.
func TestPlaybookFolderIsPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "portals")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a FIFO: %v", err)
	}
	errs := addPlaybooksDone(t, mustBuiltin(t), fifo)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "is not a folder") {
		t.Errorf("errors: %v", errs)
	}
}

// TestPlaybookSizeAndCount checks the bounds: a playbook over
// MaxPlaybookSize is skipped unread, one just under it loads, and a folder
// loads at most MaxPlaybooks playbooks, saying which.
func TestPlaybookSizeAndCount(t *testing.T) {
	pad := func(body string, size int) string {
		return body + "#" + strings.Repeat("x", size-len(body)-2) + "\n"
	}
	files := map[string]string{
		"big.yaml": pad(strings.Replace(goodPlaybook, "acme-mdm", "big", 1), MaxPlaybookSize+1),
		"fit.yaml": pad(strings.Replace(goodPlaybook, "acme-mdm", "fit", 1), MaxPlaybookSize),
	}
	if len(files["big.yaml"]) != MaxPlaybookSize+1 || len(files["fit.yaml"]) != MaxPlaybookSize {
		t.Fatal("padding is off")
	}
	dir := writeFiles(t, files)
	c := mustBuiltin(t)
	errs := c.AddPlaybooks(dir)
	if fe := errorFor(errs, filepath.Join(dir, "big.yaml")); fe == nil || !strings.Contains(fe.Msg, "larger than 256 KiB") {
		t.Errorf("big.yaml: %v", errs)
	}
	if c.portal("fit") == nil || c.portal("big") != nil {
		t.Errorf("fit loaded: %v, big loaded: %v", c.portal("fit") != nil, c.portal("big") != nil)
	}

	many := map[string]string{}
	for i := range MaxPlaybooks + 5 {
		id := fmt.Sprintf("p%03d", i)
		many[id+".yaml"] = strings.Replace(goodPlaybook, "acme-mdm", id, 1)
	}
	c = mustBuiltin(t)
	errs = c.AddPlaybooks(writeFiles(t, many))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "only the first 100 (by name) are loaded, from p000.yaml to p099.yaml") {
		t.Errorf("errors: %v", errs)
	}
	if c.portal("p099") == nil || c.portal("p100") != nil {
		t.Error("the first 100 playbooks by name must load, and no more")
	}
}
