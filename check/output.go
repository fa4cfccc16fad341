package check

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/mdmtoken/mdmtoken/token"
)

// Output writes reports one at a time, as Run hands them over, and knows
// the exit status they add up to. JSON is written as each report comes.
// Text is laid out as each report comes and written by Close, because it
// starts with the verdict over all files (the line Nagios and Icinga show);
// Prometheus metrics are written by Close, as each metric's samples go
// together.
type Output struct {
	w      io.Writer
	format Format
	text   textLayout

	kept   []token.Report // text and Prometheus: for Close
	blocks bytes.Buffer   // text: the blocks so far, colors already reduced to the profile
	line   strings.Builder
	count  int
	code   int
}

// NewOutput writes reports to w in format f; now and profile are as for
// Write. Text is wrapped at width columns (TerminalWidth of w: 0 when w is
// not a terminal, for no wrapping).
func NewOutput(w io.Writer, f Format, now time.Time, profile colorprofile.Profile, width int) *Output {
	return &Output{w: w, format: f, text: newTextLayout(now, profile, width)}
}

// Add writes r, or keeps it for Close.
func (o *Output) Add(r token.Report) error {
	o.count++
	o.code = max(o.code, int(r.Status.Severity()))
	switch o.format {
	case FormatText:
		o.kept = append(o.kept, r)
		o.line.Reset()
		if o.count > 1 {
			o.line.WriteString("\n")
		}
		o.text.block(&o.line, r)
		return o.text.write(&o.blocks, o.line.String())
	case FormatPrometheus:
		o.kept = append(o.kept, r)
		return nil
	}
	js, err := json.MarshalIndent(toJSON(r), "  ", "  ")
	if err != nil {
		return err
	}
	sep := ",\n  "
	if o.count == 1 {
		sep = "[\n  "
	}
	_, err = io.WriteString(o.w, sep+string(js))
	return err
}

// Close ends the output: the end of the JSON array, or the whole text or
// Prometheus output.
func (o *Output) Close() error {
	switch o.format {
	case FormatText:
		// The same first line as WriteText's.
		worst := worstStatus(o.kept)
		if err := o.text.write(o.w, o.text.headline(worst.Severity(), Summary(o.kept))+"\n\n"); err != nil {
			return err
		}
		_, err := o.blocks.WriteTo(o.w)
		return err
	case FormatPrometheus:
		return WritePrometheus(o.w, o.kept)
	}
	end := "\n]\n"
	if o.count == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(o.w, end)
	return err
}

// ExitCode is the exit status for the reports added so far: the worst
// severity among them (0 ok, 1 warning, 2 problem); 0 for none.
func (o *Output) ExitCode() int { return o.code }
