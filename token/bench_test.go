package token

import (
	"os"
	"testing"

	"github.com/mdmtoken/mdmtoken/sample"
)

// One inspection per kind, read from the fixture file.
func BenchmarkInspect(b *testing.B) {
	mdm, _, _ := identities(b)
	plain := Options{Now: fixtureNow}
	cert := Options{Now: fixtureNow, Cert: mdm.cert}
	both := Options{Now: fixtureNow, Cert: mdm.cert, Key: mdm.key}
	for _, c := range []struct {
		name, file string
		o          Options
	}{
		{"vpp", mainVPP, plain},
		{"dep", mdmDEP, plain},
		{"dep-cert", mdmDEP, cert},
		{"dep-decrypt", mdmDEP, both},
		{"dep-3des-decrypt", depName("Fixture 3DES", "2026-05-29T14-02-11Z"), both},
		{"dep-der", "dep/dep-token-der.p7m", plain},
		{"dep-truncated", depName("Truncated", "2026-05-30T15-00-00Z"), plain},
		{"dep-wrong-server", depName("Other Server", "2026-05-30T11-00-00Z"), both},
		{"certificate", "mdm/mdm_public_key.pem", plain},
		{"push", pushCert, plain},
		{"push-request", "push/PushCertRequest.txt", plain},
		{"pkcs12", "push/push_backup.p12", plain},
		{"private-key", "mdm/mdm_private_key.pem", plain},
		{"pkcs7-signed", "mixups/signed_smime.p7m", plain},
		{"zip", "junk/token-download.zip", plain},
		{"html", "junk/business.apple.com.html", plain},
		{"binary", "junk/random.bin", plain},
		{"empty", "junk/sToken_for_Empty.vpptoken", plain},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Inspect(testdata+c.file, c.o)
			}
		})
	}
}

// A 50 MB junk file is rejected from its size, without reading it.
func BenchmarkInspectHuge(b *testing.B) {
	p := b.TempDir() + "/huge.bin"
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	chunk := sample.RandomBytes(1<<20, 1)
	for range 50 {
		f.Write(chunk)
	}
	f.Close()
	b.ReportAllocs()
	for b.Loop() {
		if r := Inspect(p, Options{Now: fixtureNow}); r.Status != StatusInvalid {
			b.Fatal(r.Status)
		}
	}
}
