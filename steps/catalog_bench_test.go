package steps

import "testing"

// BenchmarkBuiltin measures getting the built-in catalog, as every command
// that shows a guide does once at start: the generated values, copied.
func BenchmarkBuiltin(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Builtin(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseBuiltin measures loading and validating the guides of
// data/ from YAML, the work the generated values save at run time.
func BenchmarkParseBuiltin(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseBuiltin(); err != nil {
			b.Fatal(err)
		}
	}
}
