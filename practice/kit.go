// Package practice makes a training Downloads folder: synthetic token files
// with dates relative to today, including the usual wrong picks (last year's
// file, the other token kind, the public key, a token for another server).
// Nothing in it is a real token.
package practice

import (
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mdmtoken/mdmtoken/sample"
)

// Names used in the practice folder.
const (
	Org         = "Practice Academy"
	Location    = "Practice School"
	Server      = "Practice MDM Server"
	OtherServer = "Other MDM Server"
)

// Kit is a practice folder and the practice MDM's key pair, with which the
// wizard can tell a token made for another server.
type Kit struct {
	Dir  string
	Cert *x509.Certificate
	Key  *rsa.PrivateKey
}

// file is one sample to write, with the modification time a browser would
// have given it.
type file struct {
	name     string
	data     []byte
	modified time.Time
}

// Make writes the practice files into dir (created 0700) and returns the kit.
func Make(dir string, now time.Time) (Kit, error) {
	mdm, err := sample.NewIdentity("practice-mdm", 1)
	if err != nil {
		return Kit{}, err
	}
	other, err := sample.NewIdentity("other-mdm", 7)
	if err != nil {
		return Kit{}, err
	}
	lastYear := now.AddDate(-1, 0, 6) // downloaded a year ago, expires in six days
	fresh := now.Add(-5 * time.Minute)
	wrongServer := now.Add(-2 * time.Minute) // the newest download: a realistic trap

	dep := func(id *sample.Identity, downloaded time.Time) ([]byte, error) {
		return sample.DEP(id, downloaded.AddDate(1, 0, 0), sample.DEPOptions{})
	}
	depFresh, err := dep(mdm, fresh)
	if err != nil {
		return Kit{}, err
	}
	depOld, err := dep(mdm, lastYear)
	if err != nil {
		return Kit{}, err
	}
	depOther, err := dep(other, wrongServer)
	if err != nil {
		return Kit{}, err
	}

	files := []file{
		{sample.DEPFileName(Server, fresh), depFresh, fresh},
		{sample.DEPFileName(Server, lastYear), depOld, lastYear},
		{sample.DEPFileName(OtherServer, wrongServer), depOther, wrongServer},
		// A browser names the second download of the same file "(1)".
		{sample.VPPFileName(Location), sample.VPP(Org, lastYear.AddDate(1, 0, 0)), lastYear},
		{sample.VPPFileName(Location + " (1)"), sample.VPP(Org, fresh.AddDate(1, 0, 0)), fresh},
		{"practice_mdm_public_key.pem", mdm.CertPEM(), now.AddDate(-2, 0, 0)},
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Kit{}, err
	}
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, f.data, 0o600); err != nil {
			return Kit{}, fmt.Errorf("practice file %s: %w", f.name, err)
		}
		if err := os.Chtimes(path, f.modified, f.modified); err != nil {
			return Kit{}, fmt.Errorf("practice file %s: %w", f.name, err)
		}
	}
	return Kit{Dir: dir, Cert: mdm.Cert, Key: mdm.Key}, nil
}
