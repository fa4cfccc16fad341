// Package practice makes a training Downloads folder: synthetic token files
// and push certificates with dates relative to today, including the usual
// wrong picks (last year's file, the other token kind, the public key, a
// token for another server, another location's expired token, a push
// certificate with a new topic, the push certificate request), and which
// files are those traps. Nothing in it is a real token or certificate.
package practice

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
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
	// PushVendor is the MDM vendor whose name Apple puts in the push
	// certificate's file name.
	PushVendor = "Practice MDM Vendor"
)

// The practice push topics: the one the practice MDM uses, renewed every
// year, and the one of a certificate made with Create a Certificate.
const (
	pushUUID     = "5c3e1f0a-7b2d-4c8e-9f61-3a4b5c6d7e8f"
	newPushUUID  = "e0d1c2b3-a495-4867-8f90-1a2b3c4d5e6f"
	PushTopic    = "com.apple.mgmt.External." + pushUUID
	NewPushTopic = "com.apple.mgmt.External." + newPushUUID
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
	push, err := pushFiles(mdm, other, now)
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
	files = append(files, push.files...)
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
		token.KindPush: {
			{Name: "last year's certificate", Paths: in(push.lastYear)},
			{Name: "a new certificate with another push topic (Create a Certificate)", Paths: in(push.newTopic)},
			{Name: "the request file, which goes to Apple, not to the MDM", Paths: in(push.request)},
			{Name: "the MDM's public key for DEP (.pem)", Paths: in(pem)},
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

// Names of the practice push files. A browser names a file downloaded
// again "(1)", "(2)": last year's download has the plain name, this year's
// renewal is "(1)", and the certificate made by mistake with Create a
// Certificate, the newest, is "(2)".
var (
	PushLastYear = "MDM_ " + PushVendor + "_Certificate.pem"
	PushRenewed  = "MDM_ " + PushVendor + "_Certificate (1).pem"
	PushNewTopic = "MDM_ " + PushVendor + "_Certificate (2).pem"
	PushRequest  = "PushCertRequest.txt"
)

// pushSet is the practice push files and which of them are traps.
type pushSet struct {
	files                       []file
	lastYear, newTopic, request string
}

// pushFiles makes the push certificates, issued by a CA of the practice
// folder's own named like Apple's push CA, for the practice MDM's key:
// last year's (expiring in six days), this year's renewal of the same
// topic, and a newer one with another topic; and the request the MDM made
// for them, signed by the vendor. The CA and the vendor use the other
// MDM's key: nothing here depends on their keys being their own, and a new
// RSA key would double the time the practice folder takes to make.
func pushFiles(mdm, other *sample.Identity, now time.Time) (pushSet, error) {
	ca, err := sample.PushCAWithKey(now.AddDate(-3, 0, 0), now.AddDate(5, 0, 0), other.Key)
	if err != nil {
		return pushSet{}, err
	}
	lastYear := now.AddDate(-1, 0, 6)
	renewed := now.Add(-4 * time.Minute)
	created := now.Add(-time.Minute) // the newest: a realistic trap
	certPEM := func(uuid string, from time.Time) ([]byte, error) {
		c, err := sample.PushCertificate(ca, uuid, mdm.Key, from)
		if err != nil {
			return nil, err
		}
		return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}), nil
	}
	set := pushSet{lastYear: PushLastYear, newTopic: PushNewTopic, request: PushRequest}
	for _, c := range []struct {
		name, uuid string
		from       time.Time
	}{
		{PushLastYear, pushUUID, lastYear},
		{PushRenewed, pushUUID, renewed},
		{PushNewTopic, newPushUUID, created},
	} {
		data, err := certPEM(c.uuid, c.from)
		if err != nil {
			return pushSet{}, err
		}
		set.files = append(set.files, file{c.name, data, c.from})
	}
	vendor, err := sample.IdentityWithKey(PushVendor, 11, now.AddDate(-2, 0, 0), now.AddDate(3, 0, 0), other.Key)
	if err != nil {
		return pushSet{}, err
	}
	csr, err := sample.CertificateRequest(mdm.Key, Server+" push")
	if err != nil {
		return pushSet{}, err
	}
	req, err := sample.PushRequest(vendor, csr)
	if err != nil {
		return pushSet{}, err
	}
	set.files = append(set.files, file{PushRequest, req, now.Add(-20 * time.Minute)})
	return set, nil
}
