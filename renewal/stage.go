package renewal

import "fmt"

// Stage is where a renewal stands: the screen the wizard shows for it.
type Stage int

// The stages of a renewal, in the order they are gone through. Checking a
// file uses the picker, the paste and the verdict only.
const (
	StageStart        Stage = iota // nothing chosen yet: what to do
	StageApple                     // choosing the Apple portal
	StagePortal                    // choosing the MDM portal
	StageCaveats                   // what to know before starting
	StageAppleSteps                // the steps in Apple's portal
	StagePicker                    // choosing the downloaded file
	StagePaste                     // pasting the file's text instead
	StageVerdict                   // what the chosen file is
	StagePortalSteps               // the steps in the MDM portal
	StageConfirm                   // did the MDM portal accept the file?
	StageDone                      // the portal accepted it
	StageCertPicker                // choosing the MDM's certificate, to check the server
	StageRequestSteps              // push: the MDM portal's steps to get the request file, before Apple's
	StageTopic                     // push: typing the topic the MDM shows, to compare the download with
)

// stageNames are the stages' names, as saved in a resume state.
var stageNames = map[Stage]string{
	StageStart:        "start",
	StageApple:        "apple",
	StagePortal:       "portal",
	StageCaveats:      "caveats",
	StageAppleSteps:   "apple-steps",
	StagePicker:       "picker",
	StagePaste:        "paste",
	StageVerdict:      "verdict",
	StagePortalSteps:  "portal-steps",
	StageConfirm:      "confirm",
	StageDone:         "done",
	StageCertPicker:   "certificate",
	StageRequestSteps: "request-steps",
	StageTopic:        "topic",
}

// String names the stage, e.g. "apple-steps".
func (s Stage) String() string {
	if n, ok := stageNames[s]; ok {
		return n
	}
	return fmt.Sprintf("stage(%d)", int(s))
}

// Saved reports whether a place at this stage is worth saving for resuming:
// from the caveats, once the guide is known, up to the confirmation.
func (s Stage) Saved() bool {
	return s >= StageCaveats && s <= StageConfirm || s == StageRequestSteps
}

// walk reports whether the stage shows a guide's steps one at a time.
func (s Stage) walk() bool {
	return s == StageAppleSteps || s == StagePortalSteps || s == StageRequestSteps
}

// MarshalText writes the stage's name.
func (s Stage) MarshalText() ([]byte, error) {
	if _, ok := stageNames[s]; !ok {
		return nil, fmt.Errorf("unknown stage %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads the name of a stage that can be saved; any other
// name is an error.
func (s *Stage) UnmarshalText(text []byte) error {
	for st, n := range stageNames {
		if n == string(text) && st.Saved() {
			*s = st
			return nil
		}
	}
	return fmt.Errorf("unknown stage %q", text)
}
