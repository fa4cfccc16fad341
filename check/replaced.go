package check

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mdmtoken/mdmtoken/internal/textwrap"
	"github.com/mdmtoken/mdmtoken/token"
)

// replacedGroup is the tokens of one credential in one folder, newest
// first: DEP server tokens of one server (by Apple's file names) encrypted
// for the same MDM certificate, content tokens of one location of an
// organization, or push certificates of one topic.
type replacedGroup struct {
	label    string
	files    []token.Report
	replaced []string // the files the newest replaces, in the group's order
	copies   []string // the files as new as the newest (a copy of it): not replaced
}

// replacement is what the tokens of one check say of each other: each
// download replaces the earlier tokens of its server or location, so that
// only the newest can be the one in use.
type replacement struct {
	groups []replacedGroup   // the groups in which a token is replaced
	newer  map[string]string // each replaced token's file: the file of the newest of its group
}

// replacementOf finds the tokens that a newer one in the same folder
// replaces. A token belongs to a group when it was judged as that server's
// or location's token (ok, expiring, stale, expired, repaired, unverified;
// not invalid, of the wrong kind or server, or a mismatch); the older ones
// of a group are replaced only when its newest is usable, so that a broken
// or expired newest hides nothing.
func replacementOf(reports []token.Report) replacement {
	rp := replacement{newer: map[string]string{}}
	var order []string
	groups := map[string]*replacedGroup{}
	cwd, _ := os.Getwd() // for files named by a relative path
	for _, r := range reports {
		key, label, ok := groupOf(r, cwd)
		if !ok {
			continue
		}
		if groups[key] == nil {
			groups[key] = &replacedGroup{label: label}
			order = append(order, key)
		}
		groups[key].files = append(groups[key].files, r)
	}
	for _, k := range order {
		g := groups[k]
		if len(g.files) < 2 {
			continue
		}
		slices.SortStableFunc(g.files, func(a, b token.Report) int { return token.MadeAt(b).Compare(token.MadeAt(a)) })
		first := g.files[0]
		if !first.Status.Usable() {
			continue
		}
		for _, r := range g.files[1:] {
			if r.SHA256 == first.SHA256 && r.SHA256 != "" || token.MadeAt(r).Equal(token.MadeAt(first)) {
				g.copies = append(g.copies, r.File)
				continue
			}
			g.replaced = append(g.replaced, r.File)
			rp.newer[r.File] = first.File
		}
		if len(g.replaced) > 0 {
			rp.groups = append(rp.groups, *g)
		}
	}
	return rp
}

// groupOf is the key and the label of the group a report belongs to, if
// any: its folder (as an absolute path, however the file was named; cwd
// is the working directory) and its server, location or push topic.
func groupOf(r token.Report, cwd string) (key, label string, ok bool) {
	if !r.Status.AsToken() {
		return "", "", false
	}
	if key = token.CredentialKey(r); key == "" {
		return "", "", false
	}
	switch r.Kind {
	case token.KindDEP:
		label = `DEP server "` + token.Printable(r.Server) + `"`
	case token.KindVPP:
		label = `VPP location "` + token.Printable(r.LocationName()) + `"`
	default:
		label = `push topic "` + token.Printable(r.Topic) + `"`
	}
	dir := filepath.Dir(r.File)
	if !filepath.IsAbs(dir) && cwd != "" {
		dir = filepath.Join(cwd, dir)
	}
	return dir + "\x00" + key, label, true
}

// apply is reports with the status of each replaced token set to
// StatusReplaced.
func (rp replacement) apply(reports []token.Report) []token.Report {
	if len(rp.newer) == 0 {
		return reports
	}
	out := slices.Clone(reports)
	for i := range out {
		if rp.newer[out[i].File] != "" {
			out[i].Status = StatusReplaced
		}
	}
	return out
}

// replacedNote is what a replaced token's block and JSON object say in
// place of what the file alone would get (renew it soon, upload it); newer
// is the file that replaces it.
func replacedNote(r token.Report, newer string) (what, todo string) {
	name := token.Printable(filepath.Base(newer))
	switch r.Kind {
	case token.KindVPP:
		what = "by " + name + ", a later download for the same location: only the newest can be the token in use"
	case token.KindPush:
		what = "by " + name + ", its renewal (the same topic, a later expiry): only the newest can be the certificate in use"
	default:
		what = "by " + name + ", downloaded later for the same MDM server: only the newest can be the token in use"
	}
	again := "do not download again for it"
	if r.Kind == token.KindPush {
		again = "do not renew it again"
	}
	return what, "Nothing: " + again + " and do not upload it. Clear it out, or it is next year's wrong pick."
}

// replacedText sums up, after the blocks, the groups in which a token is
// replaced; empty when there are none. checked are the files checked, when
// the newest of a group may be a file beside the one named, not checked
// itself (newerBeside); nil when every file in the groups was checked.
func (t textLayout) replacedText(groups []replacedGroup, checked map[string]bool) string {
	if len(groups) == 0 {
		return ""
	}
	names := func(files []string) string {
		out := make([]string, len(files))
		for i, f := range files {
			out[i] = token.Printable(filepath.Base(f))
		}
		return strings.Join(out, ", ")
	}
	push, tokens := false, false
	for _, g := range groups {
		if g.files[0].Kind == token.KindPush {
			push = true
		} else {
			tokens = true
		}
	}
	head, rule := "Several tokens of one server or location were checked:", "Each download replaces the earlier tokens of its server or location"
	switch {
	case push && tokens:
		head, rule = "Several tokens of one server or location, or push certificates of one topic, were checked:", rule+", and each renewal the push certificate it renews"
	case push:
		head, rule = "Several push certificates of one topic were checked:", "Each renewal replaces the push certificate it renews"
	}
	if checked != nil {
		head = "A newer token of its server or location is beside the file checked:"
		if push {
			head = "A newer push certificate of its topic is beside the file checked:"
		}
	}
	var b strings.Builder
	b.WriteString(textwrap.Line(head, t.width, 0) + "\n")
	for _, g := range groups {
		replaced := g.replaced
		if checked != nil {
			replaced = slices.DeleteFunc(slices.Clone(replaced), func(f string) bool { return !checked[f] })
		}
		line := g.label + ": " + names([]string{g.files[0].File}) + "; replaced by it: " + names(replaced)
		if len(g.copies) > 0 {
			line += "; as new as it (a copy): " + names(g.copies)
		}
		b.WriteString(textwrap.Hanging("  ", line, t.width, 4) + "\n")
	}
	b.WriteString(textwrap.Line(rule+": only the newest can be the one in use. "+
		"Clear the replaced ones out, or they are next year's wrong pick.", t.width, 0) + "\n")
	return b.String()
}
