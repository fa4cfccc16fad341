//go:build unix

package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/token"
)

// buildTree makes a small tree under root from ops, two bytes an
// operation: a folder, a file, a hidden file, a hard link, links to
// folders (parents, siblings, itself, the root, /) and to files, broken
// links and named pipes. It returns the inode of every file a check of
// root must inspect: each regular file whose name is not hidden.
func buildTree(t *testing.T, root string, ops []byte) map[fileID]string {
	dirs := []string{root}
	var files []string
	want := map[fileID]string{}
	n := 0
	name := func(prefix string) string { n++; return fmt.Sprintf("%s%d", prefix, n) }
	for i := 0; i+1 < len(ops) && i < 120; i += 2 {
		op, arg := ops[i], int(ops[i+1])
		in := dirs[arg%len(dirs)]
		var err error
		switch op % 10 {
		case 0, 1:
			d := filepath.Join(in, name("d"))
			if err = os.Mkdir(d, 0o700); err == nil {
				dirs = append(dirs, d)
			}
		case 2, 3:
			f := filepath.Join(in, name("f"))
			if err = os.WriteFile(f, []byte{op}, 0o600); err == nil {
				files = append(files, f)
			}
		case 4:
			err = os.WriteFile(filepath.Join(in, name(".h")), nil, 0o600) // hidden: skipped
		case 5:
			if len(files) > 0 {
				err = os.Link(files[int(op/10)%len(files)], filepath.Join(in, name("hard")))
			}
		case 6: // a link to any folder: a parent, a sibling, itself, the root
			err = os.Symlink(dirs[int(op/10)%len(dirs)], filepath.Join(in, name("ld")))
		case 7: // relative links: to the parent, to the folder itself, a chain
			target := []string{"..", ".", "../..", "../" + filepath.Base(in)}[int(op/10)%4]
			err = os.Symlink(target, filepath.Join(in, name("lr")))
		case 8:
			if len(files) > 0 && op/10%2 == 0 {
				err = os.Symlink(files[int(op/10)%len(files)], filepath.Join(in, name("lf")))
			} else {
				err = os.Symlink(filepath.Join(in, "missing"), filepath.Join(in, name("lb")))
			}
		case 9: // outside the tree: the root of the system, the kernel's, a pipe
			switch op / 10 % 3 {
			case 0:
				err = os.Symlink("/", filepath.Join(in, name("lroot")))
			case 1:
				err = os.Symlink("/proc/self", filepath.Join(in, name("lproc")))
			case 2:
				err = syscall.Mkfifo(filepath.Join(in, name("p")), 0o600)
			}
		}
		if err != nil {
			t.Fatalf("building the tree: %v", err)
		}
	}
	err := filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if fi.Mode().IsRegular() && !strings.HasPrefix(fi.Name(), ".") {
			if id, ok := idOf(fi); ok {
				want[id] = p
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return want
}

// FuzzWalkTree checks generated trees: Run ends, inspects every real file
// once (by device and inode, whatever the links and hard links), nothing
// outside the tree, and reports the rest (loops, broken links, pipes, links
// out of the tree) without failing.
func FuzzWalkTree(f *testing.F) {
	f.Add([]byte{0, 0, 2, 1, 6, 1, 7, 1, 2, 0})                        // a folder with a file and links back up
	f.Add([]byte{0, 0, 0, 0, 0, 1, 6, 2, 16, 1, 26, 3, 2, 2, 2, 3})    // siblings linking to each other
	f.Add([]byte{2, 0, 5, 0, 15, 0, 8, 0, 18, 0, 28, 0, 4, 0})         // hard links, file links, broken links, hidden
	f.Add([]byte{0, 0, 9, 1, 19, 1, 29, 1, 17, 1, 27, 1, 37, 1, 2, 1}) // links out of the tree and a pipe
	f.Fuzz(func(t *testing.T, ops []byte) {
		root := filepath.Join(t.TempDir(), "tree")
		if err := os.Mkdir(root, 0o700); err != nil {
			t.Fatal(err)
		}
		want := buildTree(t, root, ops)
		realRoot, err := filepath.EvalSymlinks(root)
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		seen := map[fileID]int{}
		inspect := func(path string, _ token.Options) token.Report {
			fi, err := os.Stat(path)
			if err != nil {
				return token.Report{Status: token.StatusInvalid}
			}
			id, _ := idOf(fi)
			mu.Lock()
			seen[id]++
			mu.Unlock()
			if real, err := filepath.EvalSymlinks(path); err != nil || !strings.HasPrefix(real, realRoot+string(filepath.Separator)) {
				t.Errorf("inspected %s (%s), outside the tree", path, real)
			}
			return token.Report{Status: token.StatusOK}
		}
		var reports []token.Report
		done := make(chan error, 1)
		go func() {
			done <- Run(context.Background(), []string{root}, time.Time{}, Config{Inspect: inspect, Workers: 2, MaxEntries: 5000},
				func(r token.Report) error { reports = append(reports, r); return nil })
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("Run did not end")
		}
		for id, p := range want {
			if seen[id] != 1 {
				t.Errorf("%s inspected %d times, want once", p, seen[id])
			}
		}
		for id, k := range seen {
			if _, ok := want[id]; !ok {
				t.Errorf("a file that is not in the tree was inspected %d times", k)
			}
		}
		for _, r := range reports {
			if r.Status == token.StatusInvalid && (r.Message == "" || r.Action == "") {
				t.Errorf("a problem without a message: %+v", r)
			}
			if strings.Contains(r.Message, "Stopped after") || strings.Contains(r.Message, "Not searched") {
				t.Errorf("the entry limit was reached on a small tree: %s", r.Message)
			}
		}
	})
}
