package check

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// FileLabel is how a file's path appears in every output (text, JSON,
// Prometheus). A path that is valid UTF-8 is its own label, as JSON and
// Prometheus carry any such text exactly (text output then makes control
// characters harmless). A path with bytes that are not UTF-8, which those
// formats cannot carry, is quoted with Go's escapes ("a\xff.p7m"), and so is
// a path that starts with a double quote. So no two paths share a label,
// and strconv.Unquote gives the path back from a quoted one.
func FileLabel(path string) string {
	if utf8.ValidString(path) && !strings.HasPrefix(path, `"`) {
		return path
	}
	return strconv.Quote(path)
}
