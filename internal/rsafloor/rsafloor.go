// Package rsafloor is the floor of checking DEP tokens with the MDM's key,
// for benchmarks to measure against: one bare RSA-2048 PKCS#1 v1.5
// decryption per token, on a number of goroutines.
package rsafloor

import (
	"crypto/rand"
	"crypto/rsa"
	"sync"
)

// Floor decrypts one wrapped content key with a private key, as often as
// asked.
type Floor struct {
	key     *rsa.PrivateKey
	wrapped []byte
}

// New wraps a 32-byte content key for key's public key.
func New(key *rsa.PrivateKey) (Floor, error) {
	wrapped, err := rsa.EncryptPKCS1v15(rand.Reader, &key.PublicKey, make([]byte, 32))
	return Floor{key: key, wrapped: wrapped}, err
}

// Run decrypts the wrapped key n times, shared among workers goroutines,
// and returns once all are done; the first error, if any.
func (f Floor) Run(n, workers int) error {
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				if _, err := rsa.DecryptPKCS1v15(nil, f.key, f.wrapped); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
