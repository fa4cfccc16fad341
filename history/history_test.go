package history

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/record"
	"github.com/mdmtoken/mdmtoken/token"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func vpp(org, location string, expires time.Time) Entry {
	return Entry{Kind: token.KindVPP, Org: org, Location: location, Expires: expires, Recorded: now.AddDate(0, 0, -1)}
}

func dep(server string, expires time.Time) Entry {
	return Entry{Kind: token.KindDEP, Server: server, Expires: expires, Recorded: now.AddDate(0, 0, -1)}
}

func TestIdentity(t *testing.T) {
	year := now.AddDate(1, 0, 0)
	push := Entry{Kind: "push", Topic: "com.apple.mgmt.External.1234", Server: "Fixture MDM", Expires: year}
	for _, tc := range []struct {
		name string
		a, b Entry
		same bool
	}{
		{"same VPP location", vpp("Fixture Academy", "Main Campus", year), vpp("Fixture Academy", "Main Campus", year.AddDate(1, 0, 0)), true},
		{"other VPP location", vpp("Fixture Academy", "Main Campus", year), vpp("Fixture Academy", "Annex", year), false},
		{"other VPP organization", vpp("Fixture Academy", "Main Campus", year), vpp("Other School", "Main Campus", year), false},
		{"VPP without location", vpp("Fixture Academy", "", year), vpp("Fixture Academy", "Main Campus", year), false},
		{"runs of spaces", vpp("Fixture  Academy ", "Main Campus", year), vpp("Fixture Academy", " Main  Campus", year), true},
		{"macOS decomposed name", vpp("Schule", "Mu\u0308nchen", year), vpp("Schule", "M\u00fcnchen", year), true},
		{"case differs", vpp("Fixture Academy", "main campus", year), vpp("Fixture Academy", "Main Campus", year), false},
		{"same DEP server", dep("Fixture MDM", year), dep("Fixture MDM", year.AddDate(1, 0, 0)), true},
		{"DEP server, other organization", func() Entry { e := dep("Fixture MDM", year); e.Org = "A"; return e }(), dep("Fixture MDM", year), true},
		{"other DEP server", dep("Fixture MDM", year), dep("Other MDM", year), false},
		{"VPP and DEP", vpp("Fixture MDM", "", year), dep("Fixture MDM", year), false},
		{"push by topic, not server", push, func() Entry { e := push; e.Server = "Other MDM"; return e }(), true},
		{"push, other topic", push, func() Entry { e := push; e.Topic = "com.apple.mgmt.External.5678"; return e }(), false},
		{"push and DEP of one server", push, dep("Fixture MDM", year), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Identity() == tc.b.Identity(); got != tc.same {
				t.Errorf("same identity = %v, want %v\n%q\n%q", got, tc.same, tc.a.Identity(), tc.b.Identity())
			}
		})
	}
}

func TestNewestWins(t *testing.T) {
	at := func(e Entry, recorded time.Time, file string) Entry {
		e.Recorded, e.File = recorded, file
		return e
	}
	lastYear, thisYear := now.AddDate(0, -11, 0), now.AddDate(0, 1, 0)
	for _, tc := range []struct {
		name    string
		entries []Entry
		want    []string // file of each credential, in renew-by order
	}{
		{"later renewal wins", []Entry{
			at(vpp("A", "Main", lastYear), now.AddDate(-1, 0, 0), "old"),
			at(vpp("A", "Main", thisYear), now.AddDate(0, 0, -2), "new"),
		}, []string{"new"}},
		{"file order does not matter", []Entry{
			at(vpp("A", "Main", thisYear), now.AddDate(0, 0, -2), "new"),
			at(vpp("A", "Main", lastYear), now.AddDate(-1, 0, 0), "old"),
		}, []string{"new"}},
		{"latest recording wins even with an earlier expiry", []Entry{
			at(dep("S", thisYear.Add(time.Hour)), now.AddDate(0, 0, -2), "estimated"),
			at(dep("S", thisYear), now.AddDate(0, 0, -1), "exact"),
		}, []string{"exact"}},
		{"same moment: later in the file", []Entry{
			at(dep("S", thisYear), now, "first"),
			at(dep("S", thisYear), now, "second"),
		}, []string{"second"}},
		{"one line per credential, by renew-by date", []Entry{
			at(dep("S", thisYear.AddDate(0, 2, 0)), now, "dep"),
			at(vpp("A", "Main", thisYear), now, "main"),
			at(vpp("A", "Annex", lastYear), now, "annex"),
		}, []string{"annex", "main", "dep"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, it := range Credentials(tc.entries, now, 0) {
				got = append(got, it.File)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("credentials %v, want %v", got, tc.want)
			}
		})
	}
}

func TestWarningWindow(t *testing.T) {
	day := 24 * time.Hour
	for _, tc := range []struct {
		name    string
		expires time.Time
		within  int
		want    token.Status
	}{
		{"a year off", now.AddDate(1, 0, 0), 0, token.StatusOK},
		{"renew-by date tomorrow", now.Add(31 * day), 0, token.StatusOK},
		{"renew-by date reached", now.Add(30 * day), 0, token.StatusExpiring},
		{"renew-by date passed", now.Add(10 * day), 0, token.StatusExpiring},
		{"expires in a minute", now.Add(time.Minute), 0, token.StatusExpiring},
		{"expired this moment", now, 0, token.StatusExpired},
		{"expired last year", now.AddDate(-1, 0, 0), 0, token.StatusExpired},
		{"renew-by in 14 days, window 14", now.Add(44 * day), 14, token.StatusExpiring},
		{"renew-by in 15 days, window 14", now.Add(45 * day), 14, token.StatusOK},
		{"expired, window 14", now.Add(-day), 14, token.StatusExpired},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items := Credentials([]Entry{vpp("A", "Main", tc.expires)}, now, tc.within)
			if len(items) != 1 || items[0].Status != tc.want {
				t.Fatalf("status %v, want %s", items, tc.want)
			}
			due := Due([]Entry{vpp("A", "Main", tc.expires)}, now, tc.within)
			if wantDue := tc.want != token.StatusOK; (len(due) == 1) != wantDue {
				t.Errorf("Due lists %d credentials, want due=%v", len(due), wantDue)
			}
		})
	}
}

func TestRenewByIsRecordsRenewAt(t *testing.T) {
	expires := time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)
	it := Credentials([]Entry{vpp("A", "Main", expires)}, now, 0)[0]
	if !it.RenewBy.Equal(record.RenewAt(expires)) {
		t.Errorf("renew by %s, want %s", it.RenewBy, record.RenewAt(expires))
	}
	// A renew-by date written by another version is kept.
	e := vpp("A", "Main", expires)
	e.RenewBy = expires.AddDate(0, 0, -45)
	if it := Credentials([]Entry{e}, now, 0)[0]; !it.RenewBy.Equal(e.RenewBy) {
		t.Errorf("stored renew-by replaced: %s", it.RenewBy)
	}
}

func TestSummaryAndLabel(t *testing.T) {
	e := vpp("Fixture Academy", "Main Campus", time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC))
	e.MDMPortalName = "Relution"
	it := Credentials([]Entry{e}, now, 0)[0]
	if got, want := it.Summary(now), "VPP content token, Fixture Academy, Main Campus (Relution): renew by 2026-12-05, in 12 days"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	old := Credentials([]Entry{dep("Fixture MDM", now.AddDate(0, 0, -3))}, now, 0)[0]
	if got, want := old.Summary(now), "DEP server token, Fixture MDM: expired 2026-11-20, 3 days ago"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	evil := Entry{Kind: "future", Topic: "topic\x1b[2J\u202e"}
	if l := evil.Label(); strings.ContainsAny(l, "\x1b\u202e") || !strings.HasPrefix(l, "future credential, topic") {
		t.Errorf("label %q", l)
	}
}

func TestAppendAndLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "mdmtoken")
	path := filepath.Join(dir, "history.jsonl")
	e := vpp("Fixture Academy", "Main Campus", time.Date(2027, 5, 31, 13, 5, 0, 0, time.FixedZone("CEST", 2*3600)))
	e.File = "/home/alice/Downloads/sToken_for_Main Campus.vpptoken"
	e.SHA256 = strings.Repeat("AB", 32)
	e.Org = "Fixture\nAcademy"
	e.Source = SourceRenewal
	if err := Append(context.Background(), path, e); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]fs.FileMode{dir: DirMode, path: FileMode} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s mode %v, want %v", p, fi.Mode().Perm(), want)
		}
	}
	if err := Append(context.Background(), path, dep("Fixture MDM", now.AddDate(1, 0, 0))); err != nil {
		t.Fatal(err)
	}
	entries, warnings, err := Load(context.Background(), path)
	if err != nil || len(warnings) != 0 || len(entries) != 2 {
		t.Fatalf("Load: %d entries, warnings %v, err %v", len(entries), warnings, err)
	}
	got := entries[0]
	switch {
	case got.File != "sToken_for_Main Campus.vpptoken":
		t.Errorf("file %q: only the base name is stored", got.File)
	case got.Org != "Fixture Academy":
		t.Errorf("org %q: kept on one line", got.Org)
	case got.SHA256 != strings.Repeat("ab", 32):
		t.Errorf("sha256 %q", got.SHA256)
	case got.Expires.Location() != time.UTC || !got.Expires.Equal(e.Expires):
		t.Errorf("expires %v, want %v in UTC", got.Expires, e.Expires)
	case !got.RenewBy.Equal(record.RenewAt(e.Expires)):
		t.Errorf("renew by %v", got.RenewBy)
	case got.Source != SourceRenewal:
		t.Errorf("source %q", got.Source)
	}

	// An existing file keeps the mode its owner gave it.
	if err := os.Chmod(path, 0o660); err != nil {
		t.Fatal(err)
	}
	if err := Append(context.Background(), path, dep("Other", now.AddDate(1, 0, 0))); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o660 {
		t.Errorf("mode changed to %v", fi.Mode().Perm())
	}
}

func TestAppendRefuses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	ok := vpp("A", "Main", now.AddDate(1, 0, 0))
	for name, e := range map[string]Entry{
		"no kind":          func() Entry { e := ok; e.Kind = ""; return e }(),
		"odd kind":         func() Entry { e := ok; e.Kind = "VPP token"; return e }(),
		"no expiry":        func() Entry { e := ok; e.Expires = time.Time{}; return e }(),
		"VPP, no location": func() Entry { e := ok; e.Location = " "; return e }(),
		"DEP, no server":   dep("", now.AddDate(1, 0, 0)),
		"no time":          func() Entry { e := ok; e.Recorded = time.Time{}; return e }(),
		"not a SHA-256":    func() Entry { e := ok; e.SHA256 = "secret-token-value"; return e }(),
		"short SHA-256":    func() Entry { e := ok; e.SHA256 = "abcd"; return e }(),
		"non-hex SHA-256":  func() Entry { e := ok; e.SHA256 = strings.Repeat("g", 64); return e }(),
	} {
		if err := Append(context.Background(), path, e); err == nil {
			t.Errorf("%s: appended", name)
		}
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused entry created the file: %v", err)
	}
	if err := Append(context.Background(), "", ok); err == nil {
		t.Error("appended without a path")
	}
}

func TestDamagedLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	good := `{"kind":"vpp","org":"A","location":"Main","expires":"2027-05-31T13:05:00Z","recorded":"2026-05-31T13:05:00Z"}`
	newer := `{"kind":"push","topic":"com.apple.mgmt.External.1","expires":"2027-06-01T00:00:00Z","recorded":"2026-06-01T00:00:00Z","apns_vendor":"Fixture","future":{"x":1}}`
	lines := []string{
		good,                            // 1
		`{"kind":"vpp","org":"B","expi`, // 2: cut short
		``,                              // 3: blank, ignored
		`sk_live_SECRETSECRETSECRET`,    // 4: not JSON (and a secret)
		`{"kind":"vpp","org":"C","recorded":"2026-05-31T13:05:00Z"}`,                                             // 5: no expiry
		`{"kind":"vpp","expires":"SECRET-VALUE","recorded":"2026-05-31T13:05:00Z"}`,                              // 6: bad date
		`{"kind":42,"expires":"2027-05-31T13:05:00Z","recorded":"2026-05-31T13:05:00Z"}`,                         // 7: wrong type
		`{"kind":"vpp","file":"/etc/passwd","expires":"2027-05-31T13:05:00Z","recorded":"2026-05-31T13:05:00Z"}`, // 8: a path
		`{"kind":"vpp","sha256":"SECRET","expires":"2027-05-31T13:05:00Z","recorded":"2026-05-31T13:05:00Z"}`,    // 9: not a digest
		`["kind","vpp"]`, // 10: not an object
		`{"kind":"vpp","org":"` + strings.Repeat("x", MaxLine) + `","expires":"2027-05-31T13:05:00Z","recorded":"2026-05-31T13:05:00Z"}`, // 11: too long
		newer, // 12: a newer version's kind and fields
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	entries, warnings, err := Load(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].Org != "A" || entries[1].Kind != "push" || entries[1].Topic != "com.apple.mgmt.External.1" {
		t.Errorf("entries %+v, want the first and the last line", entries)
	}
	var got []int
	for _, w := range warnings {
		got = append(got, w.Line)
		s := w.String()
		if strings.Contains(s, "SECRET") || strings.Contains(s, "xxxx") || strings.Contains(s, "passwd") {
			t.Errorf("warning shows the line's content: %s", s)
		}
		if !strings.HasPrefix(s, "line ") {
			t.Errorf("warning does not name the line: %s", s)
		}
	}
	if want := []int{2, 4, 5, 6, 7, 8, 9, 10, 11}; !equalInts(got, want) {
		t.Errorf("warnings on lines %v, want %v: %v", got, want, warnings)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAppendAfterUnfinishedLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	if err := os.WriteFile(path, []byte(`{"kind":"vpp","org":"A","expires":"2027-05-31T13:0`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Append(context.Background(), path, dep("Fixture MDM", now.AddDate(1, 0, 0))); err != nil {
		t.Fatal(err)
	}
	entries, warnings, err := Load(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Server != "Fixture MDM" {
		t.Errorf("entries %+v: the new entry is not readable", entries)
	}
	if len(warnings) != 1 || warnings[0].Line != 1 {
		t.Errorf("warnings %v, want one for line 1", warnings)
	}
}

func TestLoadProblems(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := Load(context.Background(), filepath.Join(dir, "none.jsonl")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
	if _, _, err := Load(context.Background(), dir); err == nil {
		t.Error("a folder loaded")
	}
	big := filepath.Join(dir, "big.jsonl")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, _, err := Load(context.Background(), big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("oversized file: %v", err)
	}
	if err := Append(context.Background(), big, dep("S", now.AddDate(1, 0, 0))); err == nil {
		t.Error("appended to an oversized file")
	}
}

func TestLocate(t *testing.T) {
	t.Setenv(EnvVar, "")
	t.Setenv("XDG_DATA_HOME", "/data")
	if got := Locate(""); got != "/data/mdmtoken/history.jsonl" {
		t.Errorf("default %q", got)
	}
	t.Setenv("XDG_DATA_HOME", "relative")
	t.Setenv("HOME", "/home/alice")
	if got := Locate(""); got != "/home/alice/.local/share/mdmtoken/history.jsonl" {
		t.Errorf("relative XDG_DATA_HOME: %q", got)
	}
	t.Setenv(EnvVar, "/srv/team.jsonl")
	if got := Locate(""); got != "/srv/team.jsonl" {
		t.Errorf("environment: %q", got)
	}
	if got := Locate("mine.jsonl"); got != "mine.jsonl" {
		t.Errorf("flag: %q", got)
	}
}

func TestKindName(t *testing.T) {
	for k, want := range map[token.Kind]string{
		token.KindVPP: "VPP content token",
		token.KindDEP: "DEP server token",
		"future":      "future credential",
	} {
		if got := KindName(k); got != want {
			t.Errorf("KindName(%q) = %q, want %q", k, got, want)
		}
	}
}
