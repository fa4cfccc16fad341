package check

import (
	"fmt"

	"github.com/mdmtoken/mdmtoken/token"
)

// StatusNoneFound is the status of a folder given in which no file was
// judged: no token or push certificate, no file named like one, no
// problem. It is a check's verdict on a folder, never the token engine's
// on a file.
const StatusNoneFound token.Status = "none-found"

// StatusReplaced is the status of a token that a newer download of its
// DEP server or VPP location, or a push certificate's renewal, in the same
// folder replaces: whatever the file alone would be, it cannot be the
// token in use and there is nothing to do with it, so for a check it
// counts as fine (Severity). A check gives it once every file has been
// seen; the wizard gives it too, where it is a problem (the file is not
// one to upload).
const StatusReplaced = token.StatusReplaced

// SeverityUnknown is the severity of StatusNoneFound: the check could not
// judge what it was asked to, as a monitoring plugin's UNKNOWN (exit 3).
// It ranks below a problem and above a warning.
const SeverityUnknown token.Severity = 3

// Severity is how bad status s is: token.Status.Severity, SeverityUnknown
// for StatusNoneFound and SeverityOK for StatusReplaced.
func Severity(s token.Status) token.Severity {
	switch s {
	case StatusNoneFound:
		return SeverityUnknown
	case StatusReplaced:
		return token.SeverityOK
	}
	return s.Severity()
}

// rank orders severities from fine to bad: ok, warning, unknown, problem.
func rank(s token.Severity) int {
	switch s {
	case token.SeverityOK:
		return 0
	case token.SeverityWarning:
		return 1
	case SeverityUnknown:
		return 2
	}
	return 3
}

// worse reports whether severity a is worse than b.
func worse(a, b token.Severity) bool { return rank(a) > rank(b) }

// lookedFor names what a check looks for in a folder.
const lookedFor = "VPP content token, DEP server token or APNs push certificate"

// tally follows the results in the walk's order, to tell at the end of a
// folder given whether anything in it was judged.
type tally struct {
	expect  token.Kind  // the kind the check expects; empty for any
	judged  []bool      // by entry index: judged, or would be if found in a folder
	byRoot  map[int]int // judged entries by path index
	related map[int]int // related files by path index
	skipped map[int]int // skipped files by path index
}

// add records the result r of entry e and returns the result to emit, if
// any: r itself, or at the end of a folder in which nothing was judged,
// the folder's RoleNoneFound result.
func (t *tally) add(e Entry, r Result) (Result, bool) {
	if t.byRoot == nil {
		t.byRoot, t.related, t.skipped = make(map[int]int), make(map[int]int), make(map[int]int)
	}
	t.judged = append(t.judged, !e.End && roleOf(Entry{Path: e.Path, Err: e.Err, Found: true}, r.Report, t.expect) == RoleJudged)
	if !e.End {
		switch r.Role {
		case RoleJudged:
			t.byRoot[e.Root]++
		case RoleRelated:
			t.related[e.Root]++
		case RoleSkipped:
			t.skipped[e.Root]++
		}
		return r, true
	}
	judged := t.byRoot[e.Root]
	for _, i := range e.Seen {
		if i >= 0 && i < len(t.judged) && t.judged[i] {
			judged++
		}
	}
	for _, root := range e.Within {
		judged += t.byRoot[root]
	}
	if judged > 0 {
		return Result{}, false
	}
	related, skipped := t.related[e.Root], t.skipped[e.Root]
	empty := related+skipped == 0 && len(e.Seen) == 0 && len(e.Within) == 0
	return Result{Report: noneFound(e.Path, related, skipped), Role: RoleNoneFound, empty: empty}, true
}

// noneFound is the report on a folder in which nothing was judged, with
// the number of related and other files set aside in it.
func noneFound(path string, related, skipped int) token.Report {
	held := "it holds no files (hidden ones, whose names start with a dot, are not looked at)"
	if related+skipped > 0 {
		held = setAside(related, skipped)
	}
	return token.Report{
		File:    path,
		Kind:    token.KindUnknown,
		Status:  StatusNoneFound,
		Message: "No " + lookedFor + " in this folder: " + held,
		Action:  "Name the folder the token or certificate was downloaded to, or the file itself",
	}
}

// setAside words the files set aside: "2 related files not judged and 3
// other files skipped (not tokens or certificates)".
func setAside(related, skipped int) string {
	var s string
	if related > 0 {
		s = plural(related, "related file") + " not judged"
	}
	if skipped > 0 {
		if s != "" {
			s += " and "
		}
		s += plural(skipped, "other file") + " skipped (not tokens or certificates)"
	}
	return s
}

// plural is n and noun, with an s unless n is 1: "1 file", "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
