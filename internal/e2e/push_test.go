//go:build linux || darwin

package e2e

import (
	"encoding/pem"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/sample"
)

// pushArgs answer the wizard's first screens for a push certificate
// renewal uploaded to Intune; the push certificate has one Apple portal.
var pushArgs = []string{"--kind", "push", "--portal", "intune"}

// The push files newPushHome adds to the Downloads folder, named as a
// browser and a careful admin leave them: last year's renamed with its
// year, this year's renewal, and a certificate made by mistake with
// Create a Certificate, downloaded last, which the browser numbers.
const (
	pushRenewed  = "MDM_ Lakeside_Certificate.pem"
	pushLastYear = "MDM_ Lakeside_Certificate_2025.pem"
	pushNewTopic = "MDM_ Lakeside_Certificate (1).pem"
	pushUUID     = "8f2c1a7e-4b3d-4e59-9a61-2d7c5e0b9f14"
	newPushUUID  = "0b9e77d2-1111-4c2a-8e3f-5a6b7c8d9e0f"
	pushTopic    = "com.apple.mgmt.External." + pushUUID
)

var (
	pushCAOnce sync.Once
	pushCA     *sample.Identity
	pushCAErr  error
)

// pushHome is a home folder whose Downloads hold the DEP renewal's files
// (see newHome) and the push certificates, and when they expire.
type pushHome struct {
	home
	lastYearExpires, renewedExpires time.Time
}

// newPushHome adds to newHome's Downloads last year's push certificate
// (expiring in ten days), this year's renewal of the same topic and a
// newer certificate with another topic, issued by a CA named like Apple's
// push CA for the MDM's key, dated relative to now as the binary judges
// against the real clock.
func newPushHome(t *testing.T) pushHome {
	t.Helper()
	h := pushHome{home: newHome(t)}
	now := time.Now()
	pushCAOnce.Do(func() { pushCA, pushCAErr = sample.NewPushCA(now.AddDate(-3, 0, 0), now.AddDate(5, 0, 0)) })
	if pushCAErr != nil {
		t.Fatalf("making the push CA: %v", pushCAErr)
	}
	key := mdmIdentity(t).Key
	for _, c := range []struct {
		name, uuid string
		from       time.Time
		expires    *time.Time
	}{
		{pushLastYear, pushUUID, now.AddDate(-1, 0, 10), &h.lastYearExpires},
		{pushRenewed, pushUUID, now.Add(-3 * time.Minute), &h.renewedExpires},
		{pushNewTopic, newPushUUID, now.Add(-time.Minute), nil},
	} {
		cert, err := sample.PushCertificate(pushCA, c.uuid, key, c.from)
		if err != nil {
			t.Fatalf("making %s: %v", c.name, err)
		}
		if c.expires != nil {
			*c.expires = cert.NotAfter
		}
		path := filepath.Join(h.downloads, c.name)
		if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, c.from, c.from); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// checkPushRecord checks the one renewal record in dir: it names the push
// topic, the file and the old and new expiry, and holds neither a key nor
// the certificate.
func checkPushRecord(t *testing.T, dir string, h pushHome) {
	t.Helper()
	md, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	if len(md) != 1 {
		t.Fatalf("records written: %v, want one", md)
	}
	rec, err := os.ReadFile(md[0])
	if err != nil {
		t.Fatal(err)
	}
	text := string(rec)
	for _, want := range []string{
		"| Push topic | " + pushTopic + " |",
		"`" + pushRenewed + "`",
		"| Previous expiry | " + h.lastYearExpires.UTC().Format("2006-01-02 15:04") + " UTC |",
		"| New expiry | " + h.renewedExpires.UTC().Format("2006-01-02 15:04") + " UTC |",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the record lacks %q:\n%s", want, text)
		}
	}
	pemText, err := os.ReadFile(filepath.Join(h.downloads, pushRenewed))
	if err != nil {
		pemText, err = os.ReadFile(filepath.Join(h.dir, ".local", "share", "mdmtoken", "used-tokens", pushRenewed))
	}
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Split(string(pemText), "\n")[1] // the certificate's first line of base64
	if strings.Contains(text, "PRIVATE KEY") || strings.Contains(text, "BEGIN CERTIFICATE") || strings.Contains(text, body) {
		t.Errorf("the record holds a key or the certificate:\n%s", text)
	}
}

// TestRenewPush goes through a push certificate renewal in the
// full-screen wizard with last year's certificate and one with a new topic
// beside this year's renewal: the Renew warning needs y; the picker starts
// on the renewal; the new-topic certificate, chosen, is stopped with the
// re-enroll warning and only the way back to Renew or another file; back
// in Apple's steps the warning is not asked again; the renewal is
// accepted after comparing it with last year's, and the record holds the
// topic and both expiries, and no key.
func TestRenewPush(t *testing.T) {
	h := newPushHome(t)
	records := t.TempDir()
	args := append(append([]string{}, pushArgs...), "--record-dir", records)
	s := start(t, startOptions{args: args, env: env(h.dir)})

	s.waitForText("Before you start: APNs push certificate", waitTimeout)
	s.waitForText(helpQuit, waitTimeout)
	before := s.screen()
	s.send("\r")
	s.waitForChange(before, waitTimeout)
	screens, confirms := s.walkSteps(pickerTitle)
	if confirms != 1 {
		t.Errorf("the steps asked for y %d times, want once (Renew, not Create a Certificate)", confirms)
	}
	if !strings.Contains(screens[0], "Microsoft Intune, step") {
		t.Errorf("the first step is not Intune's, to get the request file:\n%s", screens[0])
	}

	// The picker starts on this year's renewal; the new-topic one is
	// marked wrong in the list already.
	scr := s.waitForText(okBadge, waitTimeout)
	if line := cursorLine(scr); !strings.Contains(line, pushRenewed) {
		t.Errorf("the picker's cursor is on %q, want %s\n%s", line, pushRenewed, s.dump())
	}
	if line := rowOf(scr, pushNewTopic); !strings.Contains(line, "✗") {
		t.Errorf("the new-topic certificate's row %q is not marked wrong\n%s", line, s.dump())
	}
	s.moveTo(pushNewTopic)
	s.send("\r")

	scr = s.waitForText("Go back to the Push Certificates Portal", waitTimeout)
	flat := flatText(scr)
	if !strings.Contains(scr, "✗ MISMATCH") {
		t.Errorf("the new-topic verdict is not a mismatch\n%s", s.dump())
	}
	// This year's renewal is beside it: the verdict points to it.
	for _, want := range []string{"every enrolled device must enroll again", "Pick " + pushRenewed + " instead", "made with Create a Certificate, not Renew"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the new-topic verdict does not say %q\n%s", want, s.dump())
		}
	}
	if strings.Contains(scr, "Continue to the") || strings.Contains(scr, "anyway") {
		t.Errorf("the new-topic certificate can be used\n%s", s.dump())
	}
	if line := cursorLine(scr); !strings.Contains(line, "Go back to the Push Certificates Portal") {
		t.Errorf("the verdict's first way on is %q, want back to Renew", line)
	}
	before = s.screen()
	s.send("\r")
	scr = s.waitForChange(before, waitTimeout)
	if !strings.Contains(scr, "Apple Push Certificates Portal, step 2 of") || !strings.Contains(scr, "find the one your MDM uses") {
		t.Errorf("back to Renew does not lead to the step that finds the certificate\n%s", s.dump())
	}
	if _, confirms := s.walkSteps(pickerTitle); confirms != 0 {
		t.Errorf("the Renew warning, confirmed before, asked for y again %d times", confirms)
	}

	scr = s.waitForText(okBadge, waitTimeout)
	s.moveTo(pushRenewed)
	s.send("\r")
	scr = s.waitForText("Continue to the Microsoft Intune steps", waitTimeout)
	if flat := flatText(scr); !strings.Contains(scr, okBadge) || !strings.Contains(flat, "Topic check: the same topic as "+pushLastYear) {
		t.Errorf("this year's renewal is not OK and compared with last year's\n%s", s.dump())
	}
	before = s.screen()
	s.send("\r")
	s.waitForChange(before, waitTimeout)
	screens, _ = s.walkSteps("Did Microsoft Intune accept the file?")
	named := false
	for _, scr := range screens {
		named = named || strings.Contains(scr, "Choose this file: "+pushRenewed)
	}
	if !named {
		t.Errorf("no Intune step names the file to upload; steps seen:\n%s", strings.Join(screens, "\n---\n"))
	}
	scr = s.screen()
	if !strings.Contains(scr, "Push topic") || !strings.Contains(scr, pushTopic) {
		t.Errorf("the confirmation does not name the push topic\n%s", s.dump())
	}
	if code := acceptAndLeave(s); code != 0 {
		t.Fatalf("exit status %d, want 0\n%s", code, s.dump())
	}
	checkRestored(t, s, s.finish())
	if out := strings.ReplaceAll(s.screen(), "\n", ""); !strings.Contains(out, "Renewed the APNs MDM push certificate in Microsoft Intune") {
		t.Errorf("no outcome line after exit\n%s", s.dump())
	}
	checkPushRecord(t, records, h)
}

// rowOf is the picker's row that shows name.
func rowOf(scr, name string) string {
	for _, line := range strings.Split(scr, "\n") {
		if strings.Contains(line, name) {
			return line
		}
	}
	return ""
}

// moveTo moves the picker's cursor up or down onto the row naming name.
func (s *session) moveTo(name string) {
	s.t.Helper()
	for _, key := range []string{"\x1b[A", "\x1b[B"} { // up, then down
		for range 30 {
			scr := s.screen()
			if strings.Contains(cursorLine(scr), name) {
				return
			}
			s.send(key)
			s.waitFor("the cursor to move", func(next string) bool { return cursorLine(next) != cursorLine(scr) || next != scr }, 2*time.Second)
			if cursorLine(s.screen()) == cursorLine(scr) {
				break // at the end of the list
			}
		}
	}
	s.t.Fatalf("the picker has no row %q to move to\n%s", name, s.dump())
}

var plainNumbered = regexp.MustCompile(`(?m)^ +(\d+)\. (.*)$`)

// numberOf is the number of the answer labelled label in plain output.
func numberOf(t *testing.T, out, label string) string {
	t.Helper()
	for _, m := range plainNumbered.FindAllStringSubmatch(out, -1) {
		if m[2] == label {
			return m[1]
		}
	}
	t.Fatalf("no answer %q:\n%s", label, out)
	return ""
}

// TestPlainRenewPush goes through the same push renewal in plain mode
// (TERM=dumb): the Renew warning is not passed by Enter alone, the list
// starts on this year's renewal, the new-topic certificate is stopped with
// the re-enroll warning, and the renewal ends with its record; not one
// escape sequence is written.
func TestPlainRenewPush(t *testing.T) {
	h := newPushHome(t)
	records := t.TempDir()
	args := append(append([]string{}, pushArgs...), "--record-dir", records)
	s := start(t, startOptions{args: args, env: env(h.dir, "TERM=dumb")})
	p := &plainTerm{s: s}

	if out := p.answer(""); !strings.Contains(flatText(out), "Before you start: APNs push certificate, Apple Push Certificates Portal and Microsoft Intune") {
		t.Fatalf("the first screen is not the caveats:\n%s", out)
	}
	// walk answers the steps until the file list, and counts the steps
	// that asked for y.
	walk := func() (out string, confirms int) {
		for range 30 {
			out = p.prompt()
			if !stepRe.MatchString(out) {
				return out, confirms
			}
			if strings.HasSuffix(out, "Type y to confirm: ") {
				confirms++
				s.send("\r")
				if again := p.prompt(); !strings.Contains(again, "Enter alone does not confirm") {
					t.Fatalf("Enter on the Renew warning did not ask for y:\n%s", again)
				}
				s.send("y\r")
				continue
			}
			s.send("\r")
		}
		t.Fatalf("more than 30 steps")
		return "", 0
	}
	out, confirms := walk()
	if confirms != 1 {
		t.Errorf("%d steps asked for y, want 1 (Renew)", confirms)
	}
	if !strings.Contains(out, pickerTitle) || firstOption(out) != pushRenewed || !strings.Contains(out, "(Enter for 1)") {
		t.Fatalf("the file list does not start on this year's renewal:\n%s", out)
	}
	s.send(numberOf(t, out, pushNewTopic) + "\r")
	out = p.prompt()
	if flat := flatText(out); !strings.Contains(flat, "MISMATCH") || !strings.Contains(flat, "every enrolled device must enroll again") ||
		!strings.HasPrefix(firstOption(out), "Go back to the Push Certificates Portal and renew") || strings.Contains(flat, "Continue to the") {
		t.Fatalf("the new-topic certificate is not stopped:\n%s", out)
	}
	s.send("1\r")
	if out, confirms = walk(); confirms != 0 || firstOption(out) != pushRenewed {
		t.Fatalf("back from Apple's steps: %d confirmations, the list:\n%s", confirms, out)
	}
	s.send("\r")
	out = p.prompt()
	if flat := flatText(out); !strings.Contains(flat, "Verdict: "+okBadge) || !strings.Contains(flat, "Push topic: "+pushTopic) ||
		!strings.Contains(flat, "Compared with: "+pushLastYear) {
		t.Fatalf("this year's renewal is not OK and compared with last year's:\n%s", out)
	}
	s.send("1\r")
	out = p.walkSteps()
	if !strings.Contains(out, "Did Microsoft Intune accept the file?") {
		t.Fatalf("no confirmation after Intune's steps:\n%s", out)
	}
	s.send("y\r")
	p.leaveFiles()
	if code := s.waitExit(waitTimeout); code != 0 {
		t.Fatalf("exit status %d, want 0\n%s", code, s.dump())
	}
	checkRestored(t, s, s.finish())
	if raw := s.rawOutput(); strings.IndexByte(raw, 0x1b) >= 0 {
		t.Errorf("an escape sequence in plain mode")
	}
	checkPushRecord(t, records, h)
}
