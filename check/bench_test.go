package check

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/mdmtoken/mdmtoken/sample"
)

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
				reports, err := Run(context.Background(), []string{dir}, now, Config{Workers: workers})
				if err != nil {
					b.Fatal(err)
				}
				if len(reports) != 1000 {
					b.Fatalf("%d reports", len(reports))
				}
				if err := WriteText(io.Discard, reports, now, colorprofile.NoTTY); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
