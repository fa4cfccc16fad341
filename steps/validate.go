package steps

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mdmtoken/mdmtoken/token"
	"go.yaml.in/yaml/v3"
)

// FileError is one problem in a guide file, with the line it is on.
type FileError struct {
	File string // path of the file
	Line int    // 1-based; 0 when the problem is the whole file
	Msg  string // what is wrong
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// problem is a validation finding at a path of mapping keys (string) and
// sequence indexes (int) inside a guide file.
type problem struct {
	path []any
	msg  string
}

// The patterns of the YAML library's messages, compiled when a file has a
// problem, not when the program starts.
var (
	lineMsg      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`) })
	unknownField = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^field (\S+) not found in type steps\.(\w+)$`) })
)

// validID reports whether id is lower-case letters, digits and dashes,
// starting with a letter or digit.
func validID(id string) bool {
	for i, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' && i > 0) {
			return false
		}
	}
	return id != ""
}

// guideFile is one guide file. It is decoded once, strictly; its node tree,
// which gives the lines of problems, is parsed only when there is one.
type guideFile struct {
	name   string
	data   []byte
	root   *yaml.Node
	parsed bool
}

// tree is the file's node tree, parsed on first use; nil if it does not
// parse.
func (f *guideFile) tree() *yaml.Node {
	if !f.parsed {
		f.parsed = true
		var root yaml.Node
		if yaml.Unmarshal(f.data, &root) == nil {
			f.root = &root
		}
	}
	return f.root
}

// line is the line of the node at path, 0 if unknown.
func (f *guideFile) line(path []any) int { return lineOf(f.tree(), path) }

// errors places validation problems on their lines.
func (f *guideFile) errors(ps []problem) []error {
	out := make([]error, 0, len(ps))
	for _, p := range ps {
		out = append(out, &FileError{File: f.name, Line: f.line(p.path), Msg: p.msg})
	}
	return out
}

// decode parses the file into v, rejecting unknown fields.
func (f *guideFile) decode(v any) []error {
	dec := yaml.NewDecoder(bytes.NewReader(f.data))
	dec.KnownFields(true)
	err := dec.Decode(v)
	switch {
	case errors.Is(err, io.EOF):
		return []error{&FileError{File: f.name, Msg: "the file is empty"}}
	case err == nil:
		return nil
	}
	if root := f.tree(); root != nil && len(root.Content) > 0 && root.Content[0].Kind != yaml.MappingNode {
		return []error{&FileError{File: f.name, Line: root.Content[0].Line,
			Msg: "a guide must be a mapping with id, name and kinds"}}
	}
	return yamlErrors(f.name, err)
}

// parseGuide decodes one guide file strictly and validates it; every
// problem comes back as a FileError with its line.
func parseGuide[T any](file string, data []byte, validate func(T) []problem) (T, *guideFile, []error) {
	var v T
	f := &guideFile{name: file, data: data}
	errs := f.decode(&v)
	if len(errs) == 0 {
		errs = f.errors(validate(v))
	}
	return v, f, errs
}

// yamlErrors turns a YAML parse or type error into one FileError per line.
func yamlErrors(file string, err error) []error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	out := make([]error, 0, len(msgs))
	for _, m := range msgs {
		fe := &FileError{File: file, Msg: strings.TrimPrefix(m, "yaml: ")}
		if sub := lineMsg().FindStringSubmatch(m); sub != nil {
			fe.Line, _ = strconv.Atoi(sub[1])
			fe.Msg = sub[2]
		}
		if sub := unknownField().FindStringSubmatch(fe.Msg); sub != nil {
			fe.Msg = fmt.Sprintf("unknown field %q in %s (known: %s)", sub[1], typeLabel(sub[2]), strings.Join(knownFields(sub[2]), ", "))
		}
		out = append(out, fe)
	}
	return out
}

// fieldTypes are the types whose fields an unknown-field error lists.
func fieldTypes(name string) (reflect.Type, bool) {
	t, ok := map[string]reflect.Type{
		"Step":         reflect.TypeFor[Step](),
		"Source":       reflect.TypeFor[Source](),
		"CommonError":  reflect.TypeFor[CommonError](),
		"AppleWording": reflect.TypeFor[AppleWording](),
		"Side":         reflect.TypeFor[Side](),
		"Apple":        reflect.TypeFor[Apple](),
		"Portal":       reflect.TypeFor[Portal](),
	}[name]
	return t, ok
}

func typeLabel(name string) string {
	switch name {
	case "Step":
		return "a step"
	case "Source":
		return "a source"
	case "CommonError":
		return "an error"
	case "Side":
		return "a kind (vpp/dep/push)"
	case "AppleWording":
		return "an apple_wording entry"
	}
	return "the guide"
}

func knownFields(name string) []string {
	t, ok := fieldTypes(name)
	if !ok {
		return nil
	}
	var out []string
	for f := range t.Fields() {
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag != "" && tag != "-" {
			out = append(out, tag)
		}
	}
	return out
}

// lineOf finds the line of the node at path (for a mapping key, the key's
// line), or of the deepest part of the path that exists.
func lineOf(root *yaml.Node, path []any) int {
	if root == nil {
		return 0
	}
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, p := range path {
		var next *yaml.Node
		switch key := p.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == key {
						line = n.Content[i].Line
						next = n.Content[i+1]
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && key < len(n.Content) {
				next = n.Content[key]
				line = next.Line
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return line
}

func validateHeader(id, name string) []problem {
	var ps []problem
	switch {
	case id == "":
		ps = append(ps, problem{[]any{"id"}, "id is missing"})
	case !validID(id):
		ps = append(ps, problem{[]any{"id"}, fmt.Sprintf("id %q must be lower-case letters, digits and dashes", id)})
	}
	if strings.TrimSpace(name) == "" {
		ps = append(ps, problem{[]any{"name"}, "name is missing"})
	}
	return ps
}

// guideRules say which guide a file is: an Apple portal's, a built-in
// portal guide or a local playbook. Built-in guides are held to more: every
// step names the source it follows.
type guideRules struct {
	apple   bool
	builtin bool
}

func validateApple(a Apple) []problem {
	ps := validateHeader(a.ID, a.Name)
	if strings.TrimSpace(a.Summary) == "" {
		ps = append(ps, problem{[]any{"summary"}, "summary is missing"})
	}
	return append(ps, validateKinds(a.Kinds, guideRules{apple: true, builtin: true}, false)...)
}

// validateBuiltinPortal validates a portal guide built into the program.
func validateBuiltinPortal(p Portal) []problem {
	return append(validateHeader(p.ID, p.Name), validateKinds(p.Kinds, guideRules{builtin: true}, p.ID == GenericID)...)
}

// validatePlaybook validates a local playbook.
func validatePlaybook(p Portal) []problem {
	return append(validateHeader(p.ID, p.Name), validateKinds(p.Kinds, guideRules{}, false)...)
}

func validateKinds(kinds map[token.Kind]Side, r guideRules, generic bool) []problem {
	if len(kinds) == 0 {
		return []problem{{[]any{"kinds"}, "kinds is missing: give the steps under vpp:, dep: and/or push:"}}
	}
	var ps []problem
	for _, k := range Kinds() {
		if s, ok := kinds[k]; ok {
			ps = append(ps, validateSide([]any{"kinds", string(k)}, k, s, r, generic)...)
		}
	}
	for k := range kinds {
		if !slices.Contains(Kinds(), k) {
			ps = append(ps, problem{[]any{"kinds", string(k)}, fmt.Sprintf("unknown token kind %q (valid: %s)", k, kindIDs())})
		}
	}
	return ps
}

// stepList is one list of a side's steps, with its key in the file.
type stepList struct {
	key   string
	steps []Step
}

func validateSide(at []any, kind token.Kind, s Side, r guideRules, generic bool) []problem {
	var ps []problem
	add := func(msg string, path ...any) {
		ps = append(ps, problem{append(append([]any{}, at...), path...), msg})
	}
	if len(s.Steps) == 0 {
		add("steps is missing: a guide needs at least one step", "steps")
	}
	switch {
	case len(s.Before) > 0 && r.apple:
		add("before belongs in a portal guide: Apple's steps are one list", "before")
	case len(s.Before) > 0 && kind != token.KindPush:
		add("before is only for the push certificate: the MDM steps that get the signing request", "before")
	case len(s.Before) == 0 && kind == token.KindPush && !r.apple:
		add("a push certificate guide needs before: the MDM steps that get the signing request to upload to Apple", "steps")
	}
	sourceIDs := map[string]bool{}
	for i, src := range s.Sources {
		switch {
		case src.ID == "":
		case !validID(src.ID):
			add(fmt.Sprintf("source id %q must be lower-case letters, digits and dashes", src.ID), "sources", i, "id")
		case sourceIDs[src.ID]:
			add(fmt.Sprintf("source id %q is used twice", src.ID), "sources", i, "id")
		}
		sourceIDs[src.ID] = true
	}
	var uploads, downloads []int
	ids := map[string]string{}
	for _, list := range []stepList{{"before", s.Before}, {"steps", s.Steps}} {
		for i, st := range list.steps {
			where := []any{list.key, i}
			if st.Generic != "" {
				ps = append(ps, validateGenericRef(at, where, st, r, generic)...)
			} else if strings.TrimSpace(st.Text) == "" {
				add("step has no text", where...)
			}
			switch {
			case st.ID == "" && r.apple:
				add("an Apple step needs an id (e.g. sign-in, menu, download) for portal guides' apple_wording", where...)
			case st.ID == "" && generic:
				add("a step of the generic guide needs an id: partial guides name it in generic:", where...)
			case st.ID == "":
			case !validID(st.ID):
				add(fmt.Sprintf("step id %q must be lower-case letters, digits and dashes", st.ID), append(where, "id")...)
			default:
				if prev, ok := ids[st.ID]; ok {
					add(fmt.Sprintf("step id %q is already used by %s", st.ID, prev), append(where, "id")...)
				} else {
					ids[st.ID] = fmt.Sprintf("step %d", i+1)
					if list.key == "before" {
						ids[st.ID] = fmt.Sprintf("before step %d", i+1)
					}
				}
			}
			for _, f := range st.From {
				if !sourceIDs[f] || f == "" {
					add(fmt.Sprintf("from: %q is not the id of one of this guide's sources", f), append(where, "from")...)
				}
			}
			if r.builtin && !generic && st.Generic == "" && len(st.From) == 0 && len(s.Sources) > 1 {
				add("this step needs from: the ids of the sources it follows (the guide has several), or generic: a step of the generic guide", where...)
			}
			if list.key == "before" {
				if st.Upload || st.Download {
					add("a before step cannot be an upload or download step: the file is chosen after Apple's steps", where...)
				}
				continue
			}
			if st.Upload {
				uploads = append(uploads, i)
			}
			if st.Download {
				downloads = append(downloads, i)
			}
		}
	}
	if r.apple {
		for _, i := range uploads {
			add("an Apple step cannot be an upload step", "steps", i, "upload")
		}
		switch {
		case len(downloads) != 1:
			add(fmt.Sprintf("the Apple steps need exactly one download: true step, found %d", len(downloads)), "steps")
		case downloads[0] != len(s.Steps)-1:
			add("the download step must be the last Apple step", "steps", downloads[0])
		case kind == token.KindDEP && strings.TrimSpace(s.Steps[downloads[0]].Warning) == "":
			add("the DEP download step needs a warning: a new server token resets the old one", "steps", downloads[0])
		case kind == token.KindPush && !slices.ContainsFunc(s.Steps, func(st Step) bool { return strings.TrimSpace(st.Warning) != "" }):
			add("the push certificate's Apple steps need a warning: Renew, never Create a Certificate", "steps")
		}
	} else {
		for _, i := range downloads {
			add("a portal step cannot be a download step", "steps", i, "download")
		}
		if len(uploads) != 1 && len(s.Steps) > 0 {
			add(fmt.Sprintf("a portal guide needs exactly one upload: true step, found %d", len(uploads)), "steps")
		}
	}
	for i, w := range s.AppleWording {
		switch {
		case r.apple:
			add("apple_wording belongs in a portal guide: an Apple guide words its steps itself", "apple_wording", i)
		case strings.TrimSpace(w.At) == "":
			add("apple_wording needs at: the id of the Apple step it words", "apple_wording", i)
		case strings.TrimSpace(w.Text) == "":
			add("apple_wording needs text: how this portal's guide words the step", "apple_wording", i)
		}
	}
	for i, c := range s.Caveats {
		if strings.TrimSpace(c) == "" {
			add("empty caveat", "caveats", i)
		}
	}
	for i, e := range s.Errors {
		if strings.TrimSpace(e.Symptom) == "" || strings.TrimSpace(e.Cause) == "" || strings.TrimSpace(e.Fix) == "" {
			add("an error needs symptom, cause and fix", "errors", i)
		}
	}
	if len(s.Sources) == 0 {
		add("sources is missing: name the document the steps follow", "sources")
	}
	dated := false
	for i, src := range s.Sources {
		if strings.TrimSpace(src.Title) == "" && strings.TrimSpace(src.URL) == "" {
			add("a source needs a title or url", "sources", i)
		}
		if strings.TrimSpace(src.Date) == "" {
			add(`a source needs a date: the date or version it shows, or "undated"`, "sources", i)
		}
		dated = dated || Dated(src.Date)
	}
	if r.apple && len(s.Sources) > 0 && !dated {
		add("at least one source needs a date or version", "sources")
	}
	return ps
}

// validateGenericRef checks a step that stands for a step of the generic
// guide: it carries nothing of its own but the upload mark, so no vendor
// words can hide in it.
func validateGenericRef(at, where []any, st Step, r guideRules, generic bool) []problem {
	path := append(append(append([]any{}, at...), where...), "generic")
	switch {
	case r.apple:
		return []problem{{path, "generic: is for portal guides; every Apple step follows a source"}}
	case generic:
		return []problem{{path, "the generic guide's steps are generic already: leave out generic:"}}
	case st.Text != "" || st.Detail != "" || st.Note != "" || st.Warning != "" || st.ID != "" || len(st.From) > 0:
		return []problem{{path, fmt.Sprintf("a generic step takes its words from the generic guide's step %q: leave out text, detail, note, warning, id and from", st.Generic)}}
	}
	return nil
}

// Dated reports whether a source's date field holds a date or version rather
// than "undated".
func Dated(date string) bool { return strings.ContainsAny(date, "0123456789") }
