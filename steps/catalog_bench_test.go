package steps

import "testing"

// BenchmarkBuiltin measures loading and validating the built-in catalog,
// as every command that shows a guide does once at start.
func BenchmarkBuiltin(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Builtin(); err != nil {
			b.Fatal(err)
		}
	}
}
