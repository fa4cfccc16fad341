package renewal

import (
	"fmt"

	"github.com/mdmtoken/mdmtoken/token"
)

// Score is what a trainee did with the files in a practice run.
type Score struct {
	Checked    int // files checked
	Wrong      int // of them, files that were not right for this renewal
	SetAside   int // wrong files the trainee then set aside
	UsedAnyway int // wrong files used anyway
	Finished   bool
	pending    bool // the last file checked was wrong and not yet decided on
}

// picked counts a checked file.
func (s *Score) picked(r token.Report) {
	s.Checked++
	s.pending = r.Status.Severity() != token.SeverityOK
	if s.pending {
		s.Wrong++
	}
}

// decided counts what the trainee did after a verdict.
func (s *Score) decided(c Choice) {
	if !s.pending {
		return
	}
	s.pending = false
	switch c {
	case PickAgain, Redownload, ChooseServer:
		s.SetAside++
	case Continue, UseAnyway:
		s.UsedAnyway++
	}
}

// String sums up the practice run in one line.
func (s Score) String() string {
	files := fmt.Sprintf("%d files", s.Checked)
	if s.Checked == 1 {
		files = "1 file"
	}
	out := fmt.Sprintf("Practice score: %s checked, %d wrong, %d set aside, %d used anyway",
		files, s.Wrong, s.SetAside, s.UsedAnyway)
	if s.Finished {
		return out + "; renewal finished with the right file."
	}
	return out + "; renewal not finished."
}
