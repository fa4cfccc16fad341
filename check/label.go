package check

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mdmtoken/mdmtoken/token"
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

// TextLabel is how a file's path appears in text output, on a terminal:
// its FileLabel when that shows as it is, else the path quoted with Go's
// escapes ("new\nline.p7m"), so that a line break, an escape sequence or a
// bidirectional control in a name is seen and never acted on, and names
// that differ only in such characters stay apart.
func TextLabel(path string) string {
	label := FileLabel(path)
	if token.Printable(label) == label {
		return label
	}
	return token.Printable(strconv.Quote(path))
}
