package token

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// verdict is the one-line message and action for a status.
type verdict struct{ message, action string }

// analysis collects what is learned about a file before the verdict.
type analysis struct {
	r    Report
	opts Options

	invalid           *verdict // damaged, unreadable or not a token
	wrongServer       *verdict // DEP token for another MDM server
	downloaded        time.Time
	forThisMDM        bool      // DEP: a recipient matches Options.Cert
	notDecrypt        string    // DEP: why the payload was not decrypted although a key was given
	keyMismatch       bool      // DEP: because the key given is not the certificate's
	cipherUnsupported bool      // DEP: because its cipher is one this tool cannot decrypt
	futureName        time.Time // DEP: the download time in the file name, when it is in the future
	certName          string    // certificate: subject and serial
	keyName           string    // private key: type and size
	p7Name            string    // pkcs7: what kind of PKCS#7
	repairs           []string  // what had to be repaired to read the file, in words
	flawed            *verdict  // the expected kind, but unusable (a push certificate not from Apple, for another key)
	pushReq           *pushRequest
}

func (a *analysis) note(s string) { a.r.Notes = append(a.r.Notes, s) }

// repair records something a strict reader (as MDMs use) would reject but
// that had to be repaired to read the file.
func (a *analysis) repair(s string) {
	for _, r := range a.repairs {
		if r == s {
			return
		}
	}
	a.repairs = append(a.repairs, s)
}

// panicHook, when set (by tests), learns of a recovered panic in the
// package's own parsing.
var panicHook func(any)

// Inspect reads the file at path (at most MaxFileSize bytes) and tells what
// it is. Larger files are rejected from their size alone.
func Inspect(path string, opts Options) Report {
	opts = withReplaces(opts)
	a := &analysis{opts: opts, r: Report{File: path, Kind: KindUnknown}}
	fi, err := os.Stat(path)
	if err != nil {
		a.invalid = msgReadError(err)
		return a.finish()
	}
	a.r.Size = fi.Size()
	switch {
	case fi.IsDir():
		a.invalid = msgFolder()
		return a.finish()
	case !fi.Mode().IsRegular():
		a.invalid = msgNotRegular()
		return a.finish()
	case fi.Size() > MaxFileSize:
		a.invalid = msgTooLarge(fi.Size())
		return a.finish()
	}
	f, err := openNonBlocking(path)
	if err != nil {
		a.invalid = msgReadError(err)
		return a.finish()
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		a.invalid = msgReadError(err)
		return a.finish()
	} else if !fi.Mode().IsRegular() {
		a.invalid = msgNotRegular() // swapped for something else since the first look
		return a.finish()
	}
	data, err := readAtMost(f, fi.Size(), MaxFileSize+1)
	if err != nil {
		a.r.Size = int64(len(data))
		a.invalid = msgReadError(err)
		return a.finish()
	}
	r := InspectBytes(path, data, opts)
	if r.Kind == KindPrivateKey && fi.Mode().Perm()&0o077 != 0 {
		r.Notes = append(r.Notes, "Other users on this computer can read this private key file (permissions "+
			fi.Mode().Perm().String()+"); restrict it to its owner.")
	}
	return r
}

// readAtMost reads r to its end, or up to limit bytes, into a buffer of
// the size the file said it had (and one byte more, to see the end), so
// that a file of the size it said is read with one allocation.
func readAtMost(r io.Reader, size, limit int64) ([]byte, error) {
	buf := make([]byte, 0, min(max(size, 0), limit-1)+1)
	for int64(len(buf)) < limit {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // the file grew: let append find room
		}
		n, err := r.Read(buf[len(buf):min(int64(cap(buf)), limit)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// InspectBytes tells what data is. The name is only a hint: it supplies
// the VPP location and the DEP server name and download time, and is
// compared with the content.
func InspectBytes(name string, data []byte, opts Options) Report {
	opts = withReplaces(opts)
	a := &analysis{opts: opts, r: Report{File: name, Kind: KindUnknown, Size: int64(len(data))}}
	if len(data) > MaxFileSize {
		a.invalid = msgTooLarge(int64(len(data)))
		return a.finish()
	}
	sum := sha256.Sum256(data)
	a.r.SHA256 = hex.EncodeToString(sum[:])
	func() {
		defer func() {
			if p := recover(); p != nil {
				if panicHook != nil {
					panicHook(p)
				}
				a.r.Kind = KindUnknown
				a.invalid = msgUnreadable()
			}
		}()
		detect(a, data)
	}()
	return a.finish()
}

// readErrorKind classifies a read error for its message.
func readErrorKind(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "missing"
	case errors.Is(err, fs.ErrPermission):
		return "permission"
	case errors.Is(err, syscall.EWOULDBLOCK):
		return "locked"
	}
	return "other"
}
