package plain

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/token"
)

// Bounds of the file list: entries read from a folder, entries listed, and
// files inspected for their verdict mark.
const (
	maxRead      = 5000
	maxListed    = 200
	maxInspected = 100
)

// folder is a folder as the file list shows it.
type folder struct {
	dir     string
	entries []renewal.Candidate // listed, in the list's order: the preselected file first
	best    bool                // the first entry is the preselected file
	good    bool                // and it is a right, fresh token
	others  int                 // files not listed: not tokens, or hidden
	more    int                 // entries left out past maxListed or maxRead
	reports map[string]token.Report
	note    string // no file here is good: what the best one lacks
	err     error
}

// readFolder lists dir for the file list: the files and folders in it,
// with what each inspected file is. Only the files listedName takes are
// listed unless all is set; then hidden files too.
func readFolder(l renewal.Lookup, dir string, all bool) folder {
	f := folder{dir: dir, reports: map[string]token.Report{}}
	d, err := os.Open(dir)
	if err != nil {
		f.err = err
		return f
	}
	des, err := d.ReadDir(maxRead)
	d.Close()
	if err != nil && !errors.Is(err, io.EOF) {
		f.err = err
		return f
	}
	if len(des) == maxRead {
		f.more = 1 // at least
	}
	var cands []renewal.Candidate
	for _, e := range des {
		name := e.Name()
		c := renewal.Candidate{Name: name, Dir: e.IsDir()}
		if info, err := os.Stat(filepath.Join(dir, name)); err == nil {
			c.Modified, c.Dir = info.ModTime(), info.IsDir()
		}
		hidden := strings.HasPrefix(name, ".")
		if !all && (hidden || !c.Dir && !l.Related(name)) {
			f.others++
			continue
		}
		cands = append(cands, c)
	}
	l.InspectAll(dir, cands)
	inspectRest(l, dir, cands)
	for _, c := range cands {
		if c.Report != nil {
			f.reports[filepath.Join(dir, c.Name)] = *c.Report
		}
	}
	best, good := l.Preselect(cands)
	if !good {
		f.note = l.Shortfall(cands, best, "this folder", "what each file is shows in the list")
	}
	f.entries, f.best, f.good = listOrder(cands, best), best >= 0, good
	if len(f.entries) > maxListed {
		f.more += len(f.entries) - maxListed
		f.entries = f.entries[:maxListed]
	}
	return f
}

// inspectRest inspects the listed files the lookup left alone (tokens of
// the other kind, and every file when all are listed), newest first, up
// to maxInspected files in all.
func inspectRest(l renewal.Lookup, dir string, cands []renewal.Candidate) {
	var rest []int
	done := 0
	for i, c := range cands {
		switch {
		case c.Report != nil:
			done++
		case !c.Dir && !c.Modified.IsZero():
			rest = append(rest, i)
		}
	}
	slices.SortStableFunc(rest, func(a, b int) int { return cands[b].Modified.Compare(cands[a].Modified) })
	for _, i := range rest[:min(len(rest), max(0, maxInspected-done))] {
		r := l.Inspect(filepath.Join(dir, cands[i].Name))
		cands[i].Report = &r
	}
}

// listOrder is the order of the file list: the preselected file first, so
// that it is the answer to plain Enter, then the other files by name
// regardless of case, then the folders.
func listOrder(cands []renewal.Candidate, best int) []renewal.Candidate {
	var out, files, dirs []renewal.Candidate
	for i, c := range cands {
		switch {
		case i == best:
			out = append(out, c)
		case c.Dir:
			dirs = append(dirs, c)
		default:
			files = append(files, c)
		}
	}
	byName := func(a, b renewal.Candidate) int {
		if c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	}
	slices.SortStableFunc(files, byName)
	slices.SortStableFunc(dirs, byName)
	return append(append(out, files...), dirs...)
}

// kindWord names a kind of file briefly, for the file list.
func kindWord(k token.Kind) string {
	switch k {
	case token.KindVPP, token.KindDEP:
		return k.Noun()
	case token.KindCertificate:
		return "certificate"
	case token.KindPrivateKey:
		return "private key"
	case token.KindPKCS7:
		return "PKCS#7 file"
	case token.KindPush:
		return "APNs push certificate"
	case token.KindPushRequest:
		return "push certificate request"
	case token.KindPKCS12:
		return "PKCS#12 bundle"
	}
	return "not a token"
}

// entryDesc says what a listed file is: its verdict mark and the date that
// matters, the download for a DEP token and the expiry otherwise. Unless
// shown, which in practice a file is only once hinted or chosen, only its
// modification date is said.
func entryDesc(c renewal.Candidate, now time.Time, shown bool) string {
	r := c.Report
	if !shown && !c.Modified.IsZero() {
		return "modified " + renewal.DateOnly(c.Modified)
	}
	if r == nil {
		if c.Modified.IsZero() {
			return "not checked"
		}
		return "not checked, modified " + renewal.DateOnly(c.Modified)
	}
	s := renewal.Badge(r.Status) + ", " + kindWord(r.Kind)
	switch {
	case !r.Downloaded.IsZero():
		s += ", downloaded " + renewal.DateOnly(r.Downloaded) + " (" + renewal.Ago(r.Downloaded, now) + ")"
	case r.HasExpiry() && r.Kind == token.KindCertificate:
		s += ", valid until " + renewal.ExpiryText(*r, now)
	case r.HasExpiry():
		s += ", expires " + renewal.ExpiryText(*r, now)
	case !c.Modified.IsZero():
		s += ", modified " + renewal.DateOnly(c.Modified)
	}
	return s
}

// list is one file list: what it is for and what choosing a file does.
type list struct {
	l              renewal.Lookup
	title, looking string
	paste          bool // p pastes the file's text instead
	// choose takes the file chosen at path; seen are the reports already
	// made for the folder's files.
	choose func(path string, seen map[string]token.Report)
}

// picker lists the folder's files, numbered, with what each is, and takes
// the one chosen; the preselected file is the answer to plain Enter.
// Letters list every file, go up a folder, go to a typed path, paste the
// file's text instead, read the folder again or go back; in practice, v
// shows what a file is, as a hint.
func (s *session) picker() error {
	l := s.r.Lookup()
	title, looking := s.r.PickerTitle(), ""
	if g := s.r.Guide(); g != nil {
		looking = g.FileName
	}
	if s.r.Checking() {
		looking = "a .vpptoken, *_smime.p7m or .pem file"
	}
	return s.fileList(list{l: l, title: title, looking: looking, paste: true,
		choose: func(path string, seen map[string]token.Report) {
			s.reveal(path)
			s.r.FileChecked(l.CheckFile(path, seen))
		}})
}

// certPicker lists the folder's certificate files to choose the MDM's
// certificate from, with which the chosen DEP token's server is checked:
// the token is judged again with it and its verdict shown again.
func (s *session) certPicker() error {
	return s.fileList(list{l: s.r.CertLookup(), title: "Choose the MDM's certificate (its public key)",
		looking: "a .pem, .cer or .crt file; the MDM portal offers it for download",
		choose: func(path string, _ map[string]token.Report) {
			cert, err := renewal.LoadCert(path)
			if err != nil {
				s.note = fmt.Sprintf("%s cannot be used: %s.", token.Printable(filepath.Base(path)), token.Printable(err.Error()))
				return
			}
			s.r.UseCert(cert)
			if c := s.r.Chosen(); c != nil {
				s.r.FileChecked(s.r.Lookup().Recheck(*c))
			}
		}})
}

// reveal marks a file as shown in practice: hinted or chosen.
func (s *session) reveal(path string) {
	if s.revealed == nil {
		s.revealed = map[string]bool{}
	}
	s.revealed[path] = true
}

// fileList shows one file list and applies the answer.
func (s *session) fileList(ls list) error {
	l, p := ls.l, s.p
	f := readFolder(l, s.dir, s.allFiles)
	s.heading(ls.title)
	p.label("Looking for", ls.looking)
	p.name("Folder", f.dir)
	now := s.opts.Now()
	m := menu{}
	switch {
	case f.err != nil:
		p.line("", fmt.Sprintf("Cannot open this folder: %v.", rootCause(f.err)))
	case len(f.entries) == 0 && f.others == 0 && ls.paste:
		p.line("", "This folder is empty. Go to another folder (u or g), start mdmtoken with --dir FOLDER, or paste the file's text (p).")
	case len(f.entries) == 0 && f.others == 0:
		p.line("", "This folder is empty. Go to another folder (u or g).")
	case len(f.entries) == 0:
		p.line("", fmt.Sprintf("No %s here; %s not listed: type a to list every file.", listedWhat(l), renewal.Plural(f.others, "other file")))
	}
	if f.note != "" && len(f.entries) > 0 {
		p.line("", f.note)
	}
	if l.Practice {
		p.line("", "Practice: choose the file you think is right. v shows what a file is, and counts as a hint.")
	}
	for _, c := range f.entries {
		a := answer{label: c.Name, desc: entryDesc(c, now, !l.Practice || s.revealed[filepath.Join(f.dir, c.Name)])}
		if c.Dir {
			a = answer{label: c.Name + "/", desc: "/ folder: choose it to open it"}
		}
		m.numbered = append(m.numbered, a)
	}
	if f.more > 0 {
		p.line("", "The folder has more entries than are listed here; type g to go to a file by its path.")
	}
	if f.best {
		m.def = "1"
	}
	all := answer{key: "a", label: "List every file"}
	if f.others > 0 {
		all.label += fmt.Sprintf(" (%d more not listed: not %s, or hidden)", f.others, listedWhat(l))
	}
	if s.allFiles {
		all.label = "List only " + listedWhat(l)
	}
	m.letters = []answer{all}
	if l.Practice && len(f.entries) > 0 {
		m.letters = append(m.letters, answer{key: "v", label: "What is a file? Shows it without choosing it (counts as a hint)"})
	}
	if parent := filepath.Dir(f.dir); parent != f.dir {
		m.letters = append(m.letters, answer{key: "u", label: "Up to the folder " + parent})
	}
	m.letters = append(m.letters, answer{key: "g", label: "Go to a folder or file by typing its path"})
	if ls.paste {
		m.letters = append(m.letters, answer{key: "p", label: "Paste the file's text instead (when the file is on another computer)"})
	}
	m.letters = append(m.letters, answer{key: "r", label: "Read this folder again (after a download)"})
	m.letters = append(m.letters, s.backAnswer("Back")...)

	key, err := s.ask(m)
	if err != nil {
		return err
	}
	switch key {
	case "a":
		s.allFiles = !s.allFiles
	case "v":
		return s.hint(f)
	case "u":
		s.dir = filepath.Dir(f.dir)
	case "g":
		return s.goTo(f, ls.choose)
	case "p":
		s.r.PasteInstead()
	case "r":
	case "b":
		s.back()
	default:
		c := f.entries[number(key)]
		path := filepath.Join(f.dir, c.Name)
		if c.Dir {
			s.dir = path
			return nil
		}
		ls.choose(path, f.reports)
	}
	return nil
}

// listedWhat names the files a list shows before it is asked for every
// file.
func listedWhat(l renewal.Lookup) string {
	switch l.Expect {
	case token.KindCertificate:
		return "certificate files"
	case token.KindPush:
		return "certificate, request or token files"
	}
	return "token files"
}

// hint asks for the number of a file in the list, in practice, and says
// what it is without choosing it; it counts as a hint. An empty answer
// goes back to the list.
func (s *session) hint(f folder) error {
	for {
		s.p.prompt("Number of the file to show (Enter alone goes back to the list):")
		line, err := s.in.next(s.ctx)
		if err != nil {
			s.p.blank()
			return err
		}
		line = strings.TrimSuffix(strings.TrimSpace(line), ".")
		if line == "" {
			return nil
		}
		i := number(line)
		if i < 0 || i >= len(f.entries) || f.entries[i].Dir {
			s.p.line("", fmt.Sprintf("Not the number of a file in the list: type 1 to %d, then press Enter.", len(f.entries)))
			continue
		}
		c := f.entries[i]
		path := filepath.Join(f.dir, c.Name)
		s.r.Hint(path)
		s.reveal(path)
		r := s.r.Lookup().CheckFile(path, f.reports).Report
		s.note = fmt.Sprintf("Hint: %s is %s. %s", token.Printable(c.Name), entryDesc(renewal.Candidate{Name: c.Name, Report: &r}, s.opts.Now(), true), r.Message)
		return nil
	}
}

// goTo asks for a path and opens it: a folder in the file list, a file
// taken by choose as if chosen there. An empty answer goes back to the
// list.
func (s *session) goTo(f folder, choose func(string, map[string]token.Report)) error {
	s.p.prompt("Path of a folder or file (Enter alone goes back to the list):")
	line, err := s.in.next(s.ctx)
	if err != nil {
		s.p.blank()
		return err
	}
	path := strings.TrimSpace(line)
	if path == "" {
		return nil
	}
	if path == "~" || strings.HasPrefix(path, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, strings.TrimPrefix(path, "~"))
		}
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(f.dir, path)
	}
	path = filepath.Clean(path)
	info, err := os.Stat(path)
	switch {
	case err != nil:
		s.note = fmt.Sprintf("Cannot open %s: %v.", token.Printable(path), rootCause(err))
	case info.IsDir():
		s.dir = path
	default:
		choose(path, f.reports)
	}
	return nil
}

// rootCause drops the path the operating system puts in front of an error.
func rootCause(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// paste reads the token file's text: lines until one with only a period,
// or the end of the input, at most one byte more than a token can be (so
// that too much text is judged too large). Echo is off meanwhile, when the
// terminal allows, so the token does not stay on the screen.
func (s *session) paste() error {
	p := s.p
	if s.r.Kind() == token.KindPush {
		s.heading("Paste the push certificate's text")
	} else {
		s.heading("Paste the token file's text")
	}
	p.line("", "When the file is on your own computer and mdmtoken runs on another (over SSH), open the file in a text editor there, copy all of it, and paste it here.")
	switch s.r.Kind() {
	case token.KindPush:
		p.line("", "The push certificate (.pem) is text: it starts with -----BEGIN CERTIFICATE-----. Pasted, it is not compared with last year's certificate: the verdict offers to compare its topic with the one your MDM shows. Nothing you paste is stored.")
	default:
		p.line("", "Each of these files is text: a .vpptoken is one line of base64; a *_smime.p7m starts with Content-Type: application/pkcs7-mime; a push certificate (.pem) starts with -----BEGIN CERTIFICATE-----. Nothing you paste is stored.")
	}
	hidden := s.opts.HideInput != nil
	if hidden {
		p.line("", "What you paste is not shown on the screen.")
	}
	p.line("", "When all of it is pasted, type a period (.) and press Enter. A period alone, before any text, goes back to the file list.")
	if hidden {
		restore := s.opts.HideInput()
		defer restore()
	}
	p.line("", "Paste the text now:")
	var b strings.Builder
	n := 0
	for {
		line, err := s.in.next(s.ctx)
		if errors.Is(err, errEnded) && b.Len() > 0 {
			break
		}
		if err != nil {
			return err
		}
		text, last := endOfPaste(line)
		if text != "" || !last {
			n++
			if room := maxLine - b.Len(); room > 0 {
				b.WriteString(text[:min(len(text), room)])
				if b.Len() < maxLine {
					b.WriteByte('\n')
				}
			}
		}
		if last {
			break
		}
	}
	if strings.TrimSpace(b.String()) == "" {
		s.back()
		return nil
	}
	p.line("", fmt.Sprintf("Received %s in %s.", renewal.Plural(b.Len(), "byte"), renewal.Plural(n, "line")))
	s.r.FileChecked(s.r.Lookup().CheckText(undoubleLines(b.String())))
	return nil
}

// endOfPaste takes one pasted line: last says it ends the paste, a full
// stop alone or after base64 text (a file copied without its last line
// end, followed at once by the period); text is the line without it.
// Base64 has no period, so no line of a token ends in one.
func endOfPaste(line string) (text string, last bool) {
	trimmed := strings.TrimSpace(line)
	body, ok := strings.CutSuffix(trimmed, ".")
	if !ok || strings.Trim(body, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != "" {
		return line, false
	}
	return body, true
}

// undoubleLines undoes the doubled line breaks some terminals produce when
// text with CRLF line ends is pasted (each CR and LF becomes a line break):
// when every second line is empty, those empty lines are dropped.
func undoubleLines(text string) string {
	rows := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(rows) < 3 {
		return text
	}
	for i := 1; i < len(rows); i += 2 {
		if rows[i] != "" {
			return text
		}
	}
	kept := make([]string, 0, len(rows)/2+1)
	for i := 0; i < len(rows); i += 2 {
		kept = append(kept, rows[i])
	}
	return strings.Join(kept, "\n") + "\n"
}
