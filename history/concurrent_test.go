package history

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The test binary run as a writer process appends writerEntries entries to
// the file named in writerFileEnv, as writer writerIDEnv.
const (
	writerFileEnv = "MDMTOKEN_HISTORY_TEST_WRITER_FILE"
	writerIDEnv   = "MDMTOKEN_HISTORY_TEST_WRITER_ID"
	writerEntries = 60
	writers       = 4
)

func TestMain(m *testing.M) {
	if path := os.Getenv(writerFileEnv); path != "" {
		os.Exit(writeEntries(path, os.Getenv(writerIDEnv)))
	}
	os.Exit(m.Run())
}

// padding makes every line about 12 KiB, several pages, so that a line
// written in pieces would interleave with the other writers' lines.
func padding(id string, i int) string {
	unit := fmt.Sprintf("%s-%d.", id, i)
	return strings.Repeat(unit, 12<<10/len(unit)+1)[:12<<10]
}

func writeEntries(path, id string) int {
	for i := range writerEntries {
		e := Entry{
			Kind: "dep", Server: id + "-" + strconv.Itoa(i), Org: padding(id, i),
			Expires: time.Now().AddDate(1, 0, 0), Recorded: time.Now(),
		}
		if err := Append(context.Background(), path, e); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return 0
}

func TestConcurrentAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared", "history.jsonl")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var procs []*exec.Cmd
	for w := range writers {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), writerFileEnv+"="+path, writerIDEnv+"=w"+strconv.Itoa(w))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs = append(procs, cmd)
	}
	for _, p := range procs {
		if err := p.Wait(); err != nil {
			t.Fatalf("writer: %v", err)
		}
	}

	entries, warnings, err := Load(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("%d damaged lines, e.g. %v: appends interleaved", len(warnings), warnings[0])
	}
	seen := make(map[string]bool)
	for _, e := range entries {
		id, n, _ := strings.Cut(e.Server, "-")
		i, _ := strconv.Atoi(n)
		if e.Org != padding(id, i) {
			t.Fatalf("entry %s holds another writer's text", e.Server)
		}
		if seen[e.Server] {
			t.Errorf("entry %s twice", e.Server)
		}
		seen[e.Server] = true
	}
	if len(seen) != writers*writerEntries {
		t.Errorf("%d entries, want %d", len(seen), writers*writerEntries)
	}
}
