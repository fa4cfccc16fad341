package renewal

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mdmtoken/mdmtoken/internal/downloadstest"
	"github.com/mdmtoken/mdmtoken/mdmcerts"
	"github.com/mdmtoken/mdmtoken/token"
)

// TestServerCheck: a DEP token's server is checked with the certificate
// given, else the one remembered for the portal and server, else one
// beside the token; otherwise the verdict says it was not checked and
// offers to choose the certificate. How it was checked is always said.
func TestServerCheck(t *testing.T) {
	id := downloadstest.Identity(t, "..")
	other := downloadstest.OtherIdentity(t, "..")
	elsewhere := t.TempDir()
	keep := func(t *testing.T, name string, data []byte) string {
		p := filepath.Join(elsewhere, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		name   string
		setup  func(t *testing.T, f downloadstest.Folder, cfg *Config)
		how    ServerHow
		words  string
		status token.Status
	}{
		{"given with --cert", func(t *testing.T, f downloadstest.Folder, cfg *Config) {
			cfg.Cert, cfg.CertPath = id.Cert, "/etc/mdm/cert.pem"
		}, ServerByCert, "matched by issuer and serial only (cert.pem, given with --cert)", token.StatusOK},
		{"given with --cert and --key", func(t *testing.T, f downloadstest.Folder, cfg *Config) {
			cfg.Cert, cfg.Key, cfg.CertPath = id.Cert, id.Key, "/etc/mdm/cert.pem"
		}, ServerByKey, "matched by the MDM's private key, which decrypted it (cert.pem, given with --cert)", token.StatusOK},
		{"found beside the token", func(*testing.T, downloadstest.Folder, *Config) {},
			ServerByCert, "matched by issuer and serial only (mdm_public_key.pem, found beside the tokens it is for)", token.StatusOK},
		{"remembered", func(t *testing.T, f downloadstest.Folder, cfg *Config) {
			remove(t, f.Path(f.PEM))
			store := &mdmcerts.Store{Path: filepath.Join(t.TempDir(), "m.json")}
			if err := store.Remember("relution", downloadstest.Server, mdmcerts.Paths{Cert: keep(t, "mdm.pem", id.CertPEM())}); err != nil {
				t.Fatal(err)
			}
			cfg.Certs = store
		}, ServerByCert, "(mdm.pem, remembered for this server)", token.StatusOK},
		{"remembered for another server of the portal", func(t *testing.T, f downloadstest.Folder, cfg *Config) {
			remove(t, f.Path(f.PEM))
			store := &mdmcerts.Store{Path: filepath.Join(t.TempDir(), "m.json")}
			if err := store.Remember("relution", "Lab MDM", mdmcerts.Paths{Cert: keep(t, "mdm.pem", id.CertPEM())}); err != nil {
				t.Fatal(err)
			}
			cfg.Certs = store
		}, ServerByCert, "(mdm.pem, remembered for this MDM portal)", token.StatusOK},
		{"remembered for another key", func(t *testing.T, f downloadstest.Folder, cfg *Config) {
			store := &mdmcerts.Store{Path: filepath.Join(t.TempDir(), "m.json")}
			if err := store.Remember("relution", downloadstest.Server, mdmcerts.Paths{Cert: keep(t, "old.pem", other.CertPEM())}); err != nil {
				t.Fatal(err)
			}
			cfg.Certs = store
		}, ServerOther, "not this server: encrypted for another certificate than the one checked (old.pem, remembered", token.StatusWrongServer},
		{"two certificates beside it, each the recipient of tokens there", func(t *testing.T, f downloadstest.Folder, cfg *Config) {
			f.AddOtherServer(t, now, other)
			if err := writeFile(f.Path("other.pem"), other.CertPEM()); err != nil {
				t.Fatal(err)
			}
		}, ServerByCert, "(mdm_public_key.pem, found beside the tokens it is for)", token.StatusOK},
		{"no certificate", func(t *testing.T, f downloadstest.Folder, cfg *Config) { remove(t, f.Path(f.PEM)) },
			ServerNotChecked, "not checked: no certificate of the MDM is known", token.StatusOK},
		{"only another server's certificate beside it", func(t *testing.T, f downloadstest.Folder, cfg *Config) {
			remove(t, f.Path(f.PEM))
			if err := writeFile(f.Path("other.pem"), other.CertPEM()); err != nil {
				t.Fatal(err)
			}
		}, ServerNotChecked, "not checked", token.StatusOK},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := downloads(t)
			cfg := Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution"}
			c.setup(t, f, &cfg)
			r := New(cfg)
			r.Next()
			r.StepsDone()
			r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
			ch := r.Chosen()
			if ch.Server.How != c.how || !strings.Contains(ch.Server.String(), c.words) || ch.Report.Status != c.status {
				t.Errorf("server check %v %q, status %s; want %v %q, %s", ch.Server.How, ch.Server, ch.Report.Status, c.how, c.words, c.status)
			}
			if offered := slices.Contains(r.Choices(), ChooseCert); offered != (c.how == ServerNotChecked) {
				t.Errorf("choosing the certificate offered %v, choices %v", offered, r.Choices())
			}
		})
	}
}

// TestOtherServerBesideTheCert: the certificate beside the tokens it is
// for tells a token for another server, downloaded later, as such, so it
// is neither OK nor where the picker starts.
func TestOtherServerBesideTheCert(t *testing.T) {
	f := downloads(t)
	name := f.AddOtherServer(t, now, downloadstest.OtherIdentity(t, ".."))
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution"})
	r.Next()
	r.StepsDone()
	l := r.Lookup()
	c := l.CheckFile(f.Path(name), nil)
	if c.Report.Status != token.StatusWrongServer || c.Server.How != ServerOther || !strings.Contains(c.Server.String(), "mdm_public_key.pem") {
		t.Errorf("the other server's token: %s, %q", c.Report.Status, c.Server)
	}
	var cands []Candidate
	for _, n := range append(f.Names(), name) {
		info, err := os.Stat(f.Path(n))
		if err != nil {
			t.Fatal(err)
		}
		cands = append(cands, Candidate{Name: n, Modified: info.ModTime()})
	}
	l.InspectAll(f.Dir, cands)
	if best, good := l.Preselect(cands); best < 0 || cands[best].Name != f.FreshDEP || !good {
		t.Errorf("the picker starts on %d (%v), want the fresh token for this server", best, good)
	}
}

// TestChooseCert: without a certificate, choosing one on the verdict
// checks the token again with it; the certificate is remembered for the
// server once the renewal is done, and kept for resuming.
func TestChooseCert(t *testing.T) {
	f := downloads(t)
	id := downloadstest.Identity(t, "..")
	remove(t, f.Path(f.PEM))
	cert := filepath.Join(t.TempDir(), "mdm.pem")
	if err := writeFile(cert, id.CertPEM()); err != nil {
		t.Fatal(err)
	}
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution"})
	r.Next()
	r.StepsDone()
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
	if r.Chosen().Server.How != ServerNotChecked || r.Choices()[0] != ChooseCert {
		t.Fatalf("server %+v, choices %v", r.Chosen().Server, r.Choices())
	}
	r.Decide(ChooseCert)
	if r.Stage() != StageCertPicker {
		t.Fatalf("at %s, want the certificate picker", r.Stage())
	}
	if l := r.CertLookup(); l.Expect != token.KindCertificate || !l.Likely("x.PEM") || !l.Likely("x.cer") || l.Likely("x_smime.p7m") {
		t.Errorf("certificate lookup %+v", l)
	}
	if _, err := LoadCert(f.Path(f.FreshDEP)); err == nil {
		t.Error("a DEP token loaded as a certificate")
	}
	c, err := LoadCert(cert)
	if err != nil {
		t.Fatal(err)
	}
	r.UseCert(c)
	r.FileChecked(r.Lookup().Recheck(*r.Chosen()))
	if r.Stage() != StageVerdict || r.Chosen().Server.How != ServerByCert || !strings.Contains(r.Chosen().Server.String(), "mdm.pem, chosen by you") {
		t.Fatalf("at %s, server %q", r.Stage(), r.Chosen().Server)
	}
	if !slices.Equal(r.Choices(), []Choice{Continue, PickAgain}) {
		t.Errorf("choices %v", r.Choices())
	}
	if p, ok := r.Snapshot(); !ok || p.CertPath != cert {
		t.Errorf("saved place %+v: the certificate is not kept", p)
	}
	if _, _, _, ok := r.Remembered(); ok {
		t.Error("something to remember before the renewal is done")
	}
	r.Decide(Continue)
	r.StepsDone()
	r.Answer(true)
	portal, server, paths, ok := r.Remembered()
	if !ok || portal != "relution" || server != downloadstest.Server || paths.Cert != cert {
		t.Errorf("Remembered() = %s, %s, %+v, %v", portal, server, paths, ok)
	}
	if rec, _ := r.Record(now); !strings.Contains(rec.ServerCheck, "matched by issuer and serial only") {
		t.Errorf("record's server check %q", rec.ServerCheck)
	}
}

// TestResumeKeepsCert: a resumed renewal checks with the certificate and
// key it was checked with; one that cannot be read any more is said to be
// so.
func TestResumeKeepsCert(t *testing.T) {
	f := downloads(t)
	id := downloadstest.Identity(t, "..")
	dir := t.TempDir()
	cert, key := filepath.Join(dir, "mdm.pem"), filepath.Join(dir, "mdm.key")
	if err := writeFile(cert, id.CertPEM()); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(key, id.KeyPEM()); err != nil {
		t.Fatal(err)
	}
	remove(t, f.Path(f.PEM))
	p := Place{Kind: token.KindDEP, Apple: "abm", Portal: "relution", Stage: StagePicker, CertPath: cert}
	r, err := Resume(Config{Catalog: catalog(t), Now: clock}, p)
	if err != nil {
		t.Fatal(err)
	}
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
	if s := r.Chosen().Server; s.How != ServerByCert || !strings.Contains(s.String(), "kept from before the interruption") {
		t.Errorf("resumed server check %q", s)
	}
	withKey := p
	withKey.KeyPath = key
	r, _ = Resume(Config{Catalog: catalog(t), Now: clock}, withKey)
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
	if s := r.Chosen().Server; s.How != ServerByKey || !r.Chosen().Report.Decrypted {
		t.Errorf("resumed with the kept key: server check %q, decrypted %v", s, r.Chosen().Report.Decrypted)
	}
	if saved, _ := r.Snapshot(); saved.KeyPath != key {
		t.Errorf("saved again, the key is %q, want %q", saved.KeyPath, key)
	}
	remove(t, cert)
	r, _ = Resume(Config{Catalog: catalog(t), Now: clock}, p)
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
	if s := r.Chosen().Server; s.How != ServerNotChecked || !strings.Contains(s.String(), "cannot be read") {
		t.Errorf("server check with the kept certificate gone: %q", s)
	}
}

func remove(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
}

// TestServerCheckNamesTheKey: a token decrypted with the MDM's key names
// the key file that decrypted it, with its certificate.
func TestServerCheckNamesTheKey(t *testing.T) {
	s := ServerCheck{How: ServerByKey, Cert: "/mdm/cert.pem", Key: "/mdm/key.pem", From: "given with --cert"}
	if got, want := s.String(), "matched by the MDM's private key, which decrypted it (cert.pem with its key key.pem, given with --cert and --key)"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	s.Key = ""
	if got := s.String(); strings.Contains(got, "with its key") {
		t.Errorf("no key file, yet %q", got)
	}
}

// TestCertPickerMarksOtherRecipients: choosing the MDM's certificate for a
// DEP token, a certificate the token is not encrypted for is marked as a
// mismatch; the token's own is fine.
func TestCertPickerMarksOtherRecipients(t *testing.T) {
	f := downloads(t)
	other := downloadstest.OtherIdentity(t, "..")
	otherPEM := f.Path("other_mdm.pem")
	if err := writeFile(otherPEM, other.CertPEM()); err != nil {
		t.Fatal(err)
	}
	r := New(Config{Catalog: catalog(t), Now: clock, Kind: token.KindDEP, Apple: "abm", Portal: "relution"})
	r.Next()
	r.StepsDone()
	r.FileChecked(r.Lookup().CheckFile(f.Path(f.FreshDEP), nil))
	l := r.CertLookup()
	if got := l.Inspect(otherPEM); got.Status != token.StatusMismatch || !strings.Contains(got.Message, "The token is not encrypted for this certificate") {
		t.Errorf("another MDM's certificate: %s: %s", got.Status, got.Message)
	}
	if got := l.Inspect(f.Path(f.PEM)); got.Status != token.StatusOK {
		t.Errorf("the token's own certificate: %s: %s", got.Status, got.Message)
	}
}
