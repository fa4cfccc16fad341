package check

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mdmtoken/mdmtoken/token"
)

// FileLabel is how a file's path appears in JSON, and the start of its
// label in text and Prometheus output (TextLabel). A path that is valid
// UTF-8 is its own label, as JSON carries any such text exactly (with
// token.SafeJSON's escapes). A path with bytes that are not UTF-8, which
// JSON cannot carry, is quoted with Go's escapes ("a\xff.p7m"), and so is a
// path that starts with a double quote. So no two paths share a label, and
// strconv.Unquote gives the path back from a quoted one.
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
