package check

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFileLabel(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"/srv/tokens/sToken_for_Main Campus.vpptoken", "/srv/tokens/sToken_for_Main Campus.vpptoken"},
		{`C:\Users\it\Downloads\x.p7m`, `C:\Users\it\Downloads\x.p7m`},
		{"Café_Token_2026.p7m", "Café_Token_2026.p7m"},
		{"a\xff.vpptoken", `"a\xff.vpptoken"`},
		{"a\xfe.vpptoken", `"a\xfe.vpptoken"`},
		{"a\uFFFD.vpptoken", "a\uFFFD.vpptoken"},   // the character itself, not a stand-in
		{"new\nline\x1b[31m", "new\nline\x1b[31m"}, // exact in JSON and Prometheus; text output cleans it
		{`"a\xff.vpptoken"`, `"\"a\\xff.vpptoken\""`},
	} {
		if got := FileLabel(tc.path); got != tc.want {
			t.Errorf("FileLabel(%q) = %s, want %s", tc.path, got, tc.want)
		}
	}
}

// FuzzFileLabel: every label is valid UTF-8 and gives its path back, so no
// two paths share a label.
func FuzzFileLabel(f *testing.F) {
	for _, s := range []string{"a.p7m", "a\xff", "\"", "\"a\"", `\x41`, "\u202e", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		label := FileLabel(path)
		if !utf8.ValidString(label) {
			t.Fatalf("label %q of %q is not UTF-8", label, path)
		}
		back := label
		if strings.HasPrefix(label, `"`) {
			var err error
			if back, err = strconv.Unquote(label); err != nil {
				t.Fatalf("label %q of %q: %v", label, path, err)
			}
		}
		if back != path {
			t.Fatalf("label %q gives %q back, not %q", label, back, path)
		}
	})
}
