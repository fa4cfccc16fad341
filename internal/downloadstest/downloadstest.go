// Package downloadstest builds the fake Downloads folder the tests share:
// what a help-desk computer holds during a DEP renewal, with the names and
// modification times a browser gives the files. Every file is synthetic.
package downloadstest

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/mdmtoken/mdmtoken/sample"
)

// Server is the MDM server the DEP tokens are for; Org and Location are
// the VPP token's.
const (
	Server   = "Campus MDM"
	Org      = "Example School"
	Location = "Main Campus"
)

// Folder is a fake Downloads folder and the base names of its files.
type Folder struct {
	Dir      string
	FreshDEP string // the DEP server token downloaded 20 minutes ago
	OldDEP   string // last year's DEP server token, expiring in 10 days
	VPP      string // a VPP content token: the newest file of all
	PEM      string // the MDM's certificate, never uploaded to the MDM
	Notes    string // an unrelated text file
}

// Path is the full path of a file in the folder.
func (f Folder) Path(name string) string { return filepath.Join(f.Dir, name) }

// Names are the folder's files in the file picker's order (by name).
func (f Folder) Names() []string {
	names := []string{f.FreshDEP, f.OldDEP, f.VPP, f.PEM, f.Notes}
	sort.Strings(names)
	return names
}

// Identity loads the MDM key pair of the repository's test data
// (testdata/mdm), which the DEP tokens are encrypted for; root is the
// repository's root relative to the test.
func Identity(t testing.TB, root string) *sample.Identity {
	t.Helper()
	certPEM, err := os.ReadFile(filepath.Join(root, "testdata", "mdm", "mdm_public_key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	keyPEM, err := os.ReadFile(filepath.Join(root, "testdata", "mdm", "mdm_private_key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	id, err := sample.LoadIdentity(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// times are when the files were downloaded, relative to now: the fresh DEP
// token 20 minutes ago, last year's in the morning 355 days ago.
func times(now time.Time) (fresh, old time.Time) {
	y, m, d := now.AddDate(0, 0, -355).Date()
	return now.Add(-20 * time.Minute), time.Date(y, m, d, 9, 0, 0, 0, time.UTC)
}

// At is the folder Make writes into dir for now, without writing it: the
// file names, for tests that name them before the folder exists.
func At(dir string, now time.Time) Folder {
	fresh, old := times(now)
	return Folder{
		Dir:      dir,
		FreshDEP: sample.DEPFileName(Server, fresh),
		OldDEP:   sample.DEPFileName(Server, old),
		VPP:      sample.VPPFileName(Location),
		PEM:      "mdm_public_key.pem",
		Notes:    "notes.txt",
	}
}

// Make writes the folder into dir (created if missing), dated relative to
// now, with the DEP tokens encrypted for id.
func Make(t testing.TB, dir string, now time.Time, id *sample.Identity) Folder {
	t.Helper()
	fresh, old := times(now)
	f := At(dir, now)
	dep := func(expires time.Time, seed uint64) []byte {
		t.Helper()
		b, err := sample.DEP(id, expires, sample.DEPOptions{Seed: seed})
		if err != nil {
			t.Fatalf("making a DEP token: %v", err)
		}
		return b
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, file := range []struct {
		name     string
		data     []byte
		modified time.Time
	}{
		{f.FreshDEP, dep(now.AddDate(1, 0, 0), 1), fresh},
		{f.OldDEP, dep(old.AddDate(1, 0, 0), 2), old},
		{f.VPP, sample.VPP(Org, now.AddDate(1, 0, 0).Add(-time.Hour)), now.Add(-5 * time.Minute)},
		{f.PEM, id.CertPEM(), now.AddDate(-1, -1, 0)},
		{f.Notes, []byte("Renew the tokens before the summer break.\n"), now.AddDate(0, 0, -13)},
	} {
		write(t, filepath.Join(dir, file.name), file.data, file.modified)
	}
	return f
}

// OtherServer is the MDM server AddOtherServer's token is for.
const OtherServer = "Other MDM"

// OtherIdentity loads the other MDM's key pair of the repository's test
// data (testdata/keys/other_mdm_*); root is the repository's root.
func OtherIdentity(t testing.TB, root string) *sample.Identity {
	t.Helper()
	certPEM, err := os.ReadFile(filepath.Join(root, "testdata", "keys", "other_mdm_public_key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	keyPEM, err := os.ReadFile(filepath.Join(root, "testdata", "keys", "other_mdm_private_key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	id, err := sample.LoadIdentity(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// AddOtherServer writes into the folder a DEP server token for another MDM
// server, encrypted for other and downloaded 10 minutes ago: the newest
// DEP token of all. It returns its base name.
func (f Folder) AddOtherServer(t testing.TB, now time.Time, other *sample.Identity) string {
	t.Helper()
	at := now.Add(-10 * time.Minute)
	name := sample.DEPFileName(OtherServer, at)
	b, err := sample.DEP(other, at.AddDate(1, 0, 0), sample.DEPOptions{Seed: 3})
	if err != nil {
		t.Fatalf("making a DEP token: %v", err)
	}
	write(t, f.Path(name), b, at)
	return name
}

// write writes a file with a modification time.
func write(t testing.TB, path string, data []byte, modified time.Time) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, modified, modified); err != nil {
		t.Fatal(err)
	}
}
