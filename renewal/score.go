package renewal

import (
	"fmt"

	"github.com/mdmtoken/mdmtoken/token"
)

// Trap is a wrong pick a practice folder holds for one kind of renewal,
// e.g. last year's token: its name in words and the files that are it.
type Trap struct {
	Name  string
	Paths []string
}

// Outcome is what a trainee did with a trap.
type Outcome string

// What a trainee did with a trap, from best to worst.
const (
	Avoided Outcome = "avoided" // never picked
	Caught  Outcome = "caught"  // picked, and set aside after its verdict
	Hinted  Outcome = "hinted"  // its verdict was shown with the hint key before picking
	Missed  Outcome = "missed"  // used anyway
)

// TrapResult is one trap and what the trainee did with it.
type TrapResult struct {
	Name    string
	Outcome Outcome
}

// fileScore is what the trainee did with one file.
type fileScore struct{ hinted, picked, used bool }

// Score is what a trainee did with the files in a practice run.
type Score struct {
	Checked    int // files checked
	Wrong      int // of them, files that were not right for this renewal
	SetAside   int // wrong files the trainee then set aside
	UsedAnyway int // wrong files used anyway
	Hints      int // files whose verdict the hint key showed before picking
	Finished   bool

	traps   []Trap
	files   map[string]*fileScore
	last    string // the path of the file checked last
	pending bool   // the last file checked was wrong and not yet decided on
}

func (s *Score) file(path string) *fileScore {
	if s.files == nil {
		s.files = map[string]*fileScore{}
	}
	f, ok := s.files[path]
	if !ok {
		f = &fileScore{}
		s.files[path] = f
	}
	return f
}

// hint counts the hint key used on a file.
func (s *Score) hint(path string) {
	if f := s.file(path); !f.hinted {
		f.hinted = true
		s.Hints++
	}
}

// picked counts a checked file.
func (s *Score) picked(c Checked) {
	s.Checked++
	s.last = c.Path
	s.file(c.Path).picked = true
	s.pending = c.Report.Status.Severity() != token.SeverityOK
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
	case PickAgain, Redownload, ChooseServer, RenewInstead:
		s.SetAside++
	case Continue, UseAnyway:
		s.UsedAnyway++
		s.file(s.last).used = true
	}
}

// Traps is what the trainee did with each trap of the practice folder.
func (s Score) Traps() []TrapResult {
	var out []TrapResult
	for _, t := range s.traps {
		o := Avoided
		for _, p := range t.Paths {
			f, ok := s.files[p]
			switch {
			case !ok:
			case f.used:
				o = Missed
			case f.hinted && o != Missed:
				o = Hinted
			case f.picked && o == Avoided:
				o = Caught
			}
		}
		out = append(out, TrapResult{Name: t.Name, Outcome: o})
	}
	return out
}

// String sums up the practice run in one line.
func (s Score) String() string {
	files := fmt.Sprintf("%d files", s.Checked)
	if s.Checked == 1 {
		files = "1 file"
	}
	out := fmt.Sprintf("Practice score: %s checked, %d wrong, %d set aside, %d used anyway",
		files, s.Wrong, s.SetAside, s.UsedAnyway)
	switch s.Hints {
	case 0:
	case 1:
		out += ", 1 hint"
	default:
		out += fmt.Sprintf(", %d hints", s.Hints)
	}
	if s.Finished {
		return out + "; renewal finished with the right file."
	}
	return out + "; renewal not finished."
}

// Hint shows, in practice, what a file is before it is picked, and counts
// it as a hint.
func (r *Renewal) Hint(path string) {
	if r.cfg.Practice && path != "" {
		r.score.hint(path)
	}
}
