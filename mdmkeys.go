package main

import (
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/mdmtoken/mdmtoken/check"
	"github.com/mdmtoken/mdmtoken/token"
)

// loadMDMKeys reads the MDM certificate and private key given with --cert
// and --key (either may be empty). A key without its certificate is a usage
// error; a file that cannot be read, or a key that does not belong to the
// certificate, is a problem. A pipe, socket or device (such as /dev/stdin
// on a terminal) or a file of a kernel file system is refused without being
// opened, as reading it could wait for ever.
func loadMDMKeys(certPath, keyPath string) (*x509.Certificate, *rsa.PrivateKey, error) {
	if keyPath != "" && certPath == "" {
		return nil, nil, usageError(errors.New("the --key flag needs --cert: give the MDM certificate that goes with the private key"))
	}
	var cert *x509.Certificate
	var key *rsa.PrivateKey
	var err error
	if certPath != "" {
		if what := check.SpecialFile(certPath); what != "" {
			return nil, nil, &exitError{code: exitProblem, err: fmt.Errorf("cannot read the MDM certificate (--cert): %s is %s, not a file; give the certificate file itself", token.Printable(certPath), what)}
		}
		if cert, err = token.LoadCertificate(certPath); err != nil {
			return nil, nil, &exitError{code: exitProblem, err: fmt.Errorf("cannot read the MDM certificate (--cert): %w", err)}
		}
	}
	if keyPath != "" {
		if what := check.SpecialFile(keyPath); what != "" {
			return nil, nil, &exitError{code: exitProblem, err: fmt.Errorf("cannot read the MDM private key (--key): %s is %s, not a file; give the private key file itself", token.Printable(keyPath), what)}
		}
		if key, err = token.LoadPrivateKey(keyPath); err != nil {
			return nil, nil, &exitError{code: exitProblem, err: fmt.Errorf("cannot read the MDM private key (--key): %w", err)}
		}
		if !key.PublicKey.Equal(cert.PublicKey) {
			return nil, nil, &exitError{code: exitProblem, err: fmt.Errorf("the private key %s does not belong to the certificate %s: give the pair the MDM server uses", token.Printable(keyPath), token.Printable(certPath))}
		}
	}
	return cert, key, nil
}
