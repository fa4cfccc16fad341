package check

import (
	"path/filepath"
	"slices"

	"github.com/mdmtoken/mdmtoken/token"
)

// Role is what the check makes of a file it found.
type Role int

// The roles. A file named on the command line is always judged; so is
// every file of a yearly credential's kind, every file named like a
// credential or a related file, and every problem of the walk. Inside a
// folder, the rest is set aside: a folder such as Downloads holds far more
// than tokens.
const (
	// RoleJudged: its verdict is shown and counts for the exit status.
	RoleJudged Role = iota
	// RoleRelated: found in a folder, a file that goes with the
	// credentials but is none of them (the MDM's certificate or private
	// key, the push certificate request, a PKCS#12 bundle, other PKCS#7),
	// not named like a token or push certificate. It is shown, not judged.
	RoleRelated
	// RoleSkipped: found in a folder, a file that is no token or
	// certificate by its content (a document, image, archive, program, web
	// page, text...) nor by its name. It is counted, and named only on
	// request.
	RoleSkipped
	// RoleNoneFound: a folder given in which nothing was judged; its report
	// (StatusNoneFound) says what was looked for and what was set aside.
	RoleNoneFound
)

// roleOf decides the role of report r on entry e, in a check that expects
// files of kind expect (empty: any credential). Found in a folder, a
// credential of another kind than expect is set aside like a related file,
// unless it carries the name of the kind expected (a mix-up).
func roleOf(e Entry, r token.Report, expect token.Kind) Role {
	switch {
	case e.Found && e.Err != nil && e.Err.Aside:
		return RoleSkipped
	case !e.Found || e.Err != nil:
		return RoleJudged
	}
	named := token.NamedKind(r.File)
	switch {
	case r.Kind == token.KindVPP, r.Kind == token.KindDEP, r.Kind == token.KindPush:
		if expect != "" && r.Kind != expect && named != expect {
			return RoleRelated // say, this year's content token beside the server token checked
		}
		return RoleJudged
	case relatedKind(r.Kind):
		if named != "" && (expect == "" || named == expect) {
			return RoleJudged // a mix-up: a token's or push certificate's name on another file
		}
		return RoleRelated
	case r.Kind == token.KindUnknown:
		// Content that was read (or is far too large to be a token) and
		// is no credential; a file that could not be read is judged.
		examined := r.SHA256 != "" || r.Size > token.MaxFileSize
		if r.Status == token.StatusInvalid && examined && named == "" && !relatedName(r.File) {
			return RoleSkipped
		}
	}
	return RoleJudged
}

// relatedKind reports whether k is a kind of file that goes with the
// credentials but is none of them: the MDM's certificate or key, the push
// certificate request, a PKCS#12 bundle, other PKCS#7.
func relatedKind(k token.Kind) bool {
	switch k {
	case token.KindCertificate, token.KindPrivateKey, token.KindPushRequest, token.KindPKCS12, token.KindPKCS7:
		return true
	}
	return false
}

// relatedExts are the extensions of the files that go with the
// credentials: certificates, keys, requests and bundles.
var relatedExts = []string{".pem", ".cer", ".crt", ".der", ".key", ".csr", ".p12", ".pfx", ".p7b", ".p7c", ".p7s"}

// relatedName reports whether path is named like a certificate, key,
// certificate request or bundle.
func relatedName(path string) bool {
	return slices.Contains(relatedExts, filepath.Ext(token.CleanName(path)))
}
