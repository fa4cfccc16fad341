package check

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/mdmtoken/mdmtoken/internal/rsafloor"
	"github.com/mdmtoken/mdmtoken/sample"
	"github.com/mdmtoken/mdmtoken/token"
)

// checkDir runs a whole check of dir as mdmtoken check does: walk, inspect
// and write the output in format f, and returns how many files it reported.
func checkDir(b *testing.B, dir string, now time.Time, cfg Config, f Format) int {
	out := NewOutput(io.Discard, f, now, colorprofile.NoTTY, 0)
	n := 0
	err := Run(context.Background(), []string{dir}, now, cfg, func(r token.Report) error {
		n++
		return out.Add(r)
	})
	if err == nil {
		err = out.Close()
	}
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkCheck1000 checks a folder of 1,000 VPP content tokens with the
// real token engine and writes the text report, as mdmtoken check does.
func BenchmarkCheck1000(b *testing.B) {
	dir := b.TempDir()
	now := time.Now()
	for i := range 1000 {
		org := fmt.Sprintf("Org %04d", i)
		data := sample.VPP(org, now.Add(time.Duration(i)*24*time.Hour))
		name := filepath.Join(dir, fmt.Sprintf("sub%02d", i%20), fmt.Sprintf("sToken_for_Location %04d.vpptoken", i))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(name, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	for _, workers := range []int{0, 1} {
		name := "workers=cpus"
		if workers == 1 {
			name = "workers=1"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if n := checkDir(b, dir, now, Config{Workers: workers}, FormatText); n != 1000 {
					b.Fatalf("%d reports", n)
				}
			}
		})
	}
}

// BenchmarkCheckDEPWithKeyAgainstRSAFloor checks 1,000 DEP server tokens
// with the MDM's certificate and key (each one decrypted) and, in the same
// loop, runs the bare RSA-2048 decryptions that are the floor of that work:
// one PKCS#1 v1.5 decryption per token, on as many workers. check/floor is
// the wall time of the whole check (walk, inspection, text output) over the
// floor's, measured side by side so that other load on the machine weighs
// on both alike.
func BenchmarkCheckDEPWithKeyAgainstRSAFloor(b *testing.B) {
	const files = 1000
	id, err := sample.NewIdentity("bench-mdm", 1)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	now := time.Now()
	for i := range files {
		data, err := sample.DEP(id, now.AddDate(1, 0, 0), sample.DEPOptions{Seed: uint64(i + 1)})
		if err != nil {
			b.Fatal(err)
		}
		name := sample.DEPFileName(fmt.Sprintf("Server %04d", i), now.Add(-time.Hour))
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	floorRun, err := rsafloor.New(id.Key)
	if err != nil {
		b.Fatal(err)
	}
	floor := func(workers int) {
		if err := floorRun.Run(files, workers); err != nil {
			b.Fatal(err)
		}
	}
	cfg := Config{Cert: id.Cert, Key: id.Key, Expect: token.KindDEP}
	// The default (0: one worker per CPU and one more) against the floor
	// on every CPU, then as many workers as the floor has.
	for _, c := range []struct {
		name                  string
		floorWorkers, workers int
	}{{"workers=default", runtime.GOMAXPROCS(0), 0}, {"workers=2", 2, 2}, {"workers=1", 1, 1}} {
		b.Run(c.name, func(b *testing.B) {
			cfg.Workers = c.workers
			var floorTime, checkTime, floorCPU, checkCPU time.Duration
			for b.Loop() {
				t0, c0 := time.Now(), cpuTime()
				floor(c.floorWorkers)
				t1, c1 := time.Now(), cpuTime()
				if n := checkDir(b, dir, now, cfg, FormatText); n != files {
					b.Fatalf("%d reports", n)
				}
				floorTime += t1.Sub(t0)
				checkTime += time.Since(t1)
				floorCPU += c1 - c0
				checkCPU += cpuTime() - c1
			}
			b.ReportMetric(float64(checkTime)/float64(floorTime), "check/floor")
			b.ReportMetric(float64(checkCPU)/float64(floorCPU), "check-cpu/floor-cpu")
			b.ReportMetric(float64(floorTime.Milliseconds())/float64(b.N), "floor-ms")
			b.ReportMetric(float64(checkTime.Milliseconds())/float64(b.N), "check-ms")
		})
	}
}
