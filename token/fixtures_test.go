package token

import (
	"strings"
	"testing"
	"time"
)

// keys says which of the MDM's credentials a case passes.
type keys int

const (
	noKeys      keys = iota
	withCert         // the MDM certificate only
	withBoth         // certificate and private key
	keyOnly          // private key only
	profileBoth      // the negative-serial certificate of keys/profile_manager and its key
	pushKey          // push/push_private_key.pem, the key of this year\'s push certificate
	oldPushKey       // push/old_push_private_key.pem, last year\'s push key
)

type fixtureCase struct {
	file   string
	keys   keys
	expect Kind
	fresh  bool
	warn   int

	kind       Kind
	status     Status
	org        string
	location   string
	server     string
	expires    string // RFC 3339; "-" means no expiry
	estimated  bool
	days       *int
	cipher     string
	recipient  string // "issuer/serial" of the only recipient
	decrypted  bool
	secrets    int
	encoding   string
	downloaded string
	msg        []string // substrings of Message
	act        []string // substrings of Action
	notes      []string // substrings, each found in some note
	not        []string // substrings found in neither message nor action
	topic      string   // push topic
	replaces   string   // fixture of the credential being replaced
}

func days(n int) *int { return &n }

var (
	mdmDEP     = depName("Fixture MDM", "2026-05-30T09-15-42Z")
	oldDEP     = depName("Fixture MDM", "2025-06-10T08-00-00Z")
	expiredDEP = depName("Fixture MDM", "2025-04-02T08-00-00Z")
	mainVPP    = "vpp/sToken_for_Main Campus.vpptoken"
	org        = "Fixture Academy Inc."
	depServers = "CN=depserver/01"

	pushCert     = "push/MDM_ Fixture_Certificate.pem"
	pushLastYear = "push/MDM_ Fixture_Certificate_2025.pem"
	pushNewTopic = "push/MDM_ Fixture_Certificate (1).pem"
	topicA       = "com.apple.mgmt.External.3f1c2a64-5b7e-4d1a-9c3e-0a1b2c3d4e5f"
	topicB       = "com.apple.mgmt.External.8d2e4f60-1a3b-4c5d-8e9f-112233445566"
)

var fixtureCases = []fixtureCase{
	// VPP content tokens.
	{file: mainVPP, kind: KindVPP, status: StatusOK, org: org, location: "Main Campus", expires: "2027-05-31T13:05:09Z",
		days: days(364), secrets: 1, encoding: "base64", msg: []string{"VPP content token", org, "Main Campus", "2027-05-31", "364 days"},
		act: []string{"existing Apps and Books (VPP) token entry"}},
	{file: mainVPP, fresh: true, kind: KindVPP, status: StatusOK, expires: "2027-05-31T13:05:09Z"},
	{file: mainVPP, expect: KindVPP, kind: KindVPP, status: StatusOK},
	{file: mainVPP, expect: KindDEP, kind: KindVPP, status: StatusWrongKind, org: org,
		msg: []string{"VPP", "not a DEP server token", `"Invalid Token"`, `"Invalid file uploaded"`},
		act: []string{"*_smime.p7m", "Your MDM Servers", "Management Services"}},
	{file: mainVPP, expect: KindCertificate, kind: KindVPP, status: StatusWrongKind, msg: []string{"not the MDM's certificate"}},
	{file: "vpp/sToken_for_Old Library.vpptoken", kind: KindVPP, status: StatusExpired, location: "Old Library",
		expires: "2026-03-15T13:05:09Z", days: days(-78), msg: []string{"expired 2026-03-15", "78 days ago"},
		act: []string{"Payments & Billing", "sToken_for_Old Library.vpptoken"}},
	{file: "vpp/sToken_for_Old Library.vpptoken", expect: KindDEP, kind: KindVPP, status: StatusWrongKind},
	{file: "vpp/sToken_for_Old Library.vpptoken", fresh: true, kind: KindVPP, status: StatusExpired},
	{file: "vpp/sToken_for_Science Wing.vpptoken", kind: KindVPP, status: StatusExpiring, expires: "2026-06-21T13:05:09Z",
		days: days(20), msg: []string{"expires 2026-06-21", "in 20 days"}, act: []string{"Download a new content token", "sToken_for_Science Wing.vpptoken"}},
	{file: "vpp/sToken_for_Science Wing.vpptoken", warn: 10, kind: KindVPP, status: StatusOK},
	{file: "vpp/sToken_for_Science Wing.vpptoken", fresh: true, kind: KindVPP, status: StatusStale,
		msg: []string{"last year's file"}, act: []string{"Download a new content token", "newest"}},
	{file: "vpp/sToken_for_Last Year.vpptoken", kind: KindVPP, status: StatusOK, days: days(183)},
	{file: "vpp/sToken_for_Last Year.vpptoken", fresh: true, kind: KindVPP, status: StatusStale, location: "Last Year",
		msg: []string{"only 183 days away", "an older download still in Downloads"}, act: []string{"sToken_for_Last Year.vpptoken"}},
	{file: "vpp/sToken_for_Fixture_B.V..vpptoken", kind: KindVPP, status: StatusOK, org: "Fixture B.V.", location: "Fixture_B.V.",
		expires: "2027-03-25T03:47:21Z", msg: []string{`"Fixture B.V."`, `location "Fixture_B.V."`}},
	{file: "vpp/sToken_for_Main Campus (1).vpptoken", kind: KindVPP, status: StatusRepaired, org: org, location: "Main Campus",
		expires: "2027-05-30T13:05:09Z", secrets: 1, msg: []string{"2027-05-30", "MDM will probably reject it"},
		act: []string{"Apple's original download"}, notes: []string{"byte-order mark", "Fleet, nanodep and MicroMDM"}},
	{file: "vpp/sToken_for_Colon Offset.vpptoken", kind: KindVPP, status: StatusRepaired, org: "Fixture Schule München",
		location: "Colon Offset", expires: "2027-04-10T06:30:00Z", days: days(313), notes: []string{"colon in the time-zone offset", "VPP simulator"}},

	// DEP server tokens.
	{file: mdmDEP, kind: KindDEP, status: StatusOK, server: "Fixture MDM", downloaded: "2026-05-30T09:15:42Z",
		expires: "2027-05-30T09:15:42Z", estimated: true, days: days(363), cipher: "AES-128-CBC", recipient: depServers,
		encoding: "S/MIME, base64", msg: []string{`"Fixture MDM"`, "about 2027-05-30", "estimated"},
		act: []string{"Automated Device Enrollment", "reset the previous token"}},
	{file: mdmDEP, keys: withCert, kind: KindDEP, status: StatusOK, estimated: true,
		msg:   []string{"recipient matches the issuer and serial of this MDM's certificate (CN=depserver, serial 01)", "only the MDM's private key proves"},
		notes: []string{"self-signed with serial 01", "repeat across MDM servers and key changes"}},
	{file: mdmDEP, keys: withBoth, kind: KindDEP, status: StatusOK, expires: "2027-05-30T09:15:42Z", estimated: false,
		decrypted: true, secrets: 4, msg: []string{"decrypted with the MDM's key", "expires 2027-05-30"}},
	{file: mdmDEP, keys: keyOnly, kind: KindDEP, status: StatusOK, decrypted: true, secrets: 4},
	{file: mdmDEP, fresh: true, kind: KindDEP, status: StatusOK},
	{file: mdmDEP, expect: KindDEP, keys: withBoth, kind: KindDEP, status: StatusOK, decrypted: true},
	{file: mdmDEP, expect: KindVPP, kind: KindDEP, status: StatusWrongKind,
		msg: []string{"DEP", "not a VPP content token", `"Invalid Token"`},
		act: []string{"sToken_for_<Location>.vpptoken", "Payments & Billing"}},
	{file: depName("Fixture 3DES", "2026-05-29T14-02-11Z"), kind: KindDEP, status: StatusOK, cipher: "DES-EDE3-CBC (3DES)", estimated: true},
	{file: depName("Fixture 3DES", "2026-05-29T14-02-11Z"), keys: withBoth, kind: KindDEP, status: StatusOK,
		cipher: "DES-EDE3-CBC (3DES)", decrypted: true, expires: "2027-05-29T14:02:11Z"},
	{file: depName("Fixture AES256", "2026-05-28T08-00-00Z"), keys: withBoth, kind: KindDEP, status: StatusOK,
		cipher: "AES-256-CBC", decrypted: true, expires: "2027-05-28T08:00:00Z"},
	{file: depName("Profile Manager", "2026-05-30T14-00-00Z"), kind: KindDEP, status: StatusOK, estimated: true,
		recipient: "C=US, O=Fixture Inc, CN=Fixture Profile Manager S/MIME Identity, emailAddress=mdm@example.com/-7CB4A13342F086E4"},
	{file: depName("Profile Manager", "2026-05-30T14-00-00Z"), keys: profileBoth, kind: KindDEP, status: StatusOK,
		decrypted: true, expires: "2027-05-30T14:00:00Z"},
	{file: depName("Profile Manager", "2026-05-30T14-00-00Z"), keys: withCert, kind: KindDEP, status: StatusWrongServer,
		msg: []string{"serial -7CB4A13342F086E4", "not for this MDM's certificate CN=depserver (serial 01)"}},
	{file: depName("Resaved", "2026-05-30T17-00-00Z"), kind: KindDEP, status: StatusRepaired, estimated: true,
		msg: []string{"MDM will probably reject it"}, act: []string{"Apple's original download"}, notes: []string{"byte-order mark", "CR CR LF"}},
	{file: depName("Resaved", "2026-05-30T17-00-00Z"), keys: withBoth, kind: KindDEP, status: StatusRepaired, decrypted: true},
	{file: depName("Fixture LF", "2026-05-31T23-59-59Z"), kind: KindDEP, status: StatusOK, server: "Fixture LF", estimated: true},
	{file: depName("Fixture LF", "2026-05-31T23-59-59Z"), keys: withBoth, kind: KindDEP, status: StatusOK,
		decrypted: true, expires: "2027-05-31T23:59:59Z", days: days(364)},
	{file: depName("Fixture AES192", "2026-05-30T10-00-00Z"), kind: KindDEP, status: StatusOK, cipher: "AES-192-CBC", estimated: true},
	// Given the key, what it was given for (that the MDM can open the
	// token) is not checked: unverified, though Apple's name dates it.
	{file: depName("Fixture AES192", "2026-05-30T10-00-00Z"), keys: withBoth, kind: KindDEP, status: StatusUnverified,
		cipher: "AES-192-CBC", estimated: true, expires: "2027-05-30T10:00:00Z",
		msg: []string{"not decrypted with the key given", "AES-192-CBC", "cannot decrypt", "whether the MDM can open it is not known"},
		act: []string{"Apple's original download", "AES-128-CBC"}},
	{file: depName("Truncated", "2026-05-30T15-00-00Z"), kind: KindDEP, status: StatusInvalid, server: "Truncated",
		msg: []string{"incomplete", "ends early"}, act: []string{"Download it again", "resets the old one"}},
	{file: depName("Truncated", "2026-05-30T15-00-00Z"), keys: withBoth, expect: KindDEP, kind: KindDEP, status: StatusInvalid},
	{file: depName("Truncated", "2026-05-30T15-00-00Z"), expect: KindVPP, kind: KindDEP, status: StatusInvalid,
		notes: []string{"wrong file"}},
	{file: depName("Headers Only", "2026-05-30T15-00-00Z"), kind: KindDEP, status: StatusInvalid,
		msg: []string{"incomplete", "no token data"}, act: []string{"resets"}},
	{file: depName("Other Server", "2026-05-30T11-00-00Z"), kind: KindDEP, status: StatusOK, recipient: "CN=other-mdm/07"},
	{file: depName("Other Server", "2026-05-30T11-00-00Z"), keys: withCert, kind: KindDEP, status: StatusWrongServer,
		recipient: "CN=other-mdm/07", msg: []string{"belongs to a different MDM server", "CN=other-mdm (serial 07)", "CN=depserver (serial 01)", "before this MDM's current public key was uploaded"},
		act: []string{"Your MDM Servers", "matches"}},
	{file: depName("Other Server", "2026-05-30T11-00-00Z"), keys: withBoth, kind: KindDEP, status: StatusWrongServer, decrypted: false},
	{file: depName("Other Server", "2026-05-30T11-00-00Z"), keys: keyOnly, kind: KindDEP, status: StatusWrongServer,
		msg: []string{"different MDM server", "CN=other-mdm"}},
	{file: depName("Other Server", "2026-05-30T11-00-00Z"), keys: withCert, expect: KindVPP, kind: KindDEP, status: StatusWrongKind},
	{file: depName("Regenerated", "2026-05-30T12-00-00Z"), keys: withCert, kind: KindDEP, status: StatusOK, recipient: depServers},
	{file: depName("Regenerated", "2026-05-30T12-00-00Z"), keys: withBoth, kind: KindDEP, status: StatusWrongServer,
		msg: []string{"different MDM server key", "CN=depserver (serial 01)", "regenerated", "before this MDM's current public key was uploaded"},
		act: []string{"current public key", "upload the current .pem to that server first"}},
	{file: depName("Fixture OAEP", "2026-05-30T13-00-00Z"), keys: withBoth, kind: KindDEP, status: StatusOK, estimated: false,
		expires: "2027-05-30T13:00:00Z", decrypted: true, secrets: 4, msg: []string{"decrypted with the MDM's key"}},
	{file: depName("Fixture OAEP", "2026-05-30T13-00-00Z"), keys: withBoth, fresh: true, kind: KindDEP, status: StatusOK, decrypted: true},
	{file: depName("Corrupt", "2026-05-30T16-00-00Z"), kind: KindDEP, status: StatusOK},
	{file: depName("Corrupt", "2026-05-30T16-00-00Z"), keys: withBoth, kind: KindDEP, status: StatusInvalid,
		msg: []string{"damaged", "does not decrypt"}, act: []string{"Download it again", "resets"}},
	{file: oldDEP, kind: KindDEP, status: StatusExpiring, expires: "2026-06-10T08:00:00Z", estimated: true, days: days(9),
		msg: []string{"about 2026-06-10", "in 9 days"}, act: []string{"Download Token", "resets"}},
	{file: oldDEP, fresh: true, kind: KindDEP, status: StatusStale,
		msg: []string{"downloaded on 2025-06-10", "356 days ago", "last year's file"}, act: []string{"newest", "resets"}},
	{file: oldDEP, keys: withBoth, kind: KindDEP, status: StatusExpiring, decrypted: true, estimated: false, expires: "2026-06-10T08:00:00Z"},
	{file: expiredDEP, kind: KindDEP, status: StatusExpired, estimated: true, days: days(-60), msg: []string{"expired about 2026-04-02", "60 days ago", "most likely"}},
	{file: expiredDEP, keys: withBoth, kind: KindDEP, status: StatusExpired, decrypted: true, msg: []string{"expired 2026-04-02", "no longer works"}},
	{file: expiredDEP, fresh: true, expect: KindDEP, kind: KindDEP, status: StatusExpired},
	{file: "dep/renamed-token.p7m", kind: KindDEP, status: StatusUnverified, expires: "-", server: "", cipher: "AES-128-CBC",
		msg: []string{"expiry is unknown", "not Apple's <Server>_Token_<download time>_smime.p7m", "without the MDM's private key"},
		act: []string{"--cert and --key", "original name"}},
	{file: "dep/renamed-token.p7m", keys: withCert, kind: KindDEP, status: StatusUnverified, expires: "-",
		msg: []string{"recipient matches the issuer and serial", "expiry is unknown"}},
	{file: "dep/renamed-token.p7m", fresh: true, kind: KindDEP, status: StatusUnverified, notes: []string{"Cannot tell whether this is a fresh download"}},
	{file: "dep/renamed-token.p7m", keys: withBoth, kind: KindDEP, status: StatusOK, decrypted: true, expires: "2027-05-25T07:30:00Z", days: days(358)},
	{file: "dep/renamed-token.p7m", keys: withBoth, fresh: true, kind: KindDEP, status: StatusStale, decrypted: true, msg: []string{"downloaded on 2026-05-25"}},
	{file: "dep/dep-token-der.p7m", kind: KindDEP, status: StatusUnverified, encoding: "DER", expires: "-", recipient: depServers,
		notes: []string{"it is DER, converted from the S/MIME text Apple delivers", "MDM will probably reject this copy"}},
	{file: "dep/dep-token-der.p7m", keys: withBoth, kind: KindDEP, status: StatusRepaired, decrypted: true, expires: "2027-05-20T08:00:00Z",
		msg: []string{"MDM will probably reject it"}, act: []string{"Apple's original download"}},
	{file: "dep/dep-token.pem", kind: KindDEP, status: StatusUnverified, encoding: "PEM (PKCS7)", notes: []string{"PEM (PKCS7), converted from the S/MIME text"}},
	{file: "dep/dep-token.pem", keys: withBoth, kind: KindDEP, status: StatusRepaired, decrypted: true, expires: "2027-05-20T08:00:00Z"},

	// Mix-ups.
	{file: "mixups/Fixture MDM_Token_2026-05-30T09-15-42Z_smime.p7m", kind: KindVPP, status: StatusOK, org: org, server: "",
		expires: "2027-05-31T13:05:09Z", notes: []string{"ends in .p7m like a DEP", "content is an Apps and Books (VPP) content token"}},
	{file: "mixups/Fixture MDM_Token_2026-05-30T09-15-42Z_smime.p7m", expect: KindDEP, kind: KindVPP, status: StatusWrongKind,
		msg: []string{`"Invalid Token"`}, notes: []string{"ends in .p7m"}},
	{file: "mixups/sToken_for_Main Campus.vpptoken", kind: KindDEP, status: StatusUnverified, location: "",
		notes: []string{"ends in .vpptoken like an Apps and Books (VPP) content token", "DEP"}},
	{file: "mixups/sToken_for_Main Campus.vpptoken", expect: KindVPP, kind: KindDEP, status: StatusWrongKind, notes: []string{".vpptoken"}},
	{file: "mixups/sToken_for_Main Campus.vpptoken", keys: withBoth, kind: KindDEP, status: StatusOK, decrypted: true, expires: "2027-05-30T09:15:42Z"},
	{file: "mixups/mdm_public_key.p7m", kind: KindCertificate, status: StatusWrongKind,
		msg:   []string{"X.509 certificate", "CN=depserver", "the MDM's public key", "uploaded to Apple when creating an MDM server or when replacing its key", "never uploaded to the MDM as a token"},
		notes: []string{"ends in .p7m", "certificate"}},
	{file: "mixups/decrypted_token.txt", kind: KindDEP, status: StatusInvalid, decrypted: false, expires: "2027-05-30T09:15:42Z",
		secrets: 4, encoding: "decrypted text (BEGIN/END MESSAGE)", msg: []string{"decrypted DEP server token", "secrets in clear text", "encrypted *_smime.p7m", "access_token_expiry is 2027-05-30 (in 363 days)"},
		act: []string{"Delete this file", "*_smime.p7m"}},
	{file: "mixups/decrypted_mime.txt", kind: KindDEP, status: StatusInvalid, decrypted: false, expires: "2027-05-30T09:15:42Z",
		secrets: 4, encoding: "decrypted text (MIME headers and JSON)", msg: []string{"decrypted DEP server token", "secrets in clear text"},
		act: []string{"Delete this file"}},
	{file: "mixups/stoken.json", kind: KindDEP, status: StatusInvalid, decrypted: false, expires: "2027-05-30T09:15:42Z",
		secrets: 4, encoding: "decrypted JSON", msg: []string{"decrypted DEP server token", "secrets in clear text", "encrypted *_smime.p7m"},
		act: []string{"Delete this file"}},
	{file: "mixups/vpp-wrapped_smime.p7m", kind: KindVPP, status: StatusInvalid, org: org, expires: "2027-05-31T13:05:09Z",
		encoding: "S/MIME headers, JSON", msg: []string{"Apps and Books (VPP) content token inside S/MIME headers", "will reject it"},
		act: []string{"sToken_for_<Location>.vpptoken", "unchanged"}, not: []string{"DEP server token is", "Download Token", "resets"}},
	{file: "mixups/vpp-wrapped_smime.p7m", expect: KindDEP, kind: KindVPP, status: StatusInvalid, notes: []string{"wrong file"},
		not: []string{"Download Token", "resets"}},
	{file: "mixups/vpp-decoded.json", kind: KindVPP, status: StatusInvalid, org: org, msg: []string{"decoded JSON"}, act: []string{"unchanged"}},
	{file: "mixups/signed_smime.p7m", kind: KindPKCS7, status: StatusWrongKind, msg: []string{"signed data", "not an encrypted DEP server token"},
		act: []string{"*_smime.p7m"}},
	{file: "mixups/signed_smime.p7m", keys: withBoth, expect: KindDEP, kind: KindPKCS7, status: StatusWrongKind},

	// The MDM's own files.
	{file: "mdm/mdm_public_key.pem", kind: KindCertificate, status: StatusWrongKind, encoding: "PEM", expires: "2036-01-01T00:00:00Z",
		msg: []string{"the MDM's public key", "uploaded to Apple when creating an MDM server or when replacing its key", "never uploaded to the MDM as a token"}},
	{file: "mdm/mdm_public_key.pem", expect: KindDEP, kind: KindCertificate, status: StatusWrongKind, act: []string{"*_smime.p7m"}},
	{file: "mdm/mdm_public_key.pem", expect: KindCertificate, kind: KindCertificate, status: StatusOK, msg: []string{"public key"},
		act: []string{"only when creating an MDM server or replacing its key"}},
	{file: "mdm/mdm_public_key.der", kind: KindCertificate, status: StatusWrongKind, encoding: "DER", msg: []string{"CN=depserver, serial 01"}},
	{file: "mdm/mdm_private_key.pem", kind: KindPrivateKey, status: StatusWrongKind, encoding: "PEM",
		msg: []string{"private key", "RSA 2048-bit", "never be uploaded or shared"}, act: []string{"Never upload or share"}},
	{file: "mdm/mdm_private_key.pem", expect: KindPrivateKey, kind: KindPrivateKey, status: StatusOK, act: []string{"never upload or share"}},
	{file: "mdm/mdm_private_key_pkcs8.pem", kind: KindPrivateKey, status: StatusWrongKind, msg: []string{"RSA 2048-bit"}},
	{file: "keys/mdm_trusted_certificate.pem", kind: KindCertificate, status: StatusWrongKind, encoding: "PEM",
		expires: "2036-01-01T00:00:00Z", msg: []string{"CN=depserver, serial 01"}},
	{file: "keys/profile_manager_public_key.pem", kind: KindCertificate, status: StatusWrongKind,
		msg: []string{"CN=Fixture Profile Manager S/MIME Identity, serial -7CB4A13342F086E4"}},
	{file: "keys/profile_manager_private_key.pem", kind: KindPrivateKey, status: StatusWrongKind},
	{file: "keys/other_mdm_public_key.pem", kind: KindCertificate, status: StatusWrongKind, msg: []string{"CN=other-mdm, serial 07"}},
	{file: "keys/other_mdm_private_key.pem", expect: KindVPP, kind: KindPrivateKey, status: StatusWrongKind, act: []string{"sToken_for_"}},
	{file: "keys/regenerated_public_key.pem", kind: KindCertificate, status: StatusWrongKind},
	{file: "keys/regenerated_private_key.pem", kind: KindPrivateKey, status: StatusWrongKind},

	// APNs push certificates, issued by the tests' own CA named like Apple's.
	{file: pushCert, kind: KindPush, status: StatusOK, topic: topicA, expires: "2027-05-31T09:59:59Z", encoding: "PEM",
		msg: []string{"APNs push certificate for topic " + topicA, "APSP:3f1c2a64-5b7e-4d1a-9c3e-0a1b2c3d4e5f", "expires 2027-05-31"},
		act: []string{"push certificate (APNs) settings", "same topic"}, notes: []string{"checked by its name only"}},
	{file: pushCert, expect: KindPush, kind: KindPush, status: StatusOK},
	{file: pushCert, keys: pushKey, kind: KindPush, status: StatusOK, notes: []string{"belongs to the push private key given"}},
	{file: pushCert, keys: oldPushKey, kind: KindPush, status: StatusInvalid, msg: []string{"does not belong to the push private key", `"Invalid certificate"`}},
	{file: pushCert, replaces: pushLastYear, kind: KindPush, status: StatusOK, notes: []string{"same push topic", "expiring 2027-05-31 instead of 2026-06-20"}},
	{file: pushCert, expect: KindDEP, kind: KindPush, status: StatusWrongKind,
		msg: []string{"not a DEP (Automated Device Enrollment) server token", "push certificate (APNs) settings"}, act: []string{"*_smime.p7m"}},
	{file: pushCert, expect: KindVPP, kind: KindPush, status: StatusWrongKind, act: []string{"sToken_for_"}},
	{file: pushCert, expect: KindCertificate, kind: KindPush, status: StatusWrongKind, msg: []string{"not the MDM's certificate"}},
	{file: "push/MDM_ Fixture_Certificate.cer", kind: KindPush, status: StatusOK, encoding: "DER", topic: topicA},
	{file: pushNewTopic, kind: KindPush, status: StatusOK, topic: topicB},
	{file: pushNewTopic, replaces: pushLastYear, kind: KindPush, status: StatusMismatch, topic: topicB,
		msg: []string{"has the topic " + topicB, "the one it replaces has " + topicA, "new certificate, not a renewal", "every enrolled device must enroll again"},
		act: []string{"Renew, not Create a Certificate", topicA, "move the certificate", "10 business days"}},
	{file: pushNewTopic, replaces: pushLastYear, expect: KindDEP, kind: KindPush, status: StatusWrongKind},
	{file: pushLastYear, kind: KindPush, status: StatusExpiring, expires: "2026-06-20T08:59:59Z", days: days(19),
		msg: []string{"expires 2026-06-20", "renew it soon"}, act: []string{"Push Certificates Portal", "Renew (not Create a Certificate"}},
	// Last year's certificate checked as the renewal of this year's: not newer.
	{file: pushLastYear, replaces: pushCert, kind: KindPush, status: StatusMismatch,
		msg: []string{"expires 2026-06-20, no later than the one it replaces (2027-05-31)", "not its renewal"}, act: []string{"Push Certificates Portal"}},
	{file: pushCert, replaces: pushCert, kind: KindPush, status: StatusMismatch, msg: []string{"the same file as the APNs push certificate it replaces"}},
	{file: "push/MDM_ Fixture_Certificate_2024.pem", kind: KindPush, status: StatusExpired, days: days(-365),
		msg: []string{"expired 2025-06-01", "can no longer reach the devices"}, act: []string{"at once", "Do not count on a grace period"}},
	{file: "push/PushCertRequest.txt", kind: KindPushRequest, status: StatusWrongKind, encoding: "base64 of a property list",
		msg: []string{`signed by "Fixture MDM Vendor"`, "upload it to Apple's Push Certificates Portal", "not to the MDM"}},
	{file: "push/PushCertRequest.txt", expect: KindPush, kind: KindPushRequest, status: StatusWrongKind,
		msg: []string{"not the push certificate", ".pem Apple gives back"}},
	{file: "push/push_request.csr", kind: KindPushRequest, status: StatusWrongKind, msg: []string{"without an MDM vendor's signature"}},
	{file: "push/push_request.csr", expect: KindPush, kind: KindPushRequest, status: StatusWrongKind, msg: []string{"not the push certificate"}},
	{file: "push/push_backup.p12", kind: KindPKCS12, status: StatusWrongKind, msg: []string{"PKCS#12 bundle", "password-protected"}},
	{file: "push/push_backup.p12", expect: KindPush, kind: KindPKCS12, status: StatusWrongKind, act: []string{"MDM_ <Vendor>_Certificate.pem"}},
	{file: "push/push_private_key.pem", expect: KindPush, kind: KindPrivateKey, status: StatusWrongKind, act: []string{"Push Certificates Portal"}},
	{file: "push/old_push_private_key.pem", kind: KindPrivateKey, status: StatusWrongKind},
	{file: "keys/push_ca_public_key.pem", kind: KindCertificate, status: StatusWrongKind},
	{file: "keys/push_ca_private_key.pem", kind: KindPrivateKey, status: StatusWrongKind},
	{file: "keys/push_vendor_public_key.pem", kind: KindCertificate, status: StatusWrongKind},
	{file: "keys/push_vendor_private_key.pem", kind: KindPrivateKey, status: StatusWrongKind},
	// A DEP public key where a push certificate belongs, and the other way round.
	{file: "mdm/mdm_public_key.pem", expect: KindPush, kind: KindCertificate, status: StatusWrongKind,
		msg: []string{"not an APNs push certificate from Apple", "public key for Automated Device Enrollment"}, act: []string{"Push Certificates Portal"}},
	{file: mdmDEP, expect: KindPush, kind: KindDEP, status: StatusWrongKind, act: []string{"Push Certificates Portal"}},
	{file: mdmDEP, replaces: pushCert, kind: KindDEP, status: StatusWrongKind},

	// Replacing a token: the same organization, location or server.
	{file: mainVPP, replaces: "vpp/sToken_for_Old Library.vpptoken", kind: KindVPP, status: StatusMismatch,
		msg: []string{`file name says location "Main Campus"`, `location "Old Library"`}, act: []string{`"Old Library"`}},
	{file: mainVPP, replaces: "vpp/sToken_for_Main Campus (1).vpptoken", kind: KindVPP, status: StatusOK, notes: []string{"same organization"}},
	{file: mainVPP, replaces: "vpp/sToken_for_Fixture_B.V..vpptoken", kind: KindVPP, status: StatusMismatch,
		msg: []string{`for the organization "Fixture Academy Inc."`, `"Fixture B.V."`, "another organization"}},
	{file: mdmDEP, replaces: oldDEP, kind: KindDEP, status: StatusOK, notes: []string{"same MDM server as the token it replaces, downloaded 2026-05-30 instead of"}},
	// The token the new one replaces, checked as its renewal: the later
	// download reset it.
	{file: oldDEP, replaces: mdmDEP, kind: KindDEP, status: StatusMismatch,
		msg: []string{"not after the token it replaces (downloaded 2026-05-30)", "no longer works"}, act: []string{"newest token downloaded for this server"}},
	{file: mdmDEP, replaces: mdmDEP, kind: KindDEP, status: StatusMismatch, msg: []string{"the same file as the DEP server token it replaces"}},
	{file: mainVPP, replaces: mainVPP, kind: KindVPP, status: StatusMismatch, msg: []string{"the same file as the VPP content token it replaces"}},
	{file: depName("Other Server", "2026-05-30T11-00-00Z"), replaces: oldDEP, kind: KindDEP, status: StatusMismatch,
		msg: []string{`MDM server "Other Server"`, `"Fixture MDM"`}, act: []string{`"Fixture MDM"`, "resets"}},
	{file: mainVPP, replaces: mdmDEP, kind: KindVPP, status: StatusWrongKind, msg: []string{"not a DEP server token"}},

	// Not tokens.
	{file: "junk/sToken_for_Empty.vpptoken", kind: KindUnknown, status: StatusInvalid, msg: []string{"empty"}, act: []string{"again"}},
	{file: "junk/sToken_for_Empty.vpptoken", expect: KindVPP, kind: KindUnknown, status: StatusInvalid, msg: []string{"empty"}},
	{file: "junk/business.apple.com.html", kind: KindUnknown, status: StatusInvalid, msg: []string{"web page"}, act: []string{"Download button"}},
	{file: "junk/random.bin", kind: KindUnknown, status: StatusInvalid, msg: []string{"binary data"}},
	{file: "junk/notes.txt", kind: KindUnknown, status: StatusInvalid, msg: []string{"text file"}},
	{file: "junk/token-download.zip", kind: KindUnknown, status: StatusInvalid,
		msg: []string{"ZIP archive", "Fixture MDM_Token_2026-05-30T09-15-42Z_smime.p7m"}, act: []string{"Extract"}},
	{file: "junk/token-download.zip", expect: KindDEP, keys: withBoth, kind: KindUnknown, status: StatusInvalid},
}

func (c fixtureCase) options(tb testing.TB) Options {
	mdm, _, _ := identities(tb)
	o := Options{Now: fixtureNow, Expect: c.expect, Fresh: c.fresh, WarnDays: c.warn}
	switch c.keys {
	case withCert:
		o.Cert = mdm.cert
	case withBoth:
		o.Cert, o.Key = mdm.cert, mdm.key
	case keyOnly:
		o.Key = mdm.key
	case profileBoth:
		o.Cert, o.Key = profileID.cert, profileID.key
	case pushKey, oldPushKey:
		name := map[keys]string{pushKey: "push/push_private_key.pem", oldPushKey: "push/old_push_private_key.pem"}[c.keys]
		k, err := LoadPrivateKey(testdata + name)
		if err != nil {
			tb.Fatal(err)
		}
		o.PushKey = k
	}
	if c.replaces != "" {
		old := Inspect(testdata+c.replaces, Options{Now: fixtureNow})
		o.Replaces = &old
	}
	return o
}

func TestFixtures(t *testing.T) {
	panicHook = func(p any) { t.Errorf("recovered panic: %v", p) }
	defer func() { panicHook = nil }()
	covered := map[string]bool{}
	for _, c := range fixtureCases {
		covered[c.file] = true
		name := c.file
		if k := map[keys]string{withCert: "cert", withBoth: "cert+key", keyOnly: "key", profileBoth: "profile cert+key",
			pushKey: "push key", oldPushKey: "old push key"}[c.keys]; k != "" {
			name += " " + k
		}
		if c.expect != "" {
			name += " expect-" + string(c.expect)
		}
		if c.fresh {
			name += " fresh"
		}
		if c.replaces != "" {
			name += " replaces " + c.replaces
		}
		if c.warn != 0 {
			name += " warn"
		}
		t.Run(name, func(t *testing.T) {
			r := Inspect(testdata+c.file, c.options(t))
			checkCase(t, c, r)
		})
	}
	for _, f := range allFixtures(t) {
		if !covered[f] {
			t.Errorf("fixture %s has no test case", f)
		}
	}
}

func checkCase(t *testing.T, c fixtureCase, r Report) {
	t.Helper()
	if r.Kind != c.kind || r.Status != c.status {
		t.Fatalf("kind/status = %s/%s, want %s/%s\nmessage: %s\naction: %s\nnotes: %q", r.Kind, r.Status, c.kind, c.status, r.Message, r.Action, r.Notes)
	}
	if r.Message == "" || r.Action == "" || strings.ContainsAny(r.Message+r.Action, "\r\n") {
		t.Errorf("message/action must be one non-empty line each: %q / %q", r.Message, r.Action)
	}
	if r.Size == 0 && c.file != "junk/sToken_for_Empty.vpptoken" || r.SHA256 == "" || len(r.SHA256) != 64 {
		t.Errorf("size/sha256 not filled: %d %q", r.Size, r.SHA256)
	}
	if c.topic != "" && r.Topic != c.topic {
		t.Errorf("topic = %q, want %q", r.Topic, c.topic)
	}
	if c.org != "" && r.Org != c.org {
		t.Errorf("org = %q, want %q", r.Org, c.org)
	}
	if r.Location != c.location && (c.location != "" || strings.Contains(c.file, "mixups/")) {
		t.Errorf("location = %q, want %q", r.Location, c.location)
	}
	if r.Server != c.server && (c.server != "" || strings.Contains(c.file, "mixups/") || strings.Contains(c.file, "renamed")) {
		t.Errorf("server = %q, want %q", r.Server, c.server)
	}
	switch c.expires {
	case "":
	case "-":
		if r.HasExpiry() {
			t.Errorf("expires = %v, want none", r.Expires)
		}
	default:
		want, _ := time.Parse(time.RFC3339, c.expires)
		if !r.Expires.Equal(want) {
			t.Errorf("expires = %v, want %v", r.Expires, want)
		}
	}
	if c.expires != "-" && (c.estimated || c.expires != "") && r.ExpiresEstimated != c.estimated {
		t.Errorf("estimated = %v, want %v", r.ExpiresEstimated, c.estimated)
	}
	if c.days != nil && r.DaysLeft != *c.days {
		t.Errorf("days left = %d, want %d", r.DaysLeft, *c.days)
	}
	if c.cipher != "" && r.Cipher != c.cipher {
		t.Errorf("cipher = %q, want %q", r.Cipher, c.cipher)
	}
	if c.recipient != "" {
		if len(r.Recipients) != 1 || r.Recipients[0].Issuer+"/"+r.Recipients[0].Serial != c.recipient {
			t.Errorf("recipients = %+v, want %s", r.Recipients, c.recipient)
		}
	}
	if r.Decrypted != c.decrypted {
		t.Errorf("decrypted = %v, want %v", r.Decrypted, c.decrypted)
	}
	if c.secrets != 0 && len(r.Secrets) != c.secrets {
		t.Errorf("secrets = %+v, want %d", r.Secrets, c.secrets)
	}
	if c.encoding != "" && r.Encoding != c.encoding {
		t.Errorf("encoding = %q, want %q", r.Encoding, c.encoding)
	}
	if c.downloaded != "" {
		want, _ := time.Parse(time.RFC3339, c.downloaded)
		if !r.Downloaded.Equal(want) {
			t.Errorf("downloaded = %v, want %v", r.Downloaded, want)
		}
	}
	for _, s := range c.msg {
		if !strings.Contains(r.Message, s) {
			t.Errorf("message lacks %q:\n%s", s, r.Message)
		}
	}
	for _, s := range c.act {
		if !strings.Contains(r.Action, s) {
			t.Errorf("action lacks %q:\n%s", s, r.Action)
		}
	}
	for _, s := range c.not {
		if strings.Contains(r.Message+"\n"+r.Action, s) {
			t.Errorf("message or action holds %q:\n%s\n%s", s, r.Message, r.Action)
		}
	}
	for _, s := range c.notes {
		if !strings.Contains(strings.Join(r.Notes, "\n"), s) {
			t.Errorf("notes lack %q: %q", s, r.Notes)
		}
	}
}
