package check

import (
	"encoding/json"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/mdmtoken/mdmtoken/token"
)

// Output writes results one at a time, as RunResults hands them over, and
// knows the exit status they add up to. JSON is written as each report
// comes. Text is laid out as each report comes and written by Close,
// because it starts with the verdict over all files (the line Nagios and
// Icinga show); the block of a token that a newer one beside it replaces
// is laid out again then, to say so. Prometheus metrics are written by
// Close, as each metric's samples go together.
//
// A token that a newer one beside it replaces is StatusReplaced in every
// format and for the exit status, whatever it is alone (an old download
// kept beside the new one is no warning). So that its JSON object can say
// so, the objects from the first token a newer one may replace on (a DEP
// or VPP token, a push certificate) wait for Close.
//
// Related files (RoleRelated) appear in text only, as a block that says
// they were not judged; skipped files (RoleSkipped) are counted at the end
// of text, and named there when Verbose is set. Neither appears in JSON or
// Prometheus, and neither counts for the exit status.
type Output struct {
	// Verbose names every skipped file in text output, with what it is.
	Verbose bool

	w      io.Writer
	format Format
	text   textLayout

	kept    []token.Report // the judged reports, for Close and the exit status
	beside  []token.Report // newer tokens beside a token named alone (Result.newer): they may replace it
	skipped []token.Report // text: the files skipped
	aside   int            // text: of them, the links and folders not followed
	related int
	blocks  []textBlock // text: the judged and related files, in order, laid out
	shown   int         // objects written (JSON)
	held    int         // JSON: the objects of kept from this one on wait for Close; -1 while none does
	closed  *replacement
}

// NewOutput writes reports to w in format f; now and profile are as for
// Write. Text is wrapped at width columns (TerminalWidth of w: 0 when w is
// not a terminal, for no wrapping).
func NewOutput(w io.Writer, f Format, now time.Time, profile colorprofile.Profile, width int) *Output {
	return &Output{w: w, format: f, text: newTextLayout(now, profile, width), held: -1}
}

// Add writes r, a judged report, or keeps it for Close.
func (o *Output) Add(r token.Report) error { return o.Put(Result{Report: r, Role: RoleJudged}) }

// Put writes res, or keeps it for Close, as its role says.
func (o *Output) Put(res Result) error {
	r := res.Report
	switch res.Role {
	case RoleSkipped:
		if o.format == FormatText {
			o.skipped = append(o.skipped, r)
			if res.aside {
				o.aside++
			}
		}
		return nil
	case RoleRelated:
		o.related++
		if o.format == FormatText {
			var b strings.Builder
			o.text.relatedBlock(&b, r)
			o.blocks = append(o.blocks, textBlock{res, b.String()})
		}
		return nil
	}
	o.kept = append(o.kept, r)
	o.beside = append(o.beside, res.newer...)
	switch o.format {
	case FormatText:
		var b strings.Builder
		o.text.block(&b, r, "")
		o.blocks = append(o.blocks, textBlock{res, b.String()})
		return nil
	case FormatPrometheus:
		return nil
	}
	if _, _, ok := groupOf(r, ""); ok && o.held < 0 {
		// A newer token of its server or location may come: this object,
		// and those after it, in order, wait for Close.
		o.held = len(o.kept) - 1
	}
	if o.held >= 0 {
		return nil
	}
	return o.writeJSON(r, "")
}

// writeJSON writes the JSON object of r; newer is the file of the token
// that replaces it, if one does.
func (o *Output) writeJSON(r token.Report, newer string) error {
	js, err := json.MarshalIndent(toJSON(r, newer), "  ", "  ")
	if err != nil {
		return err
	}
	js = token.SafeJSON(js)
	sep := ",\n  "
	if o.shown == 0 {
		sep = "[\n  "
	}
	o.shown++
	_, err = io.WriteString(o.w, sep+string(js))
	return err
}

// Close ends the output: the end of the JSON array, or the whole text or
// Prometheus output.
func (o *Output) Close() error {
	rp := replacementOf(append(slices.Clone(o.kept), o.beside...))
	o.closed = &rp
	switch o.format {
	case FormatText:
		// The first line is the verdict over all files, as Nagios and
		// Icinga show a plugin's first line; the blocks follow as the long
		// output, then what was set aside.
		var b strings.Builder
		judged := rp.apply(o.kept)
		b.WriteString(o.text.headline(worstSeverity(judged), summary(judged, o.related, len(o.skipped))) + "\n\n")
		for i, tb := range o.blocks {
			if i > 0 {
				b.WriteString("\n")
			}
			if n := rp.newer[tb.res.Report.File]; n != "" && tb.res.Role != RoleRelated {
				o.text.block(&b, tb.res.Report, n)
				continue
			}
			b.WriteString(tb.text)
		}
		for _, note := range []string{o.text.topicsText(o.kept), o.text.serversText(o.kept), o.text.replacedText(rp.groups, o.checkedFiles())} {
			if note != "" {
				b.WriteString("\n" + note)
			}
		}
		if len(o.skipped) > 0 {
			if len(o.blocks) > 0 {
				b.WriteString("\n")
			}
			b.WriteString(o.text.skippedText(o.skipped, o.aside > 0, o.Verbose))
		}
		return o.text.write(o.w, b.String())
	case FormatPrometheus:
		return WritePrometheus(o.w, rp.apply(o.kept))
	}
	if o.held >= 0 {
		for _, r := range o.kept[o.held:] {
			if err := o.writeJSON(r, rp.newer[r.File]); err != nil {
				return err
			}
		}
	}
	end := "\n]\n"
	if o.shown == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(o.w, end)
	return err
}

// checkedFiles are the files checked when newer tokens beside a token
// named alone count too (o.beside), for the summary to name only those;
// nil when none do.
func (o *Output) checkedFiles() map[string]bool {
	if len(o.beside) == 0 {
		return nil
	}
	m := make(map[string]bool, len(o.kept))
	for _, r := range o.kept {
		m[r.File] = true
	}
	return m
}

// textBlock is a file's result and its text block as laid out when it
// came.
type textBlock struct {
	res  Result
	text string
}

// ExitCode is the exit status for the results so far: ExitProblem when a
// file is a problem, else ExitUnknown when a folder given held nothing to
// judge, else ExitWarning for a warning, else ExitOK (also for none). A
// replaced token counts as fine.
func (o *Output) ExitCode() int {
	rp := o.closed
	if rp == nil {
		r := replacementOf(append(slices.Clone(o.kept), o.beside...))
		rp = &r
	}
	switch worstSeverity(rp.apply(o.kept)) {
	case token.SeverityOK:
		return ExitOK
	case token.SeverityWarning:
		return ExitWarning
	case SeverityUnknown:
		return ExitUnknown
	}
	return ExitProblem
}
