package check

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/mdmtoken/mdmtoken/token"
)

func outputReports() []token.Report {
	return []token.Report{
		{File: "a.vpptoken", Kind: token.KindVPP, Status: token.StatusOK, Org: "Fixture <Org> & Co", Expires: testNow.AddDate(1, 0, 0), DaysLeft: 365},
		{File: "b_smime.p7m", Kind: token.KindDEP, Status: token.StatusExpiring, Server: "MDM", Notes: []string{"a note"}},
		{File: "missing", Kind: token.KindUnknown, Status: token.StatusInvalid, Message: "File not found"},
	}
}

// Written one report at a time, every format is what writing them all at
// once gives; JSON is on its way before Close.
func TestOutputMatchesWrite(t *testing.T) {
	for _, profile := range []colorprofile.Profile{colorprofile.NoTTY, colorprofile.ANSI256} {
		for _, n := range []int{0, 1, 3} {
			testOutputMatchesWrite(t, outputReports()[:n], profile)
		}
	}
}

func testOutputMatchesWrite(t *testing.T, reports []token.Report, profile colorprofile.Profile) {
	t.Helper()
	n := len(reports)
	for _, f := range Formats {
		var whole, streamed bytes.Buffer
		if err := Write(&whole, f, reports, testNow, profile); err != nil {
			t.Fatal(err)
		}
		out := NewOutput(&streamed, f, testNow, profile)
		for i, r := range reports {
			if err := out.Add(r); err != nil {
				t.Fatal(err)
			}
			if f == FormatJSON && streamed.Len() == 0 {
				t.Errorf("%d reports: nothing written after report %d", n, i)
			}
		}
		if f != FormatJSON && streamed.Len() != 0 {
			t.Errorf("%s: written before Close: %q", f, streamed.String())
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
		if streamed.String() != whole.String() {
			t.Errorf("%s, %d reports, %v: streamed\n%s\nwant\n%s", f, n, profile, streamed.String(), whole.String())
		}
		if f == FormatJSON {
			var v []map[string]any
			if err := json.Unmarshal(streamed.Bytes(), &v); err != nil || len(v) != n {
				t.Errorf("JSON of %d reports: %d objects, %v", n, len(v), err)
			}
		}
	}
}
