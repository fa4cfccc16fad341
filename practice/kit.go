// Package practice makes a training Downloads folder: synthetic token files
// with dates relative to today, including the usual wrong picks (last year's
// file, the other token kind, the public key, a token for another server,
// another location's expired token), and which files are those traps.
// Nothing in it is a real token.
package practice

import (
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mdmtoken/mdmtoken/renewal"
	"github.com/mdmtoken/mdmtoken/sample"
	"github.com/mdmtoken/mdmtoken/token"
)

// Names used in the practice folder.
const (
	Org           = "Practice Academy"
	Location      = "Practice School"
	OtherLocation = "Annex"
	Server        = "Practice MDM Server"
	OtherServer   = "Other MDM Server"
)

// Kit is a practice folder and the practice MDM's key pair, with which the
// wizard can tell a token made for another server, and the traps the
// folder holds for each kind of renewal.
type Kit struct {
	Dir   string
	Cert  *x509.Certificate
	Key   *rsa.PrivateKey
	Traps map[token.Kind][]renewal.Trap
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

	var (
		depNew   = sample.DEPFileName(Server, fresh)
		depLast  = sample.DEPFileName(Server, lastYear)
		depWrong = sample.DEPFileName(OtherServer, wrongServer)
		// A browser names the second download of the same file "(1)".
		vppLast = sample.VPPFileName(Location)
		vppNew  = sample.VPPFileName(Location + " (1)")
		// Another location's token that expired: it sorts first.
		vppExpired = sample.VPPFileName(OtherLocation)
		pem        = "practice_mdm_public_key.pem"
	)
	files := []file{
		{depNew, depFresh, fresh},
		{depLast, depOld, lastYear},
		{depWrong, depOther, wrongServer},
		{vppLast, sample.VPP(Org, lastYear.AddDate(1, 0, 0)), lastYear},
		{vppNew, sample.VPP(Org, fresh.AddDate(1, 0, 0)), fresh},
		{vppExpired, sample.VPP(Org, now.AddDate(0, -1, 0)), now.AddDate(-1, -1, 0)},
		{pem, mdm.CertPEM(), now.AddDate(-2, 0, 0)},
	}
	in := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, filepath.Join(dir, n))
		}
		return out
	}
	traps := map[token.Kind][]renewal.Trap{
		token.KindDEP: {
			{Name: "last year's token", Paths: in(depLast)},
			{Name: "a VPP content token where the DEP token belongs", Paths: in(vppLast, vppNew, vppExpired)},
			{Name: "the MDM's public key (.pem)", Paths: in(pem)},
			{Name: "a token for another MDM server", Paths: in(depWrong)},
		},
		token.KindVPP: {
			{Name: "last year's token", Paths: in(vppLast)},
			{Name: "another location's expired token", Paths: in(vppExpired)},
			{Name: "a DEP server token where the VPP token belongs", Paths: in(depNew, depLast, depWrong)},
			{Name: "the MDM's public key (.pem)", Paths: in(pem)},
		},
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
	return Kit{Dir: dir, Cert: mdm.Cert, Key: mdm.Key, Traps: traps}, nil
}
