// Apple's sample server token names a certificate with a negative serial,
// which Go reads only with this setting; package main sets it too.
//
//go:debug x509negativeserial=1

package token

import (
	"bufio"
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smallstep/pkcs7"
)

// fixtureNow is the moment all fixture dates are judged against.
var fixtureNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

const testdata = "../testdata/"

type testIdentity struct {
	cert *x509.Certificate
	key  *rsa.PrivateKey
}

var (
	idOnce            sync.Once
	mdmID, otherID    testIdentity
	regenID           testIdentity
	profileID         testIdentity
	identityLoadError error
)

func loadIdentity(name string) (testIdentity, error) {
	c, err := LoadCertificate(testdata + name + "_public_key.pem")
	if err != nil {
		return testIdentity{}, err
	}
	k, err := LoadPrivateKey(testdata + name + "_private_key.pem")
	if err != nil {
		return testIdentity{}, err
	}
	return testIdentity{c, k}, nil
}

// identities loads the fixture key pairs once.
func identities(tb testing.TB) (mdm, other, regen testIdentity) {
	tb.Helper()
	idOnce.Do(func() {
		var err error
		if mdmID, err = loadIdentity("mdm/mdm"); err != nil {
			identityLoadError = err
			return
		}
		if otherID, err = loadIdentity("keys/other_mdm"); err != nil {
			identityLoadError = err
			return
		}
		if regenID, err = loadIdentity("keys/regenerated"); err != nil {
			identityLoadError = err
			return
		}
		profileID, identityLoadError = loadIdentity("keys/profile_manager")
	})
	if identityLoadError != nil {
		tb.Fatal(identityLoadError)
	}
	return mdmID, otherID, regenID
}

func readFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(testdata + name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// allFixtures lists every fixture file relative to testdata/.
func allFixtures(tb testing.TB) []string {
	tb.Helper()
	var out []string
	err := filepath.WalkDir(testdata, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "gen" {
			return filepath.SkipDir
		}
		if !d.IsDir() && d.Name() != "README.md" {
			out = append(out, strings.TrimPrefix(filepath.ToSlash(p), testdata))
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func depName(server, stamp string) string { return "dep/" + server + "_Token_" + stamp + "_smime.p7m" }

// strictDEP reads a server token the way nanodep, MicroMDM and Fleet do:
// the MIME headers with net/textproto, the body as a base64 stream whose
// end error is ignored, then the library's Parse and Decrypt. It stands for
// what the MDM will see.
func strictDEP(data []byte, cert *x509.Certificate, key *rsa.PrivateKey) error {
	r := textproto.NewReader(bufio.NewReader(bytes.NewReader(data)))
	if _, err := r.ReadMIMEHeader(); err != nil {
		return err
	}
	var der bytes.Buffer
	_, _ = io.Copy(&der, base64.NewDecoder(base64.StdEncoding, r.DotReader()))
	p7, err := pkcs7.Parse(der.Bytes())
	if err != nil {
		return err
	}
	_, err = p7.Decrypt(cert, key)
	return err
}

// strictVPP reads a content token the way Fleet does: strict base64 of
// JSON whose expDate has Apple Business Manager's layout.
func strictVPP(data []byte) error {
	js, err := base64.StdEncoding.DecodeString(string(data))
	if err != nil {
		return err
	}
	var v struct {
		ExpDate string `json:"expDate"`
	}
	if err := json.Unmarshal(js, &v); err != nil {
		return err
	}
	_, err = time.Parse("2006-01-02T15:04:05Z0700", v.ExpDate)
	return err
}
