package sample

import (
	"archive/zip"
	"bytes"
	"math/rand/v2"
	"time"

	"github.com/smallstep/pkcs7"
)

// SignedData makes a PKCS#7 signed-data (not encrypted) over content,
// signed by id: the wrong kind of .p7m for a DEP upload.
func SignedData(id *Identity, content []byte) ([]byte, error) {
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		return nil, err
	}
	if err := sd.AddSigner(id.Cert, id.Key, pkcs7.SignerInfoConfig{}); err != nil {
		return nil, err
	}
	return sd.Finish()
}

// Zip makes a ZIP archive holding one file, as some downloads arrive.
func Zip(name string, content []byte, modified time.Time) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified.UTC()})
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(content); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// LoginPage is an HTML sign-in page, as saved by mistake instead of a token.
func LoginPage() []byte {
	return []byte(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sign In - Apple Business Manager</title>
</head>
<body>
<main>
<h1>Sign in to Apple Business Manager</h1>
<form action="/signin" method="post">
<input type="text" name="accountName" placeholder="Managed Apple Account">
<input type="password" name="password" placeholder="Password">
<button type="submit">Continue</button>
</form>
<p>Your session has expired. Please sign in again.</p>
</main>
</body>
</html>
`)
}

// RandomBytes returns n pseudo-random bytes from seed.
func RandomBytes(n int, seed uint64) []byte {
	var s [32]byte
	for i := range 8 {
		s[i] = byte(seed >> (8 * i))
	}
	b := make([]byte, n)
	_, _ = rand.NewChaCha8(s).Read(b)
	return b
}
