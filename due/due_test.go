package due

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	"github.com/charmbracelet/colorprofile"
	"github.com/mdmtoken/mdmtoken/check"
	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/token"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// entries are a small history: an expired DEP token, a VPP token due in
// 12 days, another a year off, and an older entry of the first VPP token.
func entries() []history.Entry {
	recorded := now.AddDate(0, -11, 0)
	return []history.Entry{
		{Kind: token.KindVPP, Org: "Fixture Academy", Location: "Main Campus", Expires: now.AddDate(0, 0, 42).AddDate(-1, 0, 0),
			File: "sToken_for_Main Campus.vpptoken", Recorded: recorded.AddDate(-1, 0, 0)},
		{Kind: token.KindVPP, Org: "Fixture Academy", Location: "Main Campus", Expires: now.AddDate(0, 0, 42),
			File: "sToken_for_Main Campus.vpptoken", SHA256: strings.Repeat("ab", 32), MDMPortalName: "Relution",
			ApplePortal: "abm", ApplePortalName: "Apple Business Manager (classic)", MDMPortal: "relution",
			User: "alice", Host: "jump1", Recorded: recorded, Source: history.SourceRenewal},
		{Kind: token.KindVPP, Org: "Fixture Academy", Location: "Annex", Expires: now.AddDate(1, 0, 0),
			File: "sToken_for_Annex.vpptoken", Recorded: recorded, Source: history.SourceFile},
		{Kind: token.KindDEP, Server: "Fixture MDM", Expires: now.AddDate(0, 0, -2), ExpiresEstimated: true,
			File: "Fixture MDM_Token_2025-11-21T10-00-00Z_smime.p7m", Recorded: recorded, Source: history.SourceFile},
	}
}

func report(t *testing.T, within int, filter bool) Report {
	t.Helper()
	return NewReport("/srv/mdm/history.jsonl", entries(), 0, now, within, filter)
}

func TestSeverityAndExitCode(t *testing.T) {
	ok := history.Entry{Kind: token.KindVPP, Org: "A", Expires: now.AddDate(1, 0, 0), Recorded: now}
	soon := history.Entry{Kind: token.KindVPP, Org: "B", Expires: now.AddDate(0, 0, 20), Recorded: now}
	gone := history.Entry{Kind: token.KindDEP, Server: "S", Expires: now.AddDate(0, 0, -1), Recorded: now}
	for _, tc := range []struct {
		name    string
		entries []history.Entry
		damaged int
		within  int
		filter  bool
		want    int
	}{
		{"all fine", []history.Entry{ok}, 0, 0, false, check.ExitOK},
		{"one due", []history.Entry{ok, soon}, 0, 0, false, check.ExitWarning},
		{"one expired", []history.Entry{ok, soon, gone}, 0, 0, false, check.ExitProblem},
		{"a damaged line", []history.Entry{ok}, 1, 0, false, check.ExitWarning},
		{"nothing known", nil, 0, 0, false, check.ExitProblem},
		{"only damaged lines", nil, 3, 0, false, check.ExitProblem},
		{"wider window", []history.Entry{ok}, 0, 400, true, check.ExitWarning},
		{"filtered, nothing due", []history.Entry{ok}, 0, 14, true, check.ExitOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReport("h", tc.entries, tc.damaged, now, tc.within, tc.filter)
			if got := r.ExitCode(); got != tc.want {
				t.Errorf("exit code %d, want %d", got, tc.want)
			}
		})
	}
}

func TestFilter(t *testing.T) {
	all := report(t, 0, false)
	if len(all.Items) != 3 || all.Total != 3 {
		t.Fatalf("%d credentials (total %d), want 3: the newest entry of each", len(all.Items), all.Total)
	}
	due := report(t, 14, true)
	if len(due.Items) != 2 || due.Total != 3 {
		t.Fatalf("--within 14: %d items of %d, want 2 of 3", len(due.Items), due.Total)
	}
	if due.Items[0].Server != "Fixture MDM" || due.Items[1].Location != "Main Campus" {
		t.Errorf("order %s, %s: want by renew-by date", due.Items[0].Label(), due.Items[1].Label())
	}
}

func text(t *testing.T, r Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteText(&b, r, now, colorprofile.NoTTY, 0); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestText(t *testing.T) {
	for _, tc := range []struct {
		name   string
		report Report
		want   []string
		order  []string
	}{
		{"everything", report(t, 0, false), []string{
			"mdmtoken CRITICAL: 3 credentials: 2 ok, 1 expired\n",
			"History: /srv/mdm/history.jsonl\n",
			"Renew by                 Expires      Status   Credential\n",
			"2026-10-22  32 days ago  2026-11-21*  EXPIRED  DEP server token, Fixture MDM\n",
			"2026-12-05  in 12 days   2027-01-04   OK       VPP content token, Fixture Academy, Main Campus (Relution)\n",
			"2027-10-24  in 335 days  2027-11-23   OK       VPP content token, Fixture Academy, Annex\n",
			"* estimated: the DEP token's download time plus one year",
		}, []string{"Fixture MDM", "Main Campus", "Annex"}},
		{"within 14 days", report(t, 14, true), []string{
			"mdmtoken CRITICAL: 2 of 3 credentials due within 14 days: 1 expiring, 1 expired\n",
			"2026-12-05  in 12 days   2027-01-04   EXPIRING SOON  VPP content token, Fixture Academy, Main Campus (Relution)\n",
		}, []string{"Fixture MDM", "Main Campus"}},
		{"a reset server", NewReport("h", append(entries()[2:3], history.Entry{Kind: token.KindDEP, Server: "Staging",
			File: "Staging_Token_2026-11-23T09-40-00Z_smime.p7m", Expires: now.Add(-20 * time.Minute), RenewBy: now.Add(-20 * time.Minute),
			Recorded: now, Source: history.SourceReset}), 0, now, 0, false), []string{
			"mdmtoken CRITICAL: 2 credentials: 1 ok, 1 reset\n",
			"2026-11-23  today        2026-11-23  RESET   DEP server token, Staging\n",
			"RESET: a new token was downloaded for it during another renewal, so its old token stopped working then. " +
				"Upload the new file (Staging_Token_2026-11-23T09-40-00Z_smime.p7m) to the MDM, then add it with: mdmtoken due add FILE",
		}, []string{"Staging", "Annex", "RESET:"}},
		{"nothing due", NewReport("h", entries()[2:3], 0, now, 14, true), []string{
			"mdmtoken OK: nothing due within 14 days (1 credential in the history)\n",
		}, nil},
		{"damaged lines", NewReport("h", entries()[2:3], 2, now, 0, false), []string{
			"mdmtoken WARNING: 1 credential: 1 ok; 2 lines of the history skipped as damaged\n",
		}, []string{"Annex"}},
		{"empty", NewReport("h", nil, 0, now, 0, false), []string{
			"mdmtoken CRITICAL: no credentials in the history\n",
			"mdmtoken due add PATH",
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := text(t, tc.report)
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("lacks %q:\n%s", w, out)
				}
			}
			last := -1
			for _, w := range tc.order {
				i := strings.Index(out, w)
				if i < last {
					t.Errorf("%q out of order:\n%s", w, out)
				}
				last = i
			}
			if tc.order == nil && strings.Contains(out, "Renew by") {
				t.Errorf("a table with nothing to list:\n%s", out)
			}
		})
	}
}

func TestTextIsSafe(t *testing.T) {
	e := history.Entry{Kind: token.KindVPP, Org: "Evil\x1b]0;owned\x07 School\u202e", Location: "\x1b[2J",
		Expires: now.AddDate(1, 0, 0), Recorded: now}
	out := text(t, NewReport("/tmp/\x1b[31mred", []history.Entry{e}, 0, now, 0, false))
	if strings.ContainsAny(out, "\x1b\x07\u202e") {
		t.Errorf("control characters reach the terminal: %q", out)
	}
	// Color only where asked for.
	var b bytes.Buffer
	if err := WriteText(&b, NewReport("h", []history.Entry{e}, 0, now, 0, false), now, colorprofile.ANSI, 0); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\x1b[") {
		t.Errorf("no color with a color profile: %q", b.String())
	}
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, report(t, 14, false), now); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b.String())
	}
	if len(got) != 3 {
		t.Fatalf("%d objects, want 3", len(got))
	}
	want := []map[string]any{
		{"kind": "dep", "status": "expired", "severity": "problem", "server": "Fixture MDM", "org": nil,
			"expires": "2026-11-21T10:00:00Z", "expires_estimated": true, "days_left": float64(-2),
			"renew_by": "2026-10-22T10:00:00Z", "days_to_renew": float64(-32), "sha256": nil, "source": "file"},
		{"kind": "vpp", "status": "expiring", "severity": "warning", "org": "Fixture Academy", "location": "Main Campus",
			"server": nil, "topic": nil, "days_left": float64(42), "days_to_renew": float64(12),
			"renew_by": "2026-12-05T10:00:00Z", "sha256": strings.Repeat("ab", 32), "apple_portal": "abm",
			"mdm_portal": "relution", "user": "alice", "host": "jump1", "recorded": "2025-12-23T10:00:00Z",
			"label": "VPP content token, Fixture Academy, Main Campus (Relution)", "source": "renewal", "old_expires": nil},
		{"kind": "vpp", "status": "ok", "severity": "ok", "location": "Annex", "days_left": float64(365), "days_to_renew": float64(335)},
	}
	for i, fields := range want {
		for k, v := range fields {
			if got[i][k] != v {
				t.Errorf("object %d: %s = %#v, want %#v", i, k, got[i][k], v)
			}
		}
	}

	b.Reset()
	reset := history.Entry{Kind: token.KindDEP, Server: "Staging", Expires: now.Add(-time.Hour), RenewBy: now.Add(-time.Hour),
		Recorded: now, Source: history.SourceReset}
	if err := WriteJSON(&b, NewReport("h", []history.Entry{reset}, 0, now, 0, false), now); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"status": "reset",`) || !strings.Contains(b.String(), `"severity": "problem",`) {
		t.Errorf("a reset server: %s", b.String())
	}
	b.Reset()
	if err := WritePrometheus(&b, NewReport("h", []history.Entry{reset}, 0, now, 0, false)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `server="Staging",topic="",status="reset"} 1`) || !strings.Contains(b.String(), `mdmtoken_token_valid{file="",kind="dep",org="",location="",server="Staging",topic=""} 0`) {
		t.Errorf("a reset server in Prometheus, as in JSON:\n%s", b.String())
	}

	b.Reset()
	if err := WriteJSON(&b, NewReport("h", nil, 0, now, 0, false), now); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(b.String()) != "[]" {
		t.Errorf("empty history: %q, want []", b.String())
	}
}

func parsePrometheus(t *testing.T, s string) map[string]*dto.MetricFamily {
	t.Helper()
	var p expfmt.TextParser
	families, err := p.TextToMetricFamilies(strings.NewReader(s))
	if err != nil {
		t.Fatalf("not valid exposition format: %v\n%s", err, s)
	}
	return families
}

func labelMap(m *dto.Metric) map[string]string {
	l := make(map[string]string)
	for _, p := range m.GetLabel() {
		l[p.GetName()] = p.GetValue()
	}
	return l
}

func TestPrometheus(t *testing.T) {
	var b bytes.Buffer
	r := report(t, 0, false)
	r.Damaged = 1
	if err := WritePrometheus(&b, r); err != nil {
		t.Fatal(err)
	}
	fams := parsePrometheus(t, b.String())

	// check's output for a token file: the same families with the same
	// help texts and label names, so alert rules and a shared textfile
	// folder work for both.
	var c bytes.Buffer
	if err := check.WritePrometheus(&c, []token.Report{{File: "f", Kind: token.KindVPP, Status: token.StatusOK, Expires: now}}); err != nil {
		t.Fatal(err)
	}
	checkFams := parsePrometheus(t, c.String())
	for name, cf := range checkFams {
		f, ok := fams[name]
		if !ok {
			t.Errorf("no %s", name)
			continue
		}
		if f.GetHelp() != cf.GetHelp() || f.GetType() != cf.GetType() {
			t.Errorf("%s: help %q type %v, check has %q %v", name, f.GetHelp(), f.GetType(), cf.GetHelp(), cf.GetType())
		}
		want := labelMap(cf.GetMetric()[0])
		for _, m := range f.GetMetric() {
			got := labelMap(m)
			if len(got) != len(want) {
				t.Errorf("%s labels %v, check has %v", name, got, want)
			}
			for k := range want {
				if _, ok := got[k]; !ok {
					t.Errorf("%s lacks label %s", name, k)
				}
			}
		}
	}

	value := func(family, server, location string) (float64, bool) {
		for _, m := range fams[family].GetMetric() {
			l := labelMap(m)
			if l["server"] == server && strings.Contains(l["file"], location) {
				return m.GetGauge().GetValue(), true
			}
		}
		return 0, false
	}
	main := entries()[1]
	for _, tc := range []struct {
		family, server, location string
		want                     float64
	}{
		{check.MetricValid, "Fixture MDM", "", 0},
		{check.MetricValid, "", "Main Campus", 1},
		{check.MetricExpiry, "", "Main Campus", float64(main.Expires.Unix())},
		{check.MetricEstimated, "Fixture MDM", "", 1},
		{check.MetricEstimated, "", "Annex", 0},
		{MetricRenewBy, "", "Main Campus", float64(main.Expires.AddDate(0, 0, -30).Unix())},
		{MetricRenewBy, "Fixture MDM", "", float64(now.AddDate(0, 0, -32).Unix())},
	} {
		got, ok := value(tc.family, tc.server, tc.location)
		if !ok || got != tc.want {
			t.Errorf("%s{server=%q,file~%q} = %v (found %v), want %v", tc.family, tc.server, tc.location, got, ok, tc.want)
		}
	}
	for _, m := range fams[check.MetricInfo].GetMetric() {
		if l := labelMap(m); l["server"] == "Fixture MDM" && l["status"] != "expired" {
			t.Errorf("info status %q, want expired", l["status"])
		}
	}
	if n := len(fams[MetricRenewBy].GetMetric()); n != 3 {
		t.Errorf("%d renew-by series, want 3", n)
	}
	if d := fams[MetricDamaged].GetMetric()[0].GetGauge().GetValue(); d != 1 {
		t.Errorf("damaged lines %v, want 1", d)
	}

	// An empty history still gives valid metrics.
	b.Reset()
	if err := WritePrometheus(&b, NewReport("h", nil, 0, now, 0, false)); err != nil {
		t.Fatal(err)
	}
	if fams := parsePrometheus(t, b.String()); fams[MetricDamaged] == nil {
		t.Errorf("empty history: no %s\n%s", MetricDamaged, b.String())
	}
}

func calendar(t *testing.T, r Report) []*ics.VEvent {
	t.Helper()
	var b bytes.Buffer
	if err := WriteCalendar(&b, r, now); err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(&b)
	if err != nil {
		t.Fatalf("golang-ical cannot parse the calendar: %v", err)
	}
	return cal.Events()
}

func prop(ev *ics.VEvent, p ics.ComponentProperty) string {
	if v := ev.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func TestCalendar(t *testing.T) {
	events := calendar(t, report(t, 0, false))
	if len(events) != 3 {
		t.Fatalf("%d events, want one per credential (3)", len(events))
	}
	for i, want := range []struct{ start, summary string }{
		{"20261022", "Renew the DEP server token, Fixture MDM"},
		{"20261205", "Renew the VPP content token, Fixture Academy, Main Campus (Relution)"},
		{"20271024", "Renew the VPP content token, Fixture Academy, Annex"},
	} {
		ev := events[i]
		if got := prop(ev, ics.ComponentPropertyDtStart); got != want.start {
			t.Errorf("event %d starts %s, want %s", i, got, want.start)
		}
		start, err := ev.GetAllDayStartAt()
		end, err2 := ev.GetAllDayEndAt()
		if err != nil || err2 != nil || !end.Equal(start.AddDate(0, 0, 1)) {
			t.Errorf("event %d is not one whole day: %v %v %v %v", i, start, end, err, err2)
		}
		if got := ics.FromText(prop(ev, ics.ComponentPropertySummary)); got != want.summary {
			t.Errorf("event %d summary %q, want %q", i, got, want.summary)
		}
		alarms := ev.Alarms()
		if len(alarms) != 1 || alarms[0].GetProperty(ics.ComponentPropertyTrigger).Value != "PT9H" {
			t.Errorf("event %d: alarms %v, want one at 09:00", i, alarms)
		}
	}
	desc := ics.FromText(prop(events[1], ics.ComponentPropertyDescription))
	for _, w := range []string{
		"expires on 2027-01-04", "Renew it by 2026-12-05: download a new token in Apple Business Manager (classic) and upload it to Relution",
		"Guided steps: mdmtoken --kind vpp --apple abm --portal relution", "by alice on jump1", "sToken_for_Main Campus.vpptoken",
	} {
		if !strings.Contains(desc, w) {
			t.Errorf("description lacks %q:\n%s", w, desc)
		}
	}
	if desc := ics.FromText(prop(events[0], ics.ComponentPropertyDescription)); !strings.Contains(desc, "about 2026-11-21 (estimated") {
		t.Errorf("estimated expiry not said:\n%s", desc)
	}

	// A reset server's event says to upload the file waiting, not to
	// download again.
	reset := calendar(t, NewReport("h", []history.Entry{{Kind: token.KindDEP, Server: "Staging", File: "Staging_Token_x_smime.p7m",
		Expires: now.Add(-time.Hour), RenewBy: now.Add(-time.Hour), Recorded: now, Source: history.SourceReset}}, 0, now, 0, false))
	if desc := ics.FromText(prop(reset[0], ics.ComponentPropertyDescription)); !strings.Contains(desc, "Upload Staging_Token_x_smime.p7m to the MDM, then run: mdmtoken due add") ||
		strings.Contains(desc, "download a new token") || ics.FromText(prop(reset[0], ics.ComponentPropertySummary)) != "Upload the new DEP server token, Staging" {
		t.Errorf("a reset server's event: %q\n%s", ics.FromText(prop(reset[0], ics.ComponentPropertySummary)), desc)
	}

	// The next renewal of a credential moves its event: the same UID.
	renewed := append(entries(), history.Entry{Kind: token.KindVPP, Org: "Fixture Academy", Location: "Main Campus",
		Expires: now.AddDate(1, 0, 40), Recorded: now})
	after := calendar(t, NewReport("h", renewed, 0, now, 0, false))
	uids := make(map[string]string)
	for _, ev := range events {
		uids[ev.Id()] = prop(ev, ics.ComponentPropertyDtStart)
	}
	moved := false
	for _, ev := range after {
		start, ok := uids[ev.Id()]
		if !ok {
			t.Errorf("renewal gave a new UID %s", ev.Id())
		}
		moved = moved || start != prop(ev, ics.ComponentPropertyDtStart)
	}
	if !moved || len(after) != 3 {
		t.Errorf("the renewed credential's event did not move (%d events)", len(after))
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"text", "JSON", "prometheus", "ics"} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	if _, err := ParseFormat("csv"); err == nil || !strings.Contains(err.Error(), "ics") {
		t.Errorf("csv: %v", err)
	}
}

// TestTextWraps: on a terminal of 80 or 40 columns no line of the list is
// wider than the terminal and no word is cut: every word of a credential
// and of the history path is found whole on one line. In a pipe (width 0)
// nothing is wrapped.
func TestTextWraps(t *testing.T) {
	e1 := history.Entry{Kind: token.KindPush, Topic: "com.apple.mgmt.External.0123456789abcdef-0123-4567-89ab-cdef01234567",
		Expires: now.AddDate(0, 0, 10), Recorded: now, MDMPortalName: "Production MDM"}
	e2 := history.Entry{Kind: token.KindDEP, Server: "Production MDM server for the Northern District", Org: "Fixture Unified School District",
		Expires: now.AddDate(0, 0, 200), Recorded: now, MDMPortalName: "Jamf Pro"}
	r := NewReport("/home/someone/.local/share/mdmtoken/history.jsonl", []history.Entry{e1, e2}, 0, now, 0, false)
	words := strings.Fields(e1.Topic + " Production MDM " + e2.Server + " " + e2.Org + " " + r.History)
	for _, width := range []int{80, 40} {
		var b bytes.Buffer
		if err := WriteText(&b, r, now, colorprofile.NoTTY, width); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		for _, l := range lines {
			// A word longer than the width stays whole on a line of its own.
			if n := utf8.RuneCountInString(l); n > width && strings.Contains(strings.TrimSpace(l), " ") {
				t.Errorf("width %d: line of %d columns: %q", width, n, l)
			}
		}
		for _, w := range words {
			found := false
			for _, l := range lines {
				for _, f := range strings.FieldsFunc(l, func(r rune) bool { return r == ' ' || r == ',' || r == '(' || r == ')' }) {
					found = found || f == strings.Trim(w, ",()")
				}
			}
			if !found {
				t.Errorf("width %d: %q is cut:\n%s", width, w, out)
			}
		}
		if !strings.Contains(out, "EXPIRING SOON") || !strings.Contains(out, "2026-11-03") || !strings.Contains(out, "2027-06-11") {
			t.Errorf("width %d: status or dates missing:\n%s", width, out)
		}
	}
	if out := text(t, r); strings.Count(out, "\n") != 6 {
		t.Errorf("a pipe's list is wrapped:\n%s", out)
	}
}
