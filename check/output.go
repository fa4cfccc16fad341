package check

import (
	"encoding/json"
	"io"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/mdmtoken/mdmtoken/token"
)

// Output writes reports one at a time, as Run hands them over, and knows
// the exit status they add up to. JSON is written as each report comes;
// text and Prometheus metrics are written by Close, because text starts
// with the verdict over all files (the line Nagios and Icinga show) and
// Prometheus keeps each metric's samples together.
type Output struct {
	w       io.Writer
	format  Format
	now     time.Time
	profile colorprofile.Profile

	kept  []token.Report // text and Prometheus: written by Close
	count int
	code  int
}

// NewOutput writes reports to w in format f; now and profile are as for
// Write.
func NewOutput(w io.Writer, f Format, now time.Time, profile colorprofile.Profile) *Output {
	return &Output{w: w, format: f, now: now, profile: profile}
}

// Add writes r, or keeps it for Close.
func (o *Output) Add(r token.Report) error {
	o.count++
	o.code = max(o.code, int(r.Status.Severity()))
	if o.format != FormatJSON {
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
	if o.format != FormatJSON {
		return Write(o.w, o.format, o.kept, o.now, o.profile)
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
