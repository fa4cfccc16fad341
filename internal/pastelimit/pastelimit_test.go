package pastelimit

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"
)

const (
	start = "\x1b[200~"
	end   = "\x1b[201~"
)

// filter runs the scanner over in, one byte at a time, and returns what
// passes and how many pastes were cut.
func filter(in []byte, limit int) (out []byte, cuts int) {
	var s scanner
	for _, b := range in {
		emit, cut := s.step(b, limit)
		out = append(out, emit...)
		if cut {
			cuts++
		}
	}
	return out, cuts
}

func TestFilter(t *testing.T) {
	const limit = 10
	long := strings.Repeat("x", 100)
	cases := []struct {
		name, in, want string
		cuts           int
	}{
		{"keys pass", "abc\x1b[A\x03q\x1b\x1bx\xff", "abc\x1b[A\x03q\x1b\x1bx\xff", 0},
		{"a short paste passes", start + "hello" + end + "q", start + "hello" + end + "q", 0},
		{"a paste of exactly the limit passes", start + "0123456789" + end, start + "0123456789" + end, 0},
		{"a long paste is cut at the limit", start + "0123456789abcdef" + end + "\x03", start + "0123456789" + end + "\x03", 1},
		{"keys after a cut paste pass", start + long + end + "q\x1b[B", start + "xxxxxxxxxx" + end + "q\x1b[B", 1},
		{"two pastes, each its own limit", start + long + end + start + "bb" + end,
			start + "xxxxxxxxxx" + end + start + "bb" + end, 1},
		{"a start marker inside a paste is dropped", start + "012345678" + start + "zzzz" + end,
			start + "012345678z" + end, 1},
		{"an end marker with parameters ends a paste", start + long + "\x1b[201;5~" + "k",
			start + "xxxxxxxxxx" + end + "k", 1},
		{"escape sequences in a paste are dropped", start + "a\x1b[31mb\x1b]0;t\x07c\x1b\x1bd\x1b[201x" + end,
			start + "ab0;tc" + end, 0},
		{"control characters in a paste are dropped", start + "a\x00b\x7fc\x03d\te\r\nf\x18" + end,
			start + "abcd\te\r\nf" + end, 0},
		{"only UTF-8 passes", start + "é€😀\xff\xc3(\xed\xa0\x80\xe2\x82" + end, start + "é€😀(" + end, 0},
		{"an 8-bit marker in a paste is not one", start + "a\x9b201~q" + end, start + "a201~q" + end, 0},
		{"a character is not split at the limit", start + "012345678é" + end, start + "012345678" + end, 1},
		{"a private marker is not a paste", "\x1b[?200~" + long, "\x1b[?200~" + long, 0},
		{"leading zeros", "\x1b[0200~" + long + "\x1b[0201~", "\x1b[0200~" + "xxxxxxxxxx" + end, 1},
		{"a marker without parameter is not one", "\x1b[~" + long, "\x1b[~" + long, 0},
		{"an over-long marker is not one", "\x1b[200;0000000000000~" + long, "\x1b[200;0000000000000~" + long, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, cuts := filter([]byte(c.in), limit)
			if string(out) != c.want || cuts != c.cuts {
				t.Errorf("filter(%q)\n got %q, %d cuts\nwant %q, %d cuts", c.in, out, cuts, c.want, c.cuts)
			}
		})
	}
}

// pasteBytes measures, in what passed, the text of each paste.
func pasteBytes(out []byte) []int {
	var s scanner
	var sizes []int
	in := false
	for _, b := range out {
		s.step(b, 1<<62)
		switch {
		case !in && s.inPaste:
			sizes = append(sizes, 0)
		case in && s.inPaste:
			sizes[len(sizes)-1] = s.passed
		}
		in = s.inPaste
	}
	return sizes
}

// FuzzFilter: whatever the input, what passes is the input where no paste
// starts; a paste passes as text only (filtering again changes nothing),
// at most the limit; and reading in chunks of any size gives what reading
// byte by byte gives.
func FuzzFilter(f *testing.F) {
	f.Add([]byte(start+"0123456789abcdef"+end+"\x03"), uint8(7), uint64(1))
	f.Add([]byte(start+"\x1b[201\x1b]0;x\x07"+strings.Repeat("z", 40)+"\x1b[201;1~q"), uint8(3), uint64(2))
	f.Add([]byte("\x1b[200~\x1b[200~\x1b[200~"+strings.Repeat("\x1b[1", 30)+end), uint8(1), uint64(3))
	f.Add([]byte(start+"é€😀\xff\xc3(\xe2\x82\x9b201~"+end+"plain keys"), uint8(5), uint64(4))
	f.Fuzz(func(t *testing.T, in []byte, limit8 uint8, seed uint64) {
		limit := int(limit8)
		out, cuts := filter(in, limit)
		if !bytes.Contains(in, []byte("\x1b[")) && !bytes.Equal(out, in) {
			t.Fatalf("input without a paste changed: %q -> %q", in, out)
		}
		if again, _ := filter(out, limit); !bytes.Equal(again, out) {
			t.Fatalf("what passed is not text only: %q -> %q -> %q", in, out, again)
		}
		for i, n := range pasteBytes(out) {
			if n > limit {
				t.Fatalf("paste %d passed %d bytes, limit %d: %q -> %q", i, n, limit, in, out)
			}
		}
		if cuts > bytes.Count(in, []byte("\x1b[")) {
			t.Fatalf("%d cuts for at most %d pastes", cuts, bytes.Count(in, []byte("\x1b[")))
		}
		got := readChunks(t, in, limit, rand.New(rand.NewPCG(seed, 1)))
		if !bytes.Equal(got, out) {
			t.Fatalf("read in chunks: %q, byte by byte: %q", got, out)
		}
	})
}

// readChunks writes in to a pipe and reads it through a Reader with
// buffers of random sizes.
func readChunks(t *testing.T, in []byte, limit int, rng *rand.Rand) []byte {
	t.Helper()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	wrng := rand.New(rand.NewPCG(rng.Uint64(), 2))
	go func() {
		for rest := in; len(rest) > 0; {
			n := min(len(rest), 1+wrng.IntN(64))
			if _, err := pw.Write(rest[:n]); err != nil {
				break
			}
			rest = rest[n:]
		}
		pw.Close()
	}()
	r := New(pr, limit, nil)
	r.now = func() time.Time { return time.Time{}.Add(time.Hour) } // no ESC waits past the timeout
	var got []byte
	for {
		buf := make([]byte, 1+rng.IntN(32))
		n, err := r.Read(buf)
		got = append(got, buf[:n]...)
		if err == io.EOF {
			return got
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// A Reader is the file it reads, for raw mode and cancelable reads.
func TestReaderIsItsFile(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pw.Close()
	r := New(pr, 10, nil)
	if r.Fd() != pr.Fd() || r.Name() != pr.Name() {
		t.Errorf("Fd %d Name %q, want the file's %d %q", r.Fd(), r.Name(), pr.Fd(), pr.Name())
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := pr.Read(make([]byte, 1)); err == nil {
		t.Error("Close left the file open")
	}
}

// onCut is called once per cut paste, on the reading goroutine.
func TestReaderReportsCuts(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	go func() {
		pw.Write([]byte(start + strings.Repeat("x", 5000) + end + start + "short" + end + start + strings.Repeat("y", 5000) + end))
		pw.Close()
	}()
	cuts := 0
	r := New(pr, 100, func() { cuts++ })
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	want := start + strings.Repeat("x", 100) + end + start + "short" + end + start + strings.Repeat("y", 100) + end
	if string(out) != want || cuts != 2 {
		t.Errorf("read %d bytes (%d cuts), want %d (2 cuts)", len(out), cuts, len(want))
	}
}

// An ESC followed by nothing for longer than the decoder waits is the
// escape key: what follows it is not a paste, so ctrl+c after it passes.
// In a paste, the end marker ends it however slowly it arrives.
func TestReaderKeepsTheEscTimeout(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	clock := time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC)
	r := New(pr, 100, nil)
	r.now = func() time.Time { return clock }
	buf := make([]byte, 64)
	read := func(typed string, after time.Duration) string {
		t.Helper()
		clock = clock.Add(after)
		if _, err := pw.WriteString(typed); err != nil {
			t.Fatal(err)
		}
		n, err := r.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		return string(buf[:n])
	}
	got := read("\x1b", 0) + read("[200~\x03", 100*time.Millisecond)
	if got != "\x1b[200~\x03" || r.scan.inPaste {
		t.Errorf("ESC, a pause, then [200~: read %q, in a paste %v; want no paste", got, r.scan.inPaste)
	}
	got = read("\x1b", time.Second) + read("[200~abc\x03\x1b[20", 10*time.Millisecond) + read("1~\x03", time.Second)
	if want := start + "abc" + end + "\x03"; got != want {
		t.Errorf("a paste, its end marker slow: read %q, want %q", got, want)
	}
}
