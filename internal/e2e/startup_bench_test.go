//go:build linux

package e2e

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

var (
	miniteaOnce sync.Once
	miniteaPath string
	miniteaErr  error
)

// minitea builds testdata/minitea, the smallest Bubble Tea v2 program with
// a menu like the wizard's first screen, once per run, with the same
// toolchain and flags as mdmtoken.
func minitea(tb testing.TB) string {
	tb.Helper()
	bin := binary(tb) // also makes buildDir
	miniteaOnce.Do(func() {
		miniteaPath = filepath.Join(filepath.Dir(bin), "minitea")
		out, err := exec.Command("go", "build", "-o", miniteaPath, "./testdata/minitea").CombinedOutput()
		if err != nil {
			miniteaErr = &exec.Error{Name: "go build minitea: " + string(out), Err: err}
		}
	})
	if miniteaErr != nil {
		tb.Fatal(miniteaErr)
	}
	return miniteaPath
}

// firstFrame is one start of a program in an 80x24 pseudo-terminal whose
// emulator answers queries as a terminal would.
type firstFrame struct {
	took     time.Duration // from start to the first screen showing the text
	rss, hwm int           // resident memory once idle after it, and its peak, in KiB
}

// startToFrame starts bin, waits until its screen shows text, lets it go
// idle, reads its memory from /proc and ends it with ctrl+c.
func startToFrame(tb testing.TB, bin string, args, environ []string, text string) firstFrame {
	tb.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		tb.Skipf("no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: 80, Rows: 24}); err != nil {
		tty.Close()
		tb.Skipf("cannot size the pseudo-terminal: %v", err)
	}
	emu := vt.NewEmulator(80, 24)
	var mu sync.Mutex
	shown := make(chan struct{})
	var once sync.Once
	cmd := exec.Command(bin, args...)
	cmd.Env, cmd.Dir = environ, tb.TempDir()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		tty.Close()
		tb.Fatal(err)
	}
	var took time.Duration
	var lastWrite time.Time
	pumped := make(chan struct{})
	go func() {
		defer close(pumped)
		buf := make([]byte, 32*1024)
		for {
			n, err := ptmx.Read(buf)
			if n > 0 {
				mu.Lock()
				_, _ = emu.Write(buf[:n])
				lastWrite = time.Now()
				if strings.Contains(emu.String(), text) {
					once.Do(func() { took = time.Since(start); close(shown) })
				}
				mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	go func() { // the emulator's replies to the program's queries
		buf := make([]byte, 4096)
		for {
			n, err := emu.Read(buf)
			if n > 0 {
				_, _ = ptmx.Write(bytes.Clone(buf[:n]))
			}
			if err != nil {
				return
			}
		}
	}()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	defer func() {
		if c, ok := emu.InputPipe().(io.Closer); ok {
			_ = c.Close()
		}
	}()
	select {
	case <-shown:
	case err := <-waited:
		tty.Close()
		tb.Fatalf("%s ended before showing %q: %v", filepath.Base(bin), text, err)
	case <-time.After(waitTimeout):
		_ = cmd.Process.Kill()
		<-waited
		tty.Close()
		tb.Fatalf("%s did not show %q", filepath.Base(bin), text)
	}
	// Idle: nothing written for 100 ms.
	for {
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		quiet := time.Since(lastWrite) > 100*time.Millisecond
		mu.Unlock()
		if quiet {
			break
		}
	}
	f := firstFrame{took: took}
	f.rss, f.hwm = procMemory(tb, cmd.Process.Pid)
	_, _ = ptmx.Write([]byte("\x03"))
	select {
	case <-waited:
	case <-time.After(waitTimeout):
		_ = cmd.Process.Kill()
		<-waited
	}
	tty.Close()
	<-pumped
	return f
}

// procMemory reads VmRSS and VmHWM (KiB) of a running process.
func procMemory(tb testing.TB, pid int) (rss, hwm int) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		switch k {
		case "VmRSS":
			rss = n
		case "VmHWM":
			hwm = n
		}
	}
	return rss, hwm
}

// startRounds is how many times each program starts in one iteration of
// BenchmarkStartToFirstFrame, so that even one iteration (a start takes
// about 130 ms with the idle wait) gives a median that a stray slow start
// does not move.
const startRounds = 11

// BenchmarkStartToFirstFrame is the mdmtoken binary's start to its first
// screen in a pseudo-terminal (80x24, an emulator answering queries) with
// no history, no saved place and no flags, against minitea, the smallest
// Bubble Tea v2 program with the same menu, built in the same run and
// started alternately with it, startRounds times per iteration. It reports the medians of the start to the
// first frame, of the resident memory once idle after it (VmRSS) and of
// its peak (VmHWM), and their ratios to minitea's. The same for minitea
// drawing characters past U+02FF (glyphs-*: ─ ↑ ↓ •) shows what Bubble
// Tea's renderer pays for them on a terminal without Unicode core mode:
// it measures them with go-runewidth, whose width table is 2 MB. The
// wizard's first screen draws none (ui TestFirstFrameLaidOutOnce).
func BenchmarkStartToFirstFrame(b *testing.B) {
	bin, mini := binary(b), minitea(b)
	var ours, anchor, glyphs []firstFrame
	for b.Loop() {
		for range startRounds {
			anchor = append(anchor, startToFrame(b, mini, nil, env(b.TempDir()), "Check a file"))
			glyphs = append(glyphs, startToFrame(b, mini, []string{"glyphs"}, env(b.TempDir()), "Check a file"))
			ours = append(ours, startToFrame(b, bin, nil, env(b.TempDir()), "Check a file"))
		}
	}
	pick := func(fs []firstFrame, f func(firstFrame) int) float64 {
		xs := make([]int, len(fs))
		for i, x := range fs {
			xs[i] = f(x)
		}
		return float64(median(xs))
	}
	took := func(x firstFrame) int { return int(x.took.Microseconds()) }
	rss := func(x firstFrame) int { return x.rss }
	hwm := func(x firstFrame) int { return x.hwm }
	b.ReportMetric(pick(ours, took)/1000, "wizard-ms")
	b.ReportMetric(pick(anchor, took)/1000, "minitea-ms")
	b.ReportMetric(pick(ours, took)/pick(anchor, took), "frame-ratio")
	b.ReportMetric(pick(ours, rss)/1024, "wizard-rss-MB")
	b.ReportMetric(pick(anchor, rss)/1024, "minitea-rss-MB")
	b.ReportMetric(pick(ours, rss)/pick(anchor, rss), "rss-ratio")
	b.ReportMetric(pick(ours, hwm)/1024, "wizard-hwm-MB")
	b.ReportMetric(pick(anchor, hwm)/1024, "minitea-hwm-MB")
	b.ReportMetric(pick(ours, took)/pick(glyphs, took), "glyphs-frame-ratio")
	b.ReportMetric(pick(glyphs, rss)/1024, "glyphs-rss-MB")
	b.ReportMetric(pick(ours, rss)/pick(glyphs, rss), "glyphs-rss-ratio")
}

// BenchmarkCheckOneFileAgainstOpenSSL is one process per DEP token: mdmtoken
// check with the MDM's certificate and key, and openssl smime -decrypt of
// the same file with the same key, started alternately in one loop. It
// reports the medians of their wall times and the ratio.
func BenchmarkCheckOneFileAgainstOpenSSL(b *testing.B) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		b.Skip("no openssl here: nothing to compare with")
	}
	bin := binary(b)
	dir, cert, key, _ := depFolder(b, 1)
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		b.Fatalf("token folder: %v", err)
	}
	file := filepath.Join(dir, entries[0].Name())
	environ := env(b.TempDir())
	timed := func(name string, args ...string) time.Duration {
		cmd := exec.Command(name, args...)
		cmd.Env = environ
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%s: %v\n%s", filepath.Base(name), err, out)
		}
		return time.Since(start)
	}
	var ours, anchor []time.Duration
	for b.Loop() {
		anchor = append(anchor, timed(openssl, "smime", "-decrypt", "-in", file, "-inkey", key, "-recip", cert))
		ours = append(ours, timed(bin, "check", "--expect", "dep", "--cert", cert, "--key", key, file))
	}
	b.ReportMetric(float64(median(ours).Microseconds())/1000, "mdmtoken-ms")
	b.ReportMetric(float64(median(anchor).Microseconds())/1000, "openssl-ms")
	b.ReportMetric(float64(median(ours))/float64(median(anchor)), "ratio")
}
