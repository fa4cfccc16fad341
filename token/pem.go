package token

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// Certificates and private keys, PEM or DER.

// pemBlocks decodes every PEM block in data.
func pemBlocks(data []byte) []*pem.Block {
	var blocks []*pem.Block
	for len(blocks) < 64 {
		b, rest := pem.Decode(data)
		if b == nil {
			break
		}
		blocks = append(blocks, b)
		data = rest
	}
	return blocks
}

// isPrivateKeyPEM reports whether a PEM block type is a private key.
func isPrivateKeyPEM(t string) bool {
	return strings.HasSuffix(t, "PRIVATE KEY")
}

// parseKeyDER parses a PKCS#1, PKCS#8 or SEC 1 private key.
func parseKeyDER(der []byte) (any, error) {
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k, nil
	}
	if k, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(der); err == nil {
		return k, nil
	}
	return nil, errors.New("not a readable private key")
}

// keyDescription names a private key's type and size.
func keyDescription(k any) string {
	switch k := k.(type) {
	case *rsa.PrivateKey:
		return fmt.Sprintf("RSA %d-bit", k.N.BitLen())
	case *ecdsa.PrivateKey:
		return "EC " + k.Curve.Params().Name
	case ed25519.PrivateKey:
		return "Ed25519"
	}
	return "unknown type"
}

// readLimited reads a whole regular file of at most MaxFileSize bytes. A
// folder, pipe, socket or device is refused before it is opened, as
// opening or reading it could wait for ever; the file opened is checked
// again, in case it was swapped in between.
func readLimited(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, pathCause(err)
	}
	if err := regularOnly(fi); err != nil {
		return nil, err
	}
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, pathCause(err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, pathCause(err)
	} else if err := regularOnly(fi); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, pathCause(err)
	}
	if len(data) > MaxFileSize {
		return nil, errors.New("file is too large")
	}
	return data, nil
}

// regularOnly refuses anything but a regular file, saying what it is.
func regularOnly(fi os.FileInfo) error {
	switch m := fi.Mode(); {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return errors.New("is a folder, not a file")
	case m&os.ModeNamedPipe != 0:
		return errors.New("is a named pipe, not a file")
	case m&os.ModeSocket != 0:
		return errors.New("is a socket, not a file")
	case m&os.ModeDevice != 0:
		return errors.New("is a device, not a file")
	}
	return errors.New("is not a regular file")
}

// pathCause drops the *fs.PathError wrapper, whose path the message
// already shows, keeping the operating system's reason.
func pathCause(err error) error {
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errLocked
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// errLocked is why a regular file does not open at once: opened without
// waiting, it gives way to another program's lease instead of hanging until
// that program lets go (as a stalled network share would).
var errLocked = errors.New("another program holds a lease on it")

// LoadCertificate reads an X.509 certificate, PEM or DER, such as the
// MDM's public key uploaded to Apple.
func LoadCertificate(path string) (*x509.Certificate, error) {
	shown := Printable(path)
	data, err := readLimited(path)
	if err != nil {
		return nil, fmt.Errorf("certificate %s: %w", shown, err)
	}
	if blocks := pemBlocks(data); len(blocks) > 0 {
		hasKey := false
		for _, b := range blocks {
			if isCertificatePEM(b.Type) {
				c, err := parseCertificateBlock(b)
				if err != nil {
					return nil, fmt.Errorf("certificate %s: the certificate is damaged: %v", shown, err)
				}
				return c, nil
			}
			hasKey = hasKey || isPrivateKeyPEM(b.Type)
		}
		if hasKey {
			return nil, fmt.Errorf("certificate %s: this file holds a private key, not a certificate", shown)
		}
		return nil, fmt.Errorf("certificate %s: no CERTIFICATE block (found %q)", shown, blocks[0].Type)
	}
	c, err := x509.ParseCertificate(data)
	if err != nil {
		if _, kerr := parseKeyDER(data); kerr == nil {
			return nil, fmt.Errorf("certificate %s: this file holds a private key, not a certificate", shown)
		}
		return nil, fmt.Errorf("certificate %s: not a PEM or DER certificate", shown)
	}
	return c, nil
}

// LoadPrivateKey reads an RSA private key, PKCS#1 or PKCS#8, PEM or DER.
// Errors never contain key material.
func LoadPrivateKey(path string) (*rsa.PrivateKey, error) {
	shown := Printable(path)
	data, err := readLimited(path)
	if err != nil {
		return nil, fmt.Errorf("private key %s: %w", shown, err)
	}
	der := data
	if blocks := pemBlocks(data); len(blocks) > 0 {
		der = nil
		for _, b := range blocks {
			if !isPrivateKeyPEM(b.Type) {
				continue
			}
			if b.Type == "ENCRYPTED PRIVATE KEY" || b.Headers["Proc-Type"] != "" {
				return nil, fmt.Errorf("private key %s: the key is password-protected; export it without a password", shown)
			}
			der = b.Bytes
			break
		}
		if der == nil {
			if isCertificatePEM(blocks[0].Type) {
				return nil, fmt.Errorf("private key %s: this file holds a certificate (the public key), not the private key", shown)
			}
			return nil, fmt.Errorf("private key %s: no PRIVATE KEY block (found %q)", shown, blocks[0].Type)
		}
	}
	k, err := parseKeyDER(der)
	if err != nil {
		if _, cerr := x509.ParseCertificate(der); cerr == nil {
			return nil, fmt.Errorf("private key %s: this file holds a certificate (the public key), not the private key", shown)
		}
		return nil, fmt.Errorf("private key %s: not a PEM or DER private key", shown)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("private key %s: an %s key; Apple's server tokens need an RSA key", shown, keyDescription(k))
	}
	return rk, nil
}

// openNonBlocking opens path for reading without waiting for a writer if
// it has turned into a pipe since it was checked.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
