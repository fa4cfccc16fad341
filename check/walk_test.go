package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/mdmtoken/mdmtoken/token"
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

// describe lists entries as "path" or "path: message" relative to root,
// leaving out the ends of folders.
func describe(t *testing.T, root string, entries []Entry) []string {
	t.Helper()
	var out []string
	for _, e := range entries {
		if e.End {
			continue
		}
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

// walk collects what Walk yields for paths, with the default limit.
func walk(paths []string) []Entry {
	return slices.Collect(Walk(context.Background(), paths, 0))
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
	got := describe(t, root, walk([]string{
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
	got := describe(t, root, walk([]string{filepath.Join(root, "dir")}))
	// The file is listed once, under the first path that leads to it.
	equalLists(t, got, []string{"dir/file-link"})
}

func TestWalkSymlinkLoops(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "d", "t.vpptoken"))
	symlink(t, "..", filepath.Join(root, "d", "up"))              // back to root
	symlink(t, ".", filepath.Join(root, "d", "self"))             // to itself
	symlink(t, "l2", filepath.Join(root, "d", "l1"))              // l1 -> l2 -> l1
	symlink(t, "l1", filepath.Join(root, "d", "l2"))              //
	symlink(t, "missing", filepath.Join(root, "d", "x-dangling")) // broken

	entries := walk([]string{root})
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
	got := describe(t, root, walk([]string{
		filepath.Join(root, "missing.vpptoken"),
		filepath.Join(root, "empty"),
		filepath.Join(root, "onlyhidden"),
		filepath.Join(root, "dangling"),
	}))
	want := []string{
		"missing.vpptoken: File not found: no such file or directory",
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
	got := describe(t, root, walk([]string{filepath.Join(root, "dir"), fifo}))
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
	readDir = func(name string, n int) ([]os.DirEntry, error) {
		if filepath.Base(name) == "locked" {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
		}
		return orig(name, n)
	}
	got := describe(t, root, walk([]string{root}))
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
	got := describe(t, root, walk([]string{root}))
	equalLists(t, got, []string{"locked: Cannot read this folder: permission denied"})
}

func TestWalkCancelled(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "a"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := slices.Collect(Walk(ctx, []string{root}, 0)); len(got) != 0 {
		t.Errorf("cancelled walk found %d entries", len(got))
	}
}

// amplifiedTree makes levels folders, each holding one file and links
// sibling links to the next folder: followed path by path that is
// links^(levels-1) copies of the last folder, from levels real folders.
func amplifiedTree(t testing.TB, levels, links int) (top string) {
	t.Helper()
	root := t.TempDir()
	dir := func(i int) string { return filepath.Join(root, fmt.Sprintf("level%d", i)) }
	for i := range levels {
		writeFile(t, filepath.Join(dir(i), fmt.Sprintf("t%d.vpptoken", i)))
		if i == 0 {
			continue
		}
		for j := range links {
			symlink(t, dir(i), filepath.Join(dir(i-1), fmt.Sprintf("link%02d", j)))
		}
	}
	return dir(0)
}

func TestWalkVisitsEachFolderOnceHoweverManyLinksLeadThere(t *testing.T) {
	const levels, links = 6, 10 // 10^5 paths to the last folder
	top := amplifiedTree(t, levels, links)
	var got []Entry
	for e := range Walk(context.Background(), []string{top}, 0) {
		if e.End {
			continue
		}
		got = append(got, e)
		if len(got) > 100 {
			t.Fatalf("more than 100 entries from %d folders of one file each: links are followed path by path", levels)
		}
	}
	var names []string
	for _, e := range got {
		if e.Err != nil {
			t.Errorf("%s: %v", e.Path, e.Err)
		}
		names = append(names, filepath.Base(e.Path))
	}
	// Each folder is reached first through link00 of the one before, and
	// its file comes after its links in name order.
	equalLists(t, names, []string{"t5.vpptoken", "t4.vpptoken", "t3.vpptoken", "t2.vpptoken", "t1.vpptoken", "t0.vpptoken"})
}

func TestWalkListsEachFileOnce(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "a.vpptoken"))
	if err := os.Link(filepath.Join(root, "a.vpptoken"), filepath.Join(root, "b.vpptoken")); err != nil {
		t.Skipf("hard links not available: %v", err)
	}
	symlink(t, "a.vpptoken", filepath.Join(root, "c.vpptoken"))
	got := describe(t, root, walk([]string{root, filepath.Join(root, "b.vpptoken"), root}))
	equalLists(t, got, []string{"a.vpptoken"})
}

func TestWalkDoesNotFollowLinksOutToTheRootOrAnOuterFolder(t *testing.T) {
	root := t.TempDir()
	top := filepath.Join(root, "downloads")
	writeFile(t, filepath.Join(top, "t.vpptoken"))
	writeFile(t, filepath.Join(root, "outside.vpptoken"))
	symlink(t, "/", filepath.Join(top, "everything"))
	symlink(t, root, filepath.Join(top, "parent"))
	var got []Entry
	for e := range Walk(context.Background(), []string{top}, 0) {
		if e.End {
			continue
		}
		if got = append(got, e); len(got) > 10 {
			t.Fatalf("the walk went on past the folder: %v", describe(t, root, got))
		}
	}
	want := []string{
		"downloads/everything: Not followed: this link leads up to a folder that contains the one checked (/)",
		"downloads/parent: Not followed: this link leads up to a folder that contains the one checked (" + root + ")",
		"downloads/t.vpptoken",
	}
	equalLists(t, describe(t, root, got), want)
	for _, e := range got {
		if e.Err != nil && !e.Err.Aside {
			t.Errorf("%s is not set aside: %v", e.Path, e.Err)
		}
	}
}

// TestLinksUpOrBackAreSetAside: a folder whose links lead back into it, or
// up out of it, is judged by its tokens alone: the links are set aside
// (listed with --verbose), never a problem that fails the check.
func TestLinksUpOrBackAreSetAside(t *testing.T) {
	root := t.TempDir()
	top := filepath.Join(root, "downloads")
	if err := os.MkdirAll(filepath.Join(top, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	symlink(t, "..", filepath.Join(top, "up"))
	symlink(t, "..", filepath.Join(top, "sub", "back"))
	cfg := Config{Inspect: func(string, token.Options) token.Report {
		return token.Report{Kind: token.KindVPP, Status: token.StatusOK}
	}}
	var roles []Role
	writeFile(t, filepath.Join(top, "sToken_for_A.vpptoken"))
	err := RunResults(context.Background(), []string{top}, testNow, cfg, func(r Result) error {
		if r.Report.Status == token.StatusInvalid && r.Role != RoleSkipped {
			t.Errorf("%s judged: %s", r.Report.File, r.Report.Message)
		}
		roles = append(roles, r.Role)
		return nil
	})
	if err != nil || !slices.Contains(roles, RoleSkipped) || !slices.Contains(roles, RoleJudged) {
		t.Errorf("roles %v, err %v", roles, err)
	}
	text, code := textOfRun(t, []string{top}, testNow, cfg)
	if !strings.Contains(text, "2 other entries skipped: files that are not tokens or certificates (by content or name), or links and folders not followed") || code != ExitOK {
		t.Errorf("exit %d:\n%s", code, text)
	}
}

func TestWalkEntryLimit(t *testing.T) {
	root := t.TempDir()
	for i := range 30 {
		writeFile(t, filepath.Join(root, "many", fmt.Sprintf("f%02d", i)))
	}
	writeFile(t, filepath.Join(root, "later", "x"))
	writeFile(t, filepath.Join(root, "named.vpptoken"))
	got := slices.Collect(Walk(context.Background(), []string{
		filepath.Join(root, "many"), filepath.Join(root, "later"), filepath.Join(root, "named.vpptoken"),
	}, 10))
	var files int
	for _, e := range got[:10] {
		if e.Err != nil || filepath.Dir(e.Path) != filepath.Join(root, "many") {
			t.Errorf("entry within the limit: %s %v", e.Path, e.Err)
		}
		files++
	}
	rest := describe(t, root, got[10:])
	equalLists(t, rest, []string{
		"many: Stopped after 10 folder entries: there are more files and folders here than one check looks through; the rest were not checked",
		"later: Not searched: the limit of 10 folder entries was reached before this folder",
		"named.vpptoken",
	})
	if got := thousands(MaxEntries); got != "100,000" {
		t.Errorf("thousands(%d) = %q", MaxEntries, got)
	}
}

func TestWalkKernelFileSystemsAreNotRead(t *testing.T) {
	if kernelFileSystem("/proc") != "proc" {
		t.Skip("no proc file system here")
	}
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "t.vpptoken"))
	symlink(t, "/proc/self", filepath.Join(root, "self"))
	symlink(t, "/proc/self/status", filepath.Join(root, "status"))
	paths := []string{"/proc", root}
	if _, err := os.Stat("/proc/kmsg"); err == nil {
		paths = append(paths, "/proc/kmsg")
	}
	got := describe(t, root, walk(paths))
	want := []string{
		"/proc: A folder of the kernel's proc file system, not of stored files; not searched",
		"self: A folder of the kernel's proc file system, not of stored files; not searched",
		"status: A file of the kernel's proc file system, not a stored file; not read",
		"t.vpptoken",
	}
	if len(paths) == 3 {
		want = append(want, "/proc/kmsg: A file of the kernel's proc file system, not a stored file; not read")
	}
	equalLists(t, got, want)
}

// FuzzWalk builds a small tree from the input (folders, files, pipes and
// links to anything in it, to its parents, to / or to nothing) and walks
// it: the walk ends, lists no path twice, lists each real file at most once
// and every real file it can reach without a link at least once.
func FuzzWalk(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 2, 1, 3, 0, 2, 9})
	f.Add([]byte{0, 0, 0, 1, 0, 2, 3, 1, 3, 1, 3, 2, 1, 3})
	f.Add([]byte{3, 0, 3, 0, 3, 0, 3, 0, 1, 0, 4, 0})
	f.Fuzz(func(t *testing.T, spec []byte) {
		if len(spec) > 40 {
			spec = spec[:40]
		}
		root := t.TempDir()
		top := filepath.Join(root, "top")
		if err := os.Mkdir(top, 0o755); err != nil {
			t.Fatal(err)
		}
		dirs := []string{top}
		var plain []string // files reachable without links
		for i := 0; i+1 < len(spec); i += 2 {
			kind, arg := spec[i]%5, int(spec[i+1])
			parent := dirs[arg%len(dirs)]
			p := filepath.Join(parent, fmt.Sprintf("n%02d", i/2))
			switch kind {
			case 0:
				if os.Mkdir(p, 0o755) == nil {
					dirs = append(dirs, p)
				}
			case 1:
				writeFile(t, p)
				plain = append(plain, p)
			case 2:
				_ = syscall.Mkfifo(p, 0o644)
			case 3: // a link to a folder made so far, or to a parent of the tree
				targets := append([]string{"/", root, "..", "missing"}, dirs...)
				_ = os.Symlink(targets[arg%len(targets)], filepath.Join(dirs[(arg/7)%len(dirs)], fmt.Sprintf("l%02d", i/2)))
			case 4: // a link to a file
				if len(plain) > 0 {
					_ = os.Symlink(plain[arg%len(plain)], filepath.Join(parent, fmt.Sprintf("f%02d", i/2)))
				}
			}
		}
		seenPaths := map[string]bool{}
		seenFiles := map[fileID]string{}
		n := 0
		ended := false
		for e := range Walk(context.Background(), []string{top}, 1000) {
			if n++; n > 200 {
				t.Fatalf("more than 200 entries from %d folders", len(dirs))
			}
			if ended {
				t.Fatalf("%s listed after the end of the folder", e.Path)
			}
			if e.End {
				if ended = true; e.Path != top {
					t.Fatalf("the end of %s, not of %s", e.Path, top)
				}
				continue
			}
			if !e.Found {
				t.Fatalf("%s not marked as found in the folder", e.Path)
			}
			if seenPaths[e.Path] {
				t.Fatalf("%s listed twice", e.Path)
			}
			seenPaths[e.Path] = true
			if e.Err != nil {
				continue
			}
			fi, err := os.Stat(e.Path)
			if err != nil || !fi.Mode().IsRegular() {
				t.Fatalf("%s listed as a file: %v", e.Path, err)
			}
			if id, ok := idOf(fi); ok {
				if other, dup := seenFiles[id]; dup {
					t.Fatalf("the same file as %s and %s", other, e.Path)
				}
				seenFiles[id] = e.Path
			}
		}
		if !ended {
			t.Error("no end of the folder")
		}
		for _, p := range plain {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if id, ok := idOf(fi); ok && seenFiles[id] == "" {
				t.Errorf("%s was never listed", p)
			}
		}
	})
}

// TestWalkMarksWhereEachEntryComesFrom: every entry has the index of its
// path; those from inside a folder are marked found; each folder named
// ends with an End entry, which tells what of it was listed before.
func TestWalkMarksWhereEachEntryComesFrom(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "outer", "a.vpptoken"))
	writeFile(t, filepath.Join(root, "outer", "inner", "b.vpptoken"))
	if err := os.Mkdir(filepath.Join(root, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	var got []string
	for e := range Walk(context.Background(), []string{
		filepath.Join(root, "outer", "a.vpptoken"),
		filepath.Join(root, "outer", "inner"),
		filepath.Join(root, "outer"),
		filepath.Join(root, "empty"),
		filepath.Join(root, "outer"), // named again: nothing more
		filepath.Join(root, "missing"),
	}, 0) {
		rel, _ := filepath.Rel(root, e.Path)
		s := fmt.Sprintf("%d %s found=%v", e.Root, filepath.ToSlash(rel), e.Found)
		if e.End {
			s += fmt.Sprintf(" end seen=%v within=%v", e.Seen, e.Within)
		}
		if e.Err != nil {
			s += " err"
		}
		got = append(got, s)
	}
	equalLists(t, got, []string{
		"0 outer/a.vpptoken found=false",
		"1 outer/inner/b.vpptoken found=true",
		"1 outer/inner found=false end seen=[] within=[]",
		"2 outer found=false end seen=[0] within=[1]",
		"3 empty found=false end seen=[] within=[]",
		"5 missing found=false err",
	})
}
