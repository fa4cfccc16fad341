package renewal

import (
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/mdmtoken/mdmtoken/mdmcerts"
	"github.com/mdmtoken/mdmtoken/token"
)

// ServerHow is how a DEP token was checked to be made for this MDM server.
type ServerHow int

// The ways a DEP token's server is checked.
const (
	ServerNotChecked ServerHow = iota // no certificate of the MDM was known
	ServerByKey                       // decrypted with the MDM's private key
	ServerByCert                      // encrypted for the certificate's issuer and serial, which proves only that
	ServerOther                       // encrypted for another certificate: another server's token
)

// ServerCheck is how a DEP token's server was checked, with what, or why
// it was not.
type ServerCheck struct {
	How       ServerHow
	Cert, Key string // the files used; empty when none, or not from a file
	From      string // where the certificate came from, e.g. "given with --cert"
	Why       string // when not checked: why
}

// String says the check in words, for the verdict, the confirmation and
// the record.
func (s ServerCheck) String() string {
	what := "the MDM's certificate, " + s.From
	if s.Cert != "" {
		what = token.Printable(filepath.Base(s.Cert)) + ", " + s.From
	}
	switch s.How {
	case ServerByKey:
		if s.Key != "" {
			// The key is what decrypted it: name it with the certificate.
			from := s.From
			if from == "given with --cert" {
				from = "given with --cert and --key"
			}
			what = token.Printable(filepath.Base(s.Cert)) + " with its key " + token.Printable(filepath.Base(s.Key)) + ", " + from
		}
		return "matched by the MDM's private key, which decrypted it (" + what + ")"
	case ServerByCert:
		return "matched by issuer and serial only (" + what + "); the MDM's private key would prove it"
	case ServerOther:
		return "not this server: encrypted for another certificate than the one checked (" + what + ")"
	}
	return "not checked: " + s.Why
}

// mdmKeys is the MDM's certificate, and maybe its private key, that DEP
// tokens are checked against, and where they came from.
type mdmKeys struct {
	cert     *x509.Certificate
	key      *rsa.PrivateKey
	certPath string // empty when not from a file
	keyPath  string
	from     string
	unusable string // why the certificate given could not be used; then cert is nil
}

// loadKeys reads a certificate and private key (keyPath may be empty); a
// key that does not belong to the certificate is left out.
func loadKeys(certPath, keyPath, from string) mdmKeys {
	k := mdmKeys{certPath: certPath, from: from}
	cert, err := token.LoadCertificate(certPath)
	if err != nil {
		k.unusable = fmt.Sprintf("the certificate %s (%s) cannot be read: %v", token.Printable(filepath.Base(certPath)), from, err)
		return k
	}
	k.cert = cert
	if keyPath != "" {
		if key, err := token.LoadPrivateKey(keyPath); err == nil && key.PublicKey.Equal(cert.PublicKey) {
			k.key, k.keyPath = key, keyPath
		}
	}
	return k
}

// certExts are the extensions of certificate files.
var certExts = []string{".pem", ".cer", ".crt", ".der"}

// maxCertFiles bounds how many certificate files beside a token are tried.
const maxCertFiles = 20

// certFiles are the certificate files in dir.
func certFiles(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		lower := strings.ToLower(e.Name())
		if !e.Type().IsRegular() || !hasAnySuffix(lower, certExts) {
			continue
		}
		if out = append(out, filepath.Join(dir, e.Name())); len(out) == maxCertFiles {
			break
		}
	}
	return out
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// checked is how a report made with the certificate k checks the server.
func checked(r token.Report, k mdmKeys) (token.Report, ServerCheck) {
	s := ServerCheck{Cert: k.certPath, Key: k.keyPath, From: k.from}
	switch {
	case r.Decrypted:
		s.How = ServerByKey
	case r.Status == token.StatusWrongServer:
		s.How = ServerOther
	case len(r.Recipients) > 0 && r.Status != token.StatusInvalid:
		s.How = ServerByCert
	default:
		s.How, s.Why = ServerNotChecked, "the token's envelope could not be read"
	}
	return r, s
}

// judgeServer inspects a DEP token (the file at path, or data when path is
// empty) against the MDM's certificate, found without flags where it can
// be: the one remembered for this portal and server; else one remembered
// for this portal that the token is encrypted for; else the certificate
// beside the token that the tokens there are encrypted for, when there is
// one such. first is the look without a certificate; a certificate given
// or chosen was used for it already (inspect).
func (l Lookup) judgeServer(path string, data []byte, first token.Report) (token.Report, ServerCheck) {
	look := func(k mdmKeys) token.Report {
		o := l.Options()
		o.Cert, o.Key = k.cert, k.key
		if path == "" {
			return token.InspectBytes("pasted text", data, o)
		}
		return token.Inspect(path, o)
	}
	if l.mdm != nil {
		return first, ServerCheck{Why: l.mdm.unusable}
	}
	if l.certs != nil {
		if p, ok := l.certs.Lookup(l.portal, first.Server); ok && first.Server != "" {
			if k := loadKeys(p.Cert, p.Key, "remembered for this server"); k.cert != nil {
				return checked(look(k), k)
			}
		}
		for _, p := range l.certs.ForPortal(l.portal) {
			k := loadKeys(p.Cert, p.Key, "remembered for this MDM portal")
			if k.cert == nil {
				continue
			}
			if r := look(k); r.Status != token.StatusWrongServer {
				return checked(r, k)
			}
		}
	}
	if path != "" {
		certs := l.folderCerts(filepath.Dir(path))
		// Renewing this very server again, a certificate that is merely
		// beside the tokens may be another MDM's: it cannot say the
		// token is for another server.
		named := l.renewing != "" && strings.EqualFold(first.Server, l.renewing)
		if len(certs) == 1 && !named {
			return checked(look(certs[0]), certs[0])
		}
		for _, k := range certs {
			if r := look(k); r.Status != token.StatusWrongServer {
				return checked(r, k)
			}
		}
		switch {
		case len(certs) > 1:
			return first, ServerCheck{Why: "the certificates beside it are for other servers' tokens; choose this MDM's certificate"}
		case len(certs) == 1:
			return first, ServerCheck{Why: "the certificate beside it (" + token.Printable(filepath.Base(certs[0].certPath)) +
				") is not this server's MDM's; choose that MDM's certificate"}
		}
	}
	return first, ServerCheck{Why: "no certificate of the MDM is known; the MDM portal offers it for download: choose it, or give it with --cert"}
}

// maxTokenFiles bounds how many DEP tokens beside a certificate are tried
// to tell whether it is the MDM's.
const maxTokenFiles = 50

// folderCerts are the certificates in dir that a DEP token in dir is
// encrypted for: in a Downloads folder, most likely the MDM's own.
func (l Lookup) folderCerts(dir string) []mdmKeys {
	files := certFiles(dir)
	if len(files) == 0 {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var tokens []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(strings.ToLower(e.Name()), ".p7m") {
			if tokens = append(tokens, filepath.Join(dir, e.Name())); len(tokens) == maxTokenFiles {
				break
			}
		}
	}
	var out []mdmKeys
	for _, c := range files {
		cert, err := token.LoadCertificate(c)
		if err != nil {
			continue
		}
		for _, t := range tokens {
			r := token.Inspect(t, token.Options{Now: l.now(), Cert: cert})
			if r.Kind == token.KindDEP && len(r.Recipients) > 0 && r.Status != token.StatusWrongServer && r.Status != token.StatusInvalid {
				out = append(out, mdmKeys{cert: cert, certPath: c, from: "found beside the tokens it is for"})
				break
			}
		}
	}
	return out
}

// Cert is an MDM certificate the user chose, with where it is.
type Cert struct{ keys mdmKeys }

// LoadCert reads the certificate file at path, chosen to check DEP tokens
// against; an error says why it cannot be used.
func LoadCert(path string) (Cert, error) {
	k := loadKeys(path, "", "chosen by you")
	if k.cert == nil {
		return Cert{}, errors.New(k.unusable)
	}
	return Cert{keys: k}, nil
}

// UseCert checks DEP tokens against a chosen certificate from now on.
func (r *Renewal) UseCert(c Cert) {
	if c.keys.cert != nil {
		k := c.keys
		r.keys = &k
	}
}

// remembered reports the paths to remember for the chosen file's server,
// once the renewal is done: the certificate (and key) it was checked with.
func (r *Renewal) remembered() (portal, server string, p mdmcerts.Paths, ok bool) {
	c := r.chosen
	if c == nil || r.guide == nil || c.Server.Cert == "" || c.Report.Server == "" ||
		(c.Server.How != ServerByKey && c.Server.How != ServerByCert) {
		return "", "", mdmcerts.Paths{}, false
	}
	return r.guide.Portal.ID, c.Report.Server, mdmcerts.Paths{Cert: c.Server.Cert, Key: c.Server.Key}, true
}
