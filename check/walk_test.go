package check

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

func writeFile(t testing.TB, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t testing.TB, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symbolic links not available: %v", err)
	}
}

// describe lists entries as "path" or "path: message" relative to root.
func describe(t *testing.T, root string, entries []Entry) []string {
	t.Helper()
	var out []string
	for _, e := range entries {
		p := e.Path
		if rel, err := filepath.Rel(root, e.Path); err == nil && !strings.HasPrefix(rel, "..") {
			p = filepath.ToSlash(rel)
		}
		if e.Err != nil {
			p += ": " + e.Err.Error()
		}
		out = append(out, p)
	}
	return out
}

func equalLists(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestWalkNestedSortedAndInGivenOrder(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{
		"tokens/b.vpptoken", "tokens/a.vpptoken", "tokens/sub/deeper/c_smime.p7m",
		"tokens/sub/B.pem", "tokens/.DS_Store", "tokens/.hidden/x.vpptoken",
		"z.vpptoken", ".explicit",
	} {
		writeFile(t, filepath.Join(root, p))
	}
	if err := os.Mkdir(filepath.Join(root, "tokens", "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	got := describe(t, root, Walk(context.Background(), []string{
		filepath.Join(root, "z.vpptoken"),
		filepath.Join(root, "tokens"),
		filepath.Join(root, ".explicit"),
		filepath.Join(root, "tokens", "a.vpptoken"), // already listed
	}))
	equalLists(t, got, []string{
		"z.vpptoken",
		"tokens/a.vpptoken",
		"tokens/b.vpptoken",
		"tokens/sub/B.pem",
		"tokens/sub/deeper/c_smime.p7m",
		".explicit",
	})
}

func TestWalkSymlinkedFolderIsFollowed(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "real", "t.vpptoken"))
	if err := os.Mkdir(filepath.Join(root, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	symlink(t, filepath.Join(root, "real"), filepath.Join(root, "dir", "link"))
	symlink(t, filepath.Join(root, "real", "t.vpptoken"), filepath.Join(root, "dir", "file-link"))
	got := describe(t, root, Walk(context.Background(), []string{filepath.Join(root, "dir")}))
	equalLists(t, got, []string{"dir/file-link", "dir/link/t.vpptoken"})
}

func TestWalkSymlinkLoops(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "d", "t.vpptoken"))
	symlink(t, "..", filepath.Join(root, "d", "up"))              // back to root
	symlink(t, ".", filepath.Join(root, "d", "self"))             // to itself
	symlink(t, "l2", filepath.Join(root, "d", "l1"))              // l1 -> l2 -> l1
	symlink(t, "l1", filepath.Join(root, "d", "l2"))              //
	symlink(t, "missing", filepath.Join(root, "d", "x-dangling")) // broken

	entries := Walk(context.Background(), []string{root})
	got := describe(t, root, entries)
	// root/d/up leads to root, root/d/self to root/d: both loops, reported
	// once each; the file is listed once.
	want := []string{
		"d/l1: Symbolic link loop",
		"d/l2: Symbolic link loop",
		"d/self: Symbolic link loop: this link points back to a folder that contains it (.)",
		"d/t.vpptoken",
		"d/up: Symbolic link loop: this link points back to a folder that contains it (..)",
		"d/x-dangling: Broken symbolic link: it points to missing, which does not exist",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d entries, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("entry %d = %q, want prefix %q", i, got[i], want[i])
		}
	}
	if !errors.Is(entries[0].Err, syscall.ELOOP) {
		t.Errorf("l1: cause %v, want ELOOP", entries[0].Err.Err)
	}
}

func TestWalkExplicitProblems(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "onlyhidden", ".DS_Store"))
	symlink(t, "nowhere", filepath.Join(root, "dangling"))
	got := describe(t, root, Walk(context.Background(), []string{
		filepath.Join(root, "missing.vpptoken"),
		filepath.Join(root, "empty"),
		filepath.Join(root, "onlyhidden"),
		filepath.Join(root, "dangling"),
	}))
	want := []string{
		"missing.vpptoken: File not found: no such file or directory",
		"empty: This folder has no files to check",
		"onlyhidden: This folder has no files to check",
		"dangling: Broken symbolic link: it points to nowhere, which does not exist: no such file or directory",
	}
	equalLists(t, got, want)
}

func TestWalkSpecialFilesAreNotOpened(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes in the file system")
	}
	root := t.TempDir()
	fifo := filepath.Join(root, "dir", "pipe")
	writeFile(t, filepath.Join(root, "dir", "t.vpptoken"))
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// Opening a FIFO for reading would block; Walk must only stat it.
	got := describe(t, root, Walk(context.Background(), []string{filepath.Join(root, "dir"), fifo}))
	equalLists(t, got, []string{
		"dir/pipe: Not a regular file (a named pipe); not read",
		"dir/t.vpptoken",
	})
}

func TestWalkUnreadableFolder(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "ok", "t.vpptoken"))
	writeFile(t, filepath.Join(root, "locked", "secret.vpptoken"))
	writeFile(t, filepath.Join(root, "zz.vpptoken"))

	// Running as root, permissions do not stop reading: simulate the error
	// the operating system gives.
	orig := readDir
	t.Cleanup(func() { readDir = orig })
	readDir = func(name string) ([]os.DirEntry, error) {
		if filepath.Base(name) == "locked" {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
		}
		return orig(name)
	}
	got := describe(t, root, Walk(context.Background(), []string{root}))
	equalLists(t, got, []string{
		"locked: Cannot read this folder: permission denied",
		"ok/t.vpptoken",
		"zz.vpptoken",
	})
}

func TestWalkUnreadableFolderPermissions(t *testing.T) {
	if os.Geteuid() == 0 || runtime.GOOS == "windows" {
		t.Skip("root reads any folder; TestWalkUnreadableFolder simulates it")
	}
	root := t.TempDir()
	locked := filepath.Join(root, "locked")
	writeFile(t, filepath.Join(locked, "secret.vpptoken"))
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	got := describe(t, root, Walk(context.Background(), []string{root}))
	equalLists(t, got, []string{"locked: Cannot read this folder: permission denied"})
}

func TestWalkCancelled(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "a"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := Walk(ctx, []string{root}); len(got) != 0 {
		t.Errorf("cancelled walk found %d entries", len(got))
	}
}
