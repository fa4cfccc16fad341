package record

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	calendar "github.com/mdmtoken/mdmtoken/internal/ics"

	ics "github.com/arran4/golang-ical"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var (
	cet     = time.FixedZone("CET", 3600)
	fixedAt = time.Date(2025, 11, 23, 14, 5, 0, 0, cet)
)

func depRenewal() Renewal {
	return Renewal{
		Kind:               "dep",
		KindName:           "DEP server token (Automated Device Enrollment)",
		ApplePortal:        "Apple Business Manager",
		MDMPortal:          "Relution",
		AppleID:            "abm",
		PortalID:           "relution",
		Org:                "Relution MDM Schulträger Nord",
		FileName:           "/Users/alice/Downloads/Relution_MDM_Token_2025-11-23T13-01-02Z_smime.p7m",
		SHA256:             "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		OldExpiry:          time.Date(2025, 12, 1, 9, 30, 0, 0, cet),
		NewExpiry:          time.Date(2026, 11, 23, 14, 1, 2, 0, cet),
		NewExpiryEstimated: true,
		User:               "alice",
		Host:               "helpdesk-mac-01",
		When:               fixedAt,
		Checks: []string{
			"content is a DEP server token",
			"encrypted for this MDM server",
			"downloaded today",
		},
		Accepted: true,
	}
}

func vppRenewal() Renewal {
	return Renewal{
		Kind:          "vpp",
		ApplePortal:   "Apple School Manager",
		MDMPortal:     "Jamf Pro",
		AppleID:       "asm",
		PortalID:      "jamf pro", // needs shell quoting
		Org:           "Example School; Arts, Crafts & \\Music",
		Location:      "North Wing",
		LocationCheck: `not checked: mdmtoken cannot see which location the MDM's token is for; the file name says "North Wing"`,
		FileName:      `C:\Users\bob\Desktop\sToken_for_Example School.vpptoken`,
		SHA256:        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		NewExpiry:     time.Date(2027, 1, 15, 8, 0, 0, 0, time.UTC),
		User:          "bob",
		When:          time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC),
		Accepted:      false,
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./record -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file:\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

func TestMarkdownGolden(t *testing.T) {
	golden(t, "dep.md", Markdown(depRenewal()))
	golden(t, "vpp.md", Markdown(vppRenewal()))
}

func TestCalendarGolden(t *testing.T) {
	for name, r := range map[string]Renewal{"dep.ics": depRenewal(), "vpp.ics": vppRenewal()} {
		b, err := Calendar(r, fixedAt)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, name, b)
	}
}

func TestRenewAt(t *testing.T) {
	exp := time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)
	if got, want := RenewAt(exp), time.Date(2026, 2, 13, 10, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("RenewAt(%v) = %v, want %v", exp, got, want)
	}
	if !RenewAt(time.Time{}).IsZero() {
		t.Error("RenewAt(zero) is not zero")
	}
}

// TestUsedWithLittleLeft: a token put to use with less than
// RenewDaysBefore days left (last year's file, used anyway) gets no
// reminder on a day gone by, the record says to renew again now and why
// the file was used despite its warning.
func TestUsedWithLittleLeft(t *testing.T) {
	r := depRenewal()
	r.When = fixedAt
	r.NewExpiry = fixedAt.AddDate(0, 0, 20)
	r.UsedAnyway = "STALE: it looks like last year's file still in Downloads, not a new download."
	if got, want := RenewOn(r.NewExpiry, fixedAt), fixedAt.AddDate(0, 0, 1); !got.Equal(want) {
		t.Errorf("RenewOn = %v, want the next day, %v", got, want)
	}
	if got := RenewOn(depRenewal().NewExpiry, fixedAt); !got.Equal(RenewAt(depRenewal().NewExpiry)) {
		t.Errorf("RenewOn of a year-long token = %v, want RenewAt", got)
	}
	b, err := Calendar(r, fixedAt)
	if err != nil {
		t.Fatal(err)
	}
	if _, ev := parse(t, b); !strings.Contains(ev.GetProperty(ics.ComponentPropertyDtStart).Value, fixedAt.AddDate(0, 0, 1).Format("20060102")) {
		t.Errorf("the reminder is not on the next day:\n%s", b)
	}
	md := string(Markdown(r))
	for _, want := range []string{
		"| Renew by | now (it expires within 30 days) |",
		"Renew now: it expires within 30 days.",
		"## Used despite a warning\n\nSTALE: it looks like last year's file",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("no %q in:\n%s", want, md)
		}
	}
	if strings.Contains(string(Markdown(depRenewal())), "Used despite") {
		t.Error("a file that was fine is said to be used despite a warning")
	}
}

// TestMarkdownPreviousReset: the old token's expiry says when a new
// download reset it before then, also when the expiry is not known.
func TestMarkdownPreviousReset(t *testing.T) {
	r := depRenewal()
	r.OldReset = r.OldExpiry.AddDate(0, 0, -5)
	want := ", but reset " + r.OldReset.Format("2006-01-02") + " by the new download |"
	if md := string(Markdown(r)); !strings.Contains(md, want) {
		t.Errorf("no %q in:\n%s", want, md)
	}
	if md := string(Markdown(depRenewal())); strings.Contains(md, "but reset") {
		t.Errorf("no reset, yet:\n%s", md)
	}
	// A token reset during another renewal: its expiry is not known, but
	// when it stopped working is.
	v := vppRenewal()
	v.OldReset = v.When.AddDate(0, 0, -12)
	if md := string(Markdown(v)); !strings.Contains(md, "| Previous expiry | unknown; reset "+v.OldReset.Format("2006-01-02")+" by the new download |") {
		t.Errorf("a reset with no known expiry:\n%s", md)
	}
}

func TestMarkdownContent(t *testing.T) {
	md := string(Markdown(depRenewal()))
	for _, want := range []string{
		"| Token | DEP server token (Automated Device Enrollment) |",
		"| Apple portal | Apple Business Manager |",
		"| MDM portal | Relution |",
		"| MDM server | Relution MDM Schulträger Nord |",
		"| File | `Relution_MDM_Token_2025-11-23T13-01-02Z_smime.p7m` |",
		"| SHA-256 | `9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08` |",
		"| Previous expiry | 2025-12-01 09:30 CET |",
		"| New expiry | 2026-11-23 (estimated) |",
		"| Renew by | 2026-10-24 |",
		"| Renewed by | alice on helpdesk-mac-01 |",
		"| Renewed at | 2025-11-23 14:05 CET |",
		"| Accepted by Relution | yes |",
		"- [x] content is a DEP server token\n- [x] encrypted for this MDM server\n- [x] downloaded today\n",
		"`mdmtoken --kind dep --apple abm --portal relution`",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("record lacks %q:\n%s", want, md)
		}
	}

	v := string(Markdown(vppRenewal()))
	for _, want := range []string{
		"| Organization | Example School; Arts, Crafts & \\\\Music |",
		"| Previous expiry | unknown |",
		"| Accepted by Jamf Pro | **not confirmed** |",
		"No checks were recorded.",
		"| New expiry | 2027-01-15 08:00 UTC |",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("VPP record lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(md, "Also to do") || strings.Contains(v, "Also to do") {
		t.Error("a record with nothing left to do has an \"Also to do\" section")
	}
}

// TestMarkdownAlsoToDo: what is left to do after the renewal (another
// server's token to upload) is a list of open check boxes, cleaned of
// control characters and Markdown.
func TestMarkdownAlsoToDo(t *testing.T) {
	r := depRenewal()
	r.AlsoToDo = []string{"Upload Staging_Token.p7m to the MDM of the server \"Staging\" too", "  ", "Upload *x*\x1b[31m"}
	md := string(Markdown(r))
	want := "## Also to do\n\n- [ ] Upload Staging\\_Token.p7m to the MDM of the server \"Staging\" too\n- [ ] Upload \\*x\\*"
	if !strings.Contains(md, want) || strings.Contains(md, "\x1b") || strings.Count(md, "- [ ]") != 2 {
		t.Errorf("record lacks %q:\n%s", want, md)
	}
}

// parse reads b with golang-ical and returns its single event.
func parse(t *testing.T, b []byte) (*ics.Calendar, *ics.VEvent) {
	t.Helper()
	cal, err := ics.ParseCalendar(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("golang-ical cannot parse the calendar: %v\n%s", err, b)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events, want 1", len(evs))
	}
	return cal, evs[0]
}

func prop(t *testing.T, c interface {
	GetProperty(ics.ComponentProperty) *ics.IANAProperty
}, p ics.ComponentProperty) *ics.IANAProperty {
	t.Helper()
	v := c.GetProperty(p)
	if v == nil {
		t.Fatalf("no %s property", p)
	}
	return v
}

func TestCalendarParsed(t *testing.T) {
	r := depRenewal()
	b, err := Calendar(r, fixedAt)
	if err != nil {
		t.Fatal(err)
	}
	cal, ev := parse(t, b)

	var version, prodid string
	for _, p := range cal.CalendarProperties {
		switch p.IANAToken {
		case "VERSION":
			version = p.Value
		case "PRODID":
			prodid = p.Value
		}
	}
	if version != "2.0" || prodid != ProdID {
		t.Errorf("VERSION %q PRODID %q", version, prodid)
	}

	// All-day start 30 days before the expiry of 2026-11-23.
	start := prop(t, ev, ics.ComponentPropertyDtStart)
	if start.Value != "20261024" {
		t.Errorf("DTSTART = %q, want 20261024", start.Value)
	}
	if v := start.ICalParameters["VALUE"]; len(v) != 1 || v[0] != "DATE" {
		t.Errorf("DTSTART VALUE parameter = %v, want DATE", v)
	}
	day, err := ev.GetAllDayStartAt()
	if err != nil {
		t.Fatal(err)
	}
	if y, m, d := day.Date(); y != 2026 || m != time.October || d != 24 {
		t.Errorf("all-day start = %v, want 2026-10-24", day)
	}
	if got := prop(t, ev, ics.ComponentPropertyDtEnd).Value; got != "20261025" {
		t.Errorf("DTEND = %q, want 20261025", got)
	}
	stamp, err := ev.GetDtStampTime()
	if err != nil {
		t.Fatal(err)
	}
	if !stamp.Equal(fixedAt) || prop(t, ev, ics.ComponentPropertyDtstamp).Value != "20251123T130500Z" {
		t.Errorf("DTSTAMP = %v, want %v in UTC", stamp, fixedAt)
	}
	if id := ev.Id(); !strings.HasPrefix(id, "mdmtoken-dep-20261123-") {
		t.Errorf("UID = %q", id)
	}

	wantSummary := "Renew the Apple DEP server token (Automated Device Enrollment) for Relution MDM Schulträger Nord"
	if got := prop(t, ev, ics.ComponentPropertySummary).Value; got != wantSummary {
		t.Errorf("SUMMARY = %q, want %q", got, wantSummary)
	}
	desc := prop(t, ev, ics.ComponentPropertyDescription).Value
	for _, want := range []string{
		"expires on 2026-11-23 (estimated).\n",
		"Renew it by 2026-10-24: download a new token in Apple Business Manager and upload it to Relution.\n",
		"Guided steps: mdmtoken --kind dep --apple abm --portal relution\n",
		"Last renewed on 2025-11-23 by alice on helpdesk-mac-01 with Relution_MDM_Token_2025-11-23T13-01-02Z_smime.p7m.",
	} {
		if !strings.Contains(desc, want) {
			t.Errorf("DESCRIPTION lacks %q:\n%s", want, desc)
		}
	}

	alarms := ev.Alarms()
	if len(alarms) != 1 {
		t.Fatalf("%d alarms, want 1", len(alarms))
	}
	a := alarms[0]
	if got := prop(t, a, ics.ComponentPropertyAction).Value; got != "DISPLAY" {
		t.Errorf("ACTION = %q", got)
	}
	trig := prop(t, a, ics.ComponentPropertyTrigger)
	if trig.Value != "PT9H" {
		t.Errorf("TRIGGER = %q, want PT9H", trig.Value)
	}
	if got := prop(t, a, ics.ComponentPropertyDescription).Value; got != wantSummary {
		t.Errorf("alarm DESCRIPTION = %q", got)
	}
}

func TestCalendarEscapingAndFolding(t *testing.T) {
	r := vppRenewal()
	r.Org = strings.Repeat("Grundschule am Müllerweg; Zweigstelle Süd, Haus \\B ", 4)
	r.Host = "host\nwith\r\nbreaks"
	b, err := Calendar(r, fixedAt)
	if err != nil {
		t.Fatal(err)
	}

	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Error("calendar does not end in CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
	folded := 0
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i, l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded < 3 {
		t.Errorf("only %d continuation lines; the long description was not folded", folded)
	}

	_, ev := parse(t, b)
	wantSummary := "Renew the Apple VPP content token (Apps and Books) for " + strings.TrimSpace(r.Org) + " (North Wing)"
	if got := prop(t, ev, ics.ComponentPropertySummary).Value; got != wantSummary {
		t.Errorf("SUMMARY after unfolding and unescaping =\n%q\nwant\n%q", got, wantSummary)
	}
	desc := prop(t, ev, ics.ComponentPropertyDescription).Value
	if want := description(r); desc != want {
		t.Errorf("DESCRIPTION after unfolding and unescaping =\n%q\nwant\n%q", desc, want)
	}
	if !strings.Contains(desc, "Guided steps: mdmtoken --kind vpp --apple asm --portal 'jamf pro'\n") {
		t.Errorf("DESCRIPTION lacks the quoted guide command:\n%s", desc)
	}
	if !strings.Contains(desc, "on host with breaks") {
		t.Errorf("line breaks in a field were not flattened:\n%s", desc)
	}
}

func TestCalendarZeroExpiry(t *testing.T) {
	r := depRenewal()
	r.NewExpiry = time.Time{}
	b, err := Calendar(r, fixedAt)
	if !errors.Is(err, ErrNoExpiry) || b != nil {
		t.Errorf("Calendar with zero expiry = %d bytes, %v; want ErrNoExpiry", len(b), err)
	}
}

func TestCalendarUIDStable(t *testing.T) {
	a, b := depRenewal(), depRenewal()
	b.When = b.When.Add(48 * time.Hour)
	b.SHA256 = "00"
	b.NewExpiry = b.NewExpiry.Add(time.Hour) // same day
	if uid(a) != uid(b) {
		t.Errorf("UID changed with fields other than kind, org and expiry: %s vs %s", uid(a), uid(b))
	}
	for _, change := range []func(*Renewal){
		func(r *Renewal) { r.Kind = "vpp" },
		func(r *Renewal) { r.Org = "Other" },
		func(r *Renewal) { r.Location = "South Wing" },
		func(r *Renewal) { r.NewExpiry = r.NewExpiry.AddDate(0, 0, 1) },
	} {
		c := depRenewal()
		change(&c)
		if uid(c) == uid(a) {
			t.Errorf("UID %s did not change with kind, org, location or expiry", uid(a))
		}
	}
}

// TestLocations: two locations of one organization get their own record
// file, reminder and title, each naming its location.
func TestLocations(t *testing.T) {
	dir := t.TempDir()
	a, b := vppRenewal(), vppRenewal()
	b.Location = "South Wing"
	mdA, icsA, errA := Save(dir, a, fixedAt)
	mdB, icsB, errB := Save(dir, b, fixedAt)
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	for _, c := range []struct{ path, want string }{
		{mdA, "example-school-arts-crafts-music-north-wing.md"},
		{mdB, "example-school-arts-crafts-music-south-wing.md"},
	} {
		if !strings.HasSuffix(c.path, c.want) {
			t.Errorf("record %s, want a name ending in %s", c.path, c.want)
		}
	}
	for _, c := range []struct{ path, want string }{
		{mdA, "| Location | North Wing |"}, {mdB, "| Location | South Wing |"},
		{icsA, "(North Wing)"}, {icsB, "(South Wing)"},
	} {
		if b, err := os.ReadFile(c.path); err != nil || !strings.Contains(string(b), c.want) {
			t.Errorf("%s lacks %q (%v)", c.path, c.want, err)
		}
	}
	if uid(a) == uid(b) {
		t.Error("two locations share one reminder")
	}
}

func TestNoSecretsInOutputs(t *testing.T) {
	const secret = "S3CRET-DIRECTORY"
	r := depRenewal()
	r.FileName = "/home/alice/" + secret + "/Relution_smime.p7m"
	v := vppRenewal()
	v.FileName = `D:\` + secret + `\sToken_for_X.vpptoken`
	for _, x := range []Renewal{r, v} {
		cal, err := Calendar(x, fixedAt)
		if err != nil {
			t.Fatal(err)
		}
		unfolded := bytes.ReplaceAll(cal, []byte("\r\n "), nil)
		for name, out := range map[string][]byte{"record": Markdown(x), "calendar": unfolded} {
			if bytes.Contains(out, []byte(secret)) {
				t.Errorf("%s contains the file's directory:\n%s", name, out)
			}
			base := x.FileName[strings.LastIndexAny(x.FileName, `/\`)+1:]
			if !bytes.Contains(out, []byte(base)) && !bytes.Contains(out, []byte(calendar.Text(base))) {
				t.Errorf("%s lacks the file's base name %q", name, base)
			}
		}
	}
}

func TestMarkdownInjection(t *testing.T) {
	r := depRenewal()
	r.Org = "Evil\n# Injected heading | col"
	r.Checks = []string{"ok\n- [x] forged check"}
	md := string(Markdown(r))
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "# Injected") || strings.HasPrefix(l, "- [x] forged") {
			t.Errorf("a field broke out of its line: %q", l)
		}
	}
	if !strings.Contains(md, `| MDM server | Evil \# Injected heading \| col |`) {
		t.Errorf("organization not escaped for a table cell:\n%s", md)
	}

	c := depRenewal()
	c.Org = "X\r\nBEGIN:VEVENT\r\nSUMMARY:forged"
	b, err := Calendar(c, fixedAt)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("\r\nBEGIN:VEVENT\r\n")); n != 1 {
		t.Errorf("%d BEGIN:VEVENT lines, want 1:\n%s", n, b)
	}
	parse(t, b)
}

func TestCommand(t *testing.T) {
	for _, tc := range []struct {
		r    Renewal
		want string
	}{
		{Renewal{Kind: "dep", AppleID: "abm", PortalID: "relution"}, "mdmtoken --kind dep --apple abm --portal relution"},
		{Renewal{Kind: "vpp", PortalID: "it's mine"}, `mdmtoken --kind vpp --portal 'it'\''s mine'`},
		{Renewal{Kind: "vpp", AppleID: "$(rm -rf ~)"}, `mdmtoken --kind vpp --apple '$(rm -rf ~)'`},
	} {
		if got := tc.r.Command(); got != tc.want {
			t.Errorf("Command() = %q, want %q", got, tc.want)
		}
	}
}

func TestSave(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "records", "sub")
	r := depRenewal()
	md, cal, err := Save(dir, r, fixedAt)
	if err != nil {
		t.Fatal(err)
	}
	wantBase := "mdmtoken-dep-renewal-2025-11-23-relution-mdm-schultraeger-nord"
	if md != filepath.Join(dir, wantBase+".md") || cal != filepath.Join(dir, wantBase+".ics") {
		t.Errorf("paths %s, %s; want %s.md/.ics in %s", md, cal, wantBase, dir)
	}
	if !filepath.IsAbs(md) || !filepath.IsAbs(cal) {
		t.Errorf("paths not absolute: %s %s", md, cal)
	}
	checkFile(t, md, Markdown(r))
	wantICS, _ := Calendar(r, fixedAt)
	checkFile(t, cal, wantICS)
	if runtime.GOOS != "windows" {
		st, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != DirMode {
			t.Errorf("dir mode %v, want %v", st.Mode().Perm(), fs.FileMode(DirMode))
		}
	}

	// A second save with different content keeps the first files.
	r2 := depRenewal()
	r2.Accepted = false
	md2, cal2, err := Save(dir, r2, fixedAt)
	if err != nil {
		t.Fatal(err)
	}
	if md2 != filepath.Join(dir, wantBase+"-2.md") || cal2 != filepath.Join(dir, wantBase+"-2.ics") {
		t.Errorf("second save wrote %s, %s; want the -2 names", md2, cal2)
	}
	checkFile(t, md, Markdown(r))
	checkFile(t, md2, Markdown(r2))

	// An existing .ics alone also moves both names on.
	if err := os.WriteFile(filepath.Join(dir, wantBase+"-3.ics"), []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	md4, cal4, err := Save(dir, r, fixedAt)
	if err != nil {
		t.Fatal(err)
	}
	if md4 != filepath.Join(dir, wantBase+"-4.md") || cal4 != filepath.Join(dir, wantBase+"-4.ics") {
		t.Errorf("third save wrote %s, %s; want the -4 names", md4, cal4)
	}
	checkFile(t, filepath.Join(dir, wantBase+"-3.ics"), []byte("keep"))
	if _, err := os.Stat(filepath.Join(dir, wantBase+"-3.md")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a lone -3.md was left behind: %v", err)
	}
}

func TestSaveNoExpiry(t *testing.T) {
	dir := t.TempDir()
	r := vppRenewal()
	r.NewExpiry = time.Time{}
	r.When = time.Time{} // the file name falls back to now
	md, cal, err := Save(dir, r, fixedAt)
	if !errors.Is(err, ErrNoExpiry) {
		t.Fatalf("err = %v, want ErrNoExpiry", err)
	}
	if cal != "" {
		t.Errorf("calendar path %q, want none", cal)
	}
	if filepath.Base(md) != "mdmtoken-vpp-renewal-2025-11-23-example-school-arts-crafts-music-north-wing.md" {
		t.Errorf("record path %s", md)
	}
	r.When = fixedAt
	checkFile(t, md, Markdown(r))
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files written, want 1", len(entries))
	}
}

func checkFile(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s has unexpected content:\n%s", path, got)
	}
	if runtime.GOOS == "windows" {
		return
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != FileMode {
		t.Errorf("%s mode %v, want %v", path, st.Mode().Perm(), fs.FileMode(FileMode))
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Relution MDM Schulträger Nord": "relution-mdm-schultraeger-nord",
		"  --Hello,   World!--  ":       "hello-world",
		"日本":                            "",
		"../../etc/passwd":              "etc-passwd",
	} {
		if got := slug(in, 40); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	if got := slug(strings.Repeat("ab ", 30), 9); got != "ab-ab-ab" {
		t.Errorf("slug not bounded: %q", got)
	}
}

// TestAppendNote: a note after the renewal, such as what was done with the
// token files, goes into the record as its own section.
func TestAppendNote(t *testing.T) {
	md, _, err := Save(t.TempDir(), vppRenewal(), fixedAt)
	if err != nil {
		t.Fatal(err)
	}
	if err := AppendNote(md, "Token files", "Moved 2 token files to /home/x/used: a *b*."); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(md)
	if !strings.HasSuffix(string(b), "\n## Token files\n\nMoved 2 token files to /home/x/used: a \\*b\\*.\n"+footer) {
		t.Errorf("record ends:\n%s", b[max(0, len(b)-300):])
	}
	if info, err := os.Stat(md); err != nil || info.Mode().Perm() != FileMode {
		t.Errorf("record mode %v, %v", info.Mode(), err)
	}
	if err := AppendNote(filepath.Join(t.TempDir(), "missing.md"), "x", "y"); err == nil {
		t.Error("appended to a record that does not exist")
	}
}

// A record that cannot be written says where it should have gone: the
// record folder when that cannot be made, the file when it cannot be
// written.
func TestSaveFailureSaysWhere(t *testing.T) {
	base := t.TempDir()
	file := filepath.Join(base, "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(file, "records")
	_, _, err := Save(dir, depRenewal(), fixedAt)
	if err == nil || !strings.Contains(err.Error(), "cannot create the record folder "+dir+": ") {
		t.Errorf("Save under a file: %v, want the record folder %s named", err, dir)
	}

	// A folder no file can be made in, even by root: /proc's.
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc here")
	}
	_, _, err = Save("/proc/self", depRenewal(), fixedAt)
	want := "cannot write /proc/self/mdmtoken-dep-renewal-2025-11-23-relution-mdm-schultraeger-nord.md: "
	if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Count(err.Error(), "/proc/self") != 1 {
		t.Errorf("Save into /proc/self: %v, want it to start %q and name the file once", err, want)
	}
}
