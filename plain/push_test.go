package plain

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/practice"
	"github.com/mdmtoken/mdmtoken/token"
)

// Push fixtures of testdata/push: this year's renewal, last year's (same
// topic) and one made with Create a Certificate (another topic).
const (
	pushNew      = "MDM_ Fixture_Certificate.pem"
	pushLastYear = "MDM_ Fixture_Certificate_2025.pem"
	pushCreated  = "MDM_ Fixture_Certificate (1).pem"
	pushRequest  = "PushCertRequest.txt"
	pushTopic    = "com.apple.mgmt.External.3f1c2a64-5b7e-4d1a-9c3e-0a1b2c3d4e5f"
)

// pushFixture is the shared Downloads folder (DEP and VPP tokens, the
// DEP public key) with the push certificates and the request beside them.
func pushFixture(t *testing.T) fixture {
	t.Helper()
	fx := newFixture(t)
	for _, n := range []string{pushNew, pushLastYear, pushCreated, pushRequest} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "push", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(fx.Path(n), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return fx
}

// TestRenewPush goes through a whole push certificate renewal in plain
// mode, chosen on the first question: no Apple portal question, the MDM's
// request steps before Apple's, the Renew warning that Enter alone does
// not pass, the file list with the push certificates (the new-topic one
// marked a mismatch), the new-topic certificate stopped with the
// re-enroll warning and the way back to Renew, the right one accepted
// after comparing it with last year's, the MDM's upload steps naming the
// file and its topic, and a record with the topic and both expiries.
func TestRenewPush(t *testing.T) {
	fx := pushFixture(t)
	d := run(t, fx.opts)

	scr := d.prompt()
	d.send(option(t, scr, "Renew the APNs push certificate"))
	scr = d.prompt()
	if !has(scr, "Which MDM portal will you upload the APNs push certificate to?") {
		t.Fatalf("after choosing push comes no MDM portal question (an Apple portal question?):\n%s", scr)
	}
	d.send(option(t, scr, "Microsoft Intune"))
	scr = d.prompt()
	if !has(scr, "Before you start: APNs push certificate, Apple Push Certificates Portal and Microsoft Intune") ||
		!has(scr, "Start with the request file from Microsoft Intune") {
		t.Fatalf("no caveats starting with the request file:\n%s", scr)
	}
	d.send("")

	scr, walked := d.walk()
	if len(walked) == 0 || !has(walked[0], "Microsoft Intune, step 1 of") {
		t.Fatalf("the first step is not Intune's request step:\n%s", strings.Join(walked, "\n"))
	}
	warned := 0
	for _, s := range walked {
		if has(s, "Warning: Renew, never Create a Certificate") {
			warned++
		}
	}
	if warned != 1 {
		t.Errorf("%d steps showed the Renew warning, want 1", warned)
	}

	// The file list: the push certificates and the request are listed,
	// this year's renewal first, the new-topic one marked a mismatch.
	if !has(scr, "Choose the file you just downloaded") || !has(scr, "Looking for: MDM_ <Vendor>_Certificate.pem") {
		t.Fatalf("after Apple's steps comes no file list:\n%s", scr)
	}
	if n := option(t, scr, pushNew); n != "1" || !has(scr, "(Enter for 1)") {
		t.Errorf("this year's certificate is answer %s, want 1 and Enter:\n%s", n, scr)
	}
	for name, mark := range map[string]string{
		pushCreated:  "✗ MISMATCH, APNs push certificate",
		pushLastYear: "! STALE, APNs push certificate",
		pushRequest:  "✗ WRONG KIND, push certificate request",
		fx.FreshDEP:  "✗ WRONG KIND, DEP server token",
	} {
		n := option(t, scr, name)
		if !has(scr, n+". "+name+" "+mark) {
			t.Errorf("%s is not listed as %q:\n%s", name, mark, scr)
		}
	}

	// The new-topic certificate is stopped: every device would enroll
	// again; the first way on leads back to Renew in Apple's portal.
	d.send(option(t, scr, pushCreated))
	scr = d.prompt()
	for _, want := range []string{"Verdict: ✗ MISMATCH, APNs MDM push certificate", "File: " + pushCreated,
		"Push topic: com.apple.mgmt.External.8d2e4f60", "Compared with: " + pushLastYear, "enroll again",
		"1. Go back to the Push Certificates Portal and renew the certificate your MDM uses"} {
		if !has(scr, want) {
			t.Errorf("the new-topic verdict lacks %q:\n%s", want, scr)
		}
	}
	if has(scr, "Continue to the") || has(scr, "Use this file anyway") {
		t.Errorf("the new-topic certificate can be used:\n%s", scr)
	}
	d.send("1")
	scr = d.prompt()
	if !has(scr, "Apple Push Certificates Portal, step 2 of") || !has(scr, "find the one your MDM uses") {
		t.Fatalf("renewing instead does not lead to Apple's step that finds the certificate:\n%s", scr)
	}
	d.send("")
	scr, walked = d.walk()
	for _, s := range walked {
		if has(s, "Type y to confirm") {
			t.Errorf("the Renew warning confirmed before asks again:\n%s", s)
		}
	}

	// This year's renewal: compared with last year's, the same topic.
	d.send(option(t, scr, pushNew))
	scr = d.prompt()
	for _, want := range []string{"Verdict: ✓ OK, APNs MDM push certificate", "File: " + pushNew, "Push topic: " + pushTopic,
		"Compared with: " + pushLastYear, "Checked: content: APNs MDM push certificate; not expired", "Topic check: the same topic as " + pushLastYear,
		"1. Continue to the Microsoft Intune steps"} {
		if !has(scr, want) {
			t.Errorf("the verdict lacks %q:\n%s", want, scr)
		}
	}
	d.send("1")
	scr, walked = d.walk()
	named := false
	for _, s := range walked {
		named = named || has(s, "Choose this file: "+pushNew) && has(s, "It is for: push topic "+pushTopic)
	}
	if !named {
		t.Errorf("no Intune step names the file and its topic:\n%s", strings.Join(walked, "\n"))
	}
	for _, want := range []string{"Did Microsoft Intune accept the file?", "Push topic: " + pushTopic, "Old expiry: 2026-06-20", "New expiry: 2027-05-31"} {
		if !has(scr, want) {
			t.Errorf("the confirmation lacks %q:\n%s", want, scr)
		}
	}
	d.send("y")
	d.leaveFiles()
	res, err := d.end(false)
	if err != nil || !res.Accepted || res.RecordFile == "" {
		t.Fatalf("result %+v, %v; want accepted with a record", res, err)
	}
	rec, err := os.ReadFile(res.RecordFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{pushTopic, "2026-06-20", "2027-05-31", pushNew} {
		if !strings.Contains(string(rec), want) {
			t.Errorf("the record lacks %q:\n%s", want, rec)
		}
	}
	cert, _ := os.ReadFile(fx.Path(pushNew))
	body := strings.Split(string(cert), "\n")[2]
	if strings.Contains(string(rec), "PRIVATE KEY") || strings.Contains(string(rec), body) {
		t.Errorf("the record holds a key or the certificate:\n%s", rec)
	}
	controlFree(t, d.out.String())
	if os.Getenv("PLAIN_DUMP") != "" {
		t.Log(d.out.String())
	}
}

// TestPracticePush: a practice push renewal in plain mode lists the
// practice folder's push certificates without verdicts; the new-topic
// certificate, sent back to Renew, counts as set aside, and the end says
// what was done with each push trap.
func TestPracticePush(t *testing.T) {
	kit, err := practice.Make(filepath.Join(t.TempDir(), "Downloads"), fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	d := run(t, Options{Catalog: builtin(t), Dir: kit.Dir, Cert: kit.Cert, Key: kit.Key, Practice: true, Traps: kit.Traps,
		Kind: token.KindPush, Portal: "intune", Now: func() time.Time { return fixedNow }})
	d.answer("")
	scr, _ := d.walk()
	for _, name := range []string{practice.PushLastYear, practice.PushRenewed, practice.PushNewTopic, practice.PushRequest} {
		option(t, scr, name)
	}
	if has(scr, "MISMATCH") || has(scr, "✓ OK") {
		t.Errorf("the practice list gives the answer away:\n%s", scr)
	}
	d.send(option(t, scr, practice.PushNewTopic))
	if scr := d.answer("1"); !has(scr, "✗ MISMATCH") || !has(scr, "enroll again") {
		t.Fatalf("the new-topic certificate is not stopped:\n%s", scr)
	}
	scr, _ = d.walk()
	d.send(option(t, scr, practice.PushRenewed))
	if scr := d.answer("1"); !has(scr, "✓ OK") {
		t.Fatalf("this year's renewal is not OK:\n%s", scr)
	}
	d.walk()
	d.send("y")
	d.leaveFiles()
	res, err := d.end(false)
	if err != nil || res.Practice == nil {
		t.Fatalf("practice result %+v, %v", res, err)
	}
	if s := res.Practice; s.Checked != 2 || s.SetAside != 1 || !s.Finished {
		t.Errorf("score %s", s)
	}
	out := d.out.String()
	for _, want := range []string{"- a new certificate with another push topic (Create a Certificate): caught",
		"- last year's certificate: avoided", "- the request file, which goes to Apple, not to the MDM: avoided"} {
		if !has(out, want) {
			t.Errorf("the end does not say %q:\n%s", want, out[max(0, len(out)-1200):])
		}
	}
}

// TestCheckThenRenewPush: checking a file lists the push certificates, and
// a push certificate's verdict offers to renew it now, which asks for the
// MDM portal (the push certificate has one Apple portal).
func TestCheckThenRenewPush(t *testing.T) {
	fx := pushFixture(t)
	d := run(t, fx.opts)
	scr := d.prompt()
	d.send(option(t, scr, "Check a file"))
	scr = d.prompt()
	d.send(option(t, scr, pushNew))
	scr = d.prompt()
	if !has(scr, "Verdict: ✓ OK, APNs MDM push certificate") {
		t.Fatalf("no push verdict:\n%s", scr)
	}
	d.send(option(t, scr, "Renew this APNs push certificate now"))
	if scr := d.prompt(); !has(scr, "Which MDM portal will you upload the APNs push certificate to?") {
		t.Fatalf("renewing the checked certificate does not ask for the MDM portal:\n%s", scr)
	}
	d.end(true)
}
