//go:build linux || darwin

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/internal/rsafloor"
	"github.com/mdmtoken/mdmtoken/sample"
)

// maxRSS is the peak resident memory of an ended process, in MB.
func maxRSS(cmd *exec.Cmd) float64 {
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return float64(ru.Maxrss) / (1 << 20) // bytes
	}
	return float64(ru.Maxrss) / (1 << 10) // KiB
}

func median[T int | time.Duration | float64](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// selfCPU is the processor time this process has used so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runCheckOnce runs mdmtoken check with args and fails unless it ends with
// status code.
func runCheckOnce(b *testing.B, bin string, code int, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, append([]string{"check"}, args...)...)
	cmd.Env = env(b.TempDir())
	out, err := cmd.Output()
	if got := cmd.ProcessState.ExitCode(); got != code {
		b.Fatalf("check %v: exit status %d (%v), want %d\n%s", args, got, err, code, out)
	}
	return cmd
}

// BenchmarkCheckLinkTreeMemory checks a tree of 5 folders of one token
// each, every folder linked 20 times from the one before: 160,000 paths to
// the last folder when links are followed path by path, 5 files when each
// folder is visited once. The anchor is a check of one file. maxrss-MB is
// the process's peak resident memory.
func BenchmarkCheckLinkTreeMemory(b *testing.B) {
	bin := binary(b)
	root := b.TempDir()
	const levels, links = 5, 20
	dir := func(i int) string { return filepath.Join(root, fmt.Sprintf("level%d", i)) }
	token := sample.VPP("Fixture Org", time.Now().AddDate(1, 0, 0))
	for i := range levels {
		if err := os.MkdirAll(dir(i), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir(i), fmt.Sprintf("sToken_for_L%d.vpptoken", i)), token, 0o600); err != nil {
			b.Fatal(err)
		}
		for j := 0; i > 0 && j < links; j++ {
			if err := os.Symlink(dir(i), filepath.Join(dir(i-1), fmt.Sprintf("link%02d", j))); err != nil {
				b.Skipf("symbolic links: %v", err)
			}
		}
	}
	one := filepath.Join(dir(0), "sToken_for_L0.vpptoken")
	for _, c := range []struct {
		name string
		path string
	}{{"one-file", one}, {"link-tree", dir(0)}} {
		b.Run(c.name, func(b *testing.B) {
			var peak float64
			for b.Loop() {
				peak = max(peak, maxRSS(runCheckOnce(b, bin, 0, "--format", "json", c.path)))
			}
			b.ReportMetric(peak, "maxrss-MB")
		})
	}
}

// depFolder writes n DEP tokens for a new MDM identity and its certificate
// and key; it returns the folder of tokens and the identity's files.
func depFolder(b *testing.B, n int) (dir, cert, key string, id *sample.Identity) {
	id, err := sample.NewIdentity("bench-mdm", 1)
	if err != nil {
		b.Fatal(err)
	}
	base := b.TempDir()
	dir = filepath.Join(base, "tokens")
	if err := os.Mkdir(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	for i := range n {
		data, err := sample.DEP(id, now.AddDate(1, 0, 0), sample.DEPOptions{Seed: uint64(i + 1)})
		if err != nil {
			b.Fatal(err)
		}
		name := sample.DEPFileName(fmt.Sprintf("Server %04d", i), now.Add(-time.Hour))
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	cert, key = filepath.Join(base, "cert.pem"), filepath.Join(base, "key.pem")
	if err := os.WriteFile(cert, id.CertPEM(), 0o600); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(key, id.KeyPEM(), 0o600); err != nil {
		b.Fatal(err)
	}
	return dir, cert, key, id
}

// floorRounds is how many times BenchmarkCheckProcessDEPAgainstRSAFloor
// runs the floor and the check in one iteration, so that even one
// iteration gives a median of ratios.
const floorRounds = 5

// BenchmarkCheckProcessDEPAgainstRSAFloor runs the mdmtoken binary over
// 1,000 DEP tokens with the MDM's certificate and key (start, key loading,
// walk, 1,000 decryptions on 2 workers, text output) and, side by side,
// the floor of that work: 1,000 bare RSA-2048 PKCS#1 v1.5 decryptions on 2
// goroutines in this process, each right before the check, floorRounds
// times per iteration. check/floor is the median ratio of their wall
// times, check-cpu/floor-cpu that of the processor time each used: above
// 1, the check does more work than the floor; below check/floor, it
// leaves a CPU idle some of the time. floor-ms and check-ms are medians.
func BenchmarkCheckProcessDEPAgainstRSAFloor(b *testing.B) {
	const files, workers = 1000, 2
	bin := binary(b)
	dir, cert, key, id := depFolder(b, files)
	floorRun, err := rsafloor.New(id.Key)
	if err != nil {
		b.Fatal(err)
	}
	var floorTimes, checkTimes []time.Duration
	var wallRatios, cpuRatios []float64
	for b.Loop() {
		for range floorRounds {
			t0, c0 := time.Now(), selfCPU()
			if err := floorRun.Run(files, workers); err != nil {
				b.Fatal(err)
			}
			t1, c1 := time.Now(), selfCPU()
			cmd := runCheckOnce(b, bin, 0, "--expect", "dep", "--cert", cert, "--key", key, dir)
			floor, check := t1.Sub(t0), time.Since(t1)
			cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			floorTimes, checkTimes = append(floorTimes, floor), append(checkTimes, check)
			wallRatios = append(wallRatios, float64(check)/float64(floor))
			cpuRatios = append(cpuRatios, float64(cpu)/float64(c1-c0))
		}
	}
	b.ReportMetric(median(wallRatios), "check/floor")
	b.ReportMetric(median(cpuRatios), "check-cpu/floor-cpu")
	b.ReportMetric(float64(median(floorTimes).Microseconds())/1000, "floor-ms")
	b.ReportMetric(float64(median(checkTimes).Microseconds())/1000, "check-ms")
}
