package history

import (
	"strings"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/token"
)

func TestSeed(t *testing.T) {
	year := now.AddDate(1, 0, 0)
	sum := func(c string) string { return strings.Repeat(c, 64) }
	vppFile := func(path, sha string, expires time.Time) token.Report {
		return token.Report{File: path, Kind: token.KindVPP, Status: token.StatusOK, Org: "Fixture Academy",
			Location: "Main Campus", Expires: expires, SHA256: sha}
	}
	depFile := func(path string, expires time.Time, estimated bool) token.Report {
		server := "Fixture MDM"
		if strings.HasPrefix(path, "/t/renamed") {
			server = ""
		}
		return token.Report{File: path, Kind: token.KindDEP, Status: token.StatusOK, Server: server,
			Expires: expires, ExpiresEstimated: estimated, SHA256: sum("d")}
	}
	recorded := Entry{Kind: token.KindVPP, Org: "Fixture Academy", Location: "Main Campus", Expires: year,
		SHA256: sum("a"), Recorded: now.AddDate(0, -1, 0)}
	recordedDEP := Entry{Kind: token.KindDEP, Server: "Fixture MDM", Expires: year, ExpiresEstimated: true,
		SHA256: sum("d"), Recorded: now.AddDate(0, -1, 0)}

	for _, tc := range []struct {
		name    string
		known   []Entry
		reports []token.Report
		want    []SeedAction
	}{
		{"a new token", nil, []token.Report{vppFile("/t/sToken_for_Main Campus.vpptoken", sum("a"), year)}, []SeedAction{SeedAdd}},
		{"an expired token is a fact too", nil, []token.Report{func() token.Report {
			r := vppFile("/t/a.vpptoken", sum("a"), now.AddDate(0, 0, -1))
			r.Status = token.StatusExpired
			return r
		}()}, []SeedAction{SeedAdd}},
		{"not a token", nil, []token.Report{
			{File: "/t/cert.pem", Kind: token.KindCertificate, Status: token.StatusWrongKind, Message: "This is a certificate."},
			{File: "/t/key.pem", Kind: token.KindPrivateKey, Status: token.StatusWrongKind},
			{File: "/t/notes.txt", Kind: token.KindUnknown, Status: token.StatusInvalid},
		}, []SeedAction{SeedRefuse, SeedRefuse, SeedRefuse}},
		{"damaged token", nil, []token.Report{{File: "/t/x_smime.p7m", Kind: token.KindDEP, Status: token.StatusInvalid}}, []SeedAction{SeedRefuse}},
		{"for another MDM server", nil, []token.Report{func() token.Report {
			r := depFile("/t/x_smime.p7m", year, false)
			r.Status = token.StatusWrongServer
			return r
		}()}, []SeedAction{SeedRefuse}},
		{"expiry unknown", nil, []token.Report{depFile("/t/x_smime.p7m", time.Time{}, false)}, []SeedAction{SeedRefuse}},
		{"renamed VPP file: location unknown", nil, []token.Report{func() token.Report {
			r := vppFile("/t/token.vpptoken", sum("a"), year)
			r.Location = ""
			return r
		}()}, []SeedAction{SeedRefuse}},
		{"the new token of a server marked as reset", []Entry{{Kind: token.KindDEP, Server: "Fixture MDM", Expires: now.Add(-time.Hour),
			RenewBy: now.Add(-time.Hour), File: "Fixture MDM_Token_x_smime.p7m", Recorded: now.Add(-time.Hour), Source: SourceReset}},
			[]token.Report{depFile("/t/Fixture MDM_Token_x_smime.p7m", year, true)}, []SeedAction{SeedAdd}},
		{"renamed DEP file: server unknown", nil, []token.Report{depFile("/t/renamed.p7m", year, false)}, []SeedAction{SeedRefuse}},
		{"already recorded", []Entry{recorded}, []token.Report{vppFile("/t/a.vpptoken", sum("a"), year)}, []SeedAction{SeedKnown}},
		{"older than the history's", []Entry{recorded}, []token.Report{vppFile("/t/a.vpptoken", sum("b"), year.AddDate(-1, 0, 0))}, []SeedAction{SeedOlder}},
		{"newer than the history's", []Entry{recorded}, []token.Report{vppFile("/t/a.vpptoken", sum("b"), year.AddDate(0, 1, 0))}, []SeedAction{SeedAdd}},
		{"exact expiry for an estimated one", []Entry{recordedDEP}, []token.Report{depFile("/t/x_smime.p7m", year.Add(-time.Hour), false)}, []SeedAction{SeedAdd}},
		{"older file beside a newer one", nil, []token.Report{
			vppFile("/t/old/a.vpptoken", sum("b"), year.AddDate(-1, 0, 0)),
			vppFile("/t/a.vpptoken", sum("a"), year),
			vppFile("/t/a (1).vpptoken", sum("c"), year.AddDate(0, 0, -3)),
		}, []SeedAction{SeedOlder, SeedAdd, SeedOlder}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			steps := Seed(tc.known, tc.reports, "alice", "jump1", now)
			if len(steps) != len(tc.want) {
				t.Fatalf("%d steps, want %d", len(steps), len(tc.want))
			}
			for i, s := range steps {
				if s.Action != tc.want[i] {
					t.Errorf("file %d (%s): action %d, want %d (%s)", i, s.Report.File, s.Action, tc.want[i], s.Reason)
				}
				if s.Action != SeedAdd && s.Action != SeedKnown && s.Reason == "" {
					t.Errorf("file %d: no reason given", i)
				}
				if s.Action == SeedAdd {
					e := s.Entry
					if e.Validate() != nil || strings.Contains(e.File, "/") || e.User != "alice" || e.Host != "jump1" ||
						!e.Recorded.Equal(now) || e.Source != SourceFile || e.SHA256 != s.Report.SHA256 {
						t.Errorf("entry %+v", e)
					}
				}
			}
		})
	}
}
