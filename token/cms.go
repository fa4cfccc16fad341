package token

import (
	"bytes"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
)

// Reading PKCS#7 / CMS ContentInfo structures with the BER walker: content
// type, and for enveloped data the recipients and the content cipher.

var (
	oidData                 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidEnvelopedData        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 3}
	oidSignedAndEnveloped   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 4}
	oidDigestedData         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 5}
	oidEncryptedData        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidAuthEnvelopedData    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 23}
	oidRSAEncryption        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidRSAOAEP              = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 7}
	oidDESCBC               = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 7}
	oidDESEDE3CBC           = asn1.ObjectIdentifier{1, 2, 840, 113549, 3, 7}
	oidRC2CBC               = asn1.ObjectIdentifier{1, 2, 840, 113549, 3, 2}
	oidAES128CBC            = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}
	oidAES192CBC            = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}
	oidAES256CBC            = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
	oidAES128GCM            = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 6}
	oidAES192GCM            = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 26}
	oidAES256GCM            = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 46}
	oidSEEDCBC              = asn1.ObjectIdentifier{1, 2, 410, 200004, 1, 4}
	oidCamellia128CBC       = asn1.ObjectIdentifier{1, 2, 392, 200011, 61, 1, 1, 1, 2}
	oidCamellia192CBC       = asn1.ObjectIdentifier{1, 2, 392, 200011, 61, 1, 1, 1, 3}
	oidCamellia256CBC       = asn1.ObjectIdentifier{1, 2, 392, 200011, 61, 1, 1, 1, 4}
	errNotContentInfo       = errors.New("not a PKCS#7 ContentInfo")
	errEnvelopeIncomplete   = errors.New("enveloped data is incomplete")
	errRecipientUnreadable  = errors.New("recipient info is unreadable")
	errContentInfoMalformed = errors.New("PKCS#7 structure is malformed")
)

// cipherInfo names a content-encryption algorithm.
type cipherInfo struct {
	oid       asn1.ObjectIdentifier
	name      string
	blockSize int  // CBC block size; 0 for other modes
	supported bool // github.com/smallstep/pkcs7 can decrypt it
}

var ciphers = []cipherInfo{
	{oidAES256CBC, "AES-256-CBC", 16, true},
	{oidAES128CBC, "AES-128-CBC", 16, true},
	{oidDESEDE3CBC, "DES-EDE3-CBC (3DES)", 8, true},
	{oidDESCBC, "DES-CBC", 8, true},
	{oidAES128GCM, "AES-128-GCM", 0, true},
	{oidAES256GCM, "AES-256-GCM", 0, true},
	{oidAES192CBC, "AES-192-CBC", 16, false},
	{oidAES192GCM, "AES-192-GCM", 0, false},
	{oidRC2CBC, "RC2-CBC", 8, false},
	{oidSEEDCBC, "SEED-CBC", 16, false},
	{oidCamellia128CBC, "Camellia-128-CBC", 16, false},
	{oidCamellia192CBC, "Camellia-192-CBC", 16, false},
	{oidCamellia256CBC, "Camellia-256-CBC", 16, false},
}

func lookupCipher(oid asn1.ObjectIdentifier) cipherInfo {
	for _, c := range ciphers {
		if c.oid.Equal(oid) {
			return c
		}
	}
	return cipherInfo{oid: oid, name: "unknown cipher " + oid.String()}
}

// contentTypeName describes a PKCS#7 content type for messages.
func contentTypeName(oid asn1.ObjectIdentifier) string {
	switch {
	case oid.Equal(oidData):
		return "plain data"
	case oid.Equal(oidSignedData):
		return "signed data"
	case oid.Equal(oidEnvelopedData):
		return "enveloped (encrypted) data"
	case oid.Equal(oidSignedAndEnveloped):
		return "signed-and-enveloped data"
	case oid.Equal(oidDigestedData):
		return "digested data"
	case oid.Equal(oidEncryptedData):
		return "password-encrypted data"
	case oid.Equal(oidAuthEnvelopedData):
		return "authenticated enveloped data (CMS)"
	}
	return "content type " + oid.String()
}

// recipientInfo is one recipient of an envelope, as far as it was readable.
type recipientInfo struct {
	keyTrans  bool   // KeyTransRecipientInfo with issuerAndSerialNumber
	issuerDER []byte // DER of the issuer Name
	issuer    string // printable issuer DN
	serial    *big.Int
	keyAlg    asn1.ObjectIdentifier
	keyParams []byte // DER of the key-wrapping algorithm's parameters, nil when absent
	other     string // description of a recipient of another kind
}

// envelope is what the BER walk learns about a PKCS#7 ContentInfo.
type envelope struct {
	contentType   asn1.ObjectIdentifier
	version       int
	recipients    []recipientInfo
	cipher        cipherInfo
	ivLen         int
	ciphertextLen int
	hasContent    bool
	signers       int // signed data: number of SignerInfos
	certs         int // signed data: number of certificates
}

// oidOf decodes an OBJECT IDENTIFIER node.
func oidOf(n *berNode) (asn1.ObjectIdentifier, bool) {
	if !n.is(classUniversal, tagOID) || n.constructed {
		return nil, false
	}
	var oid asn1.ObjectIdentifier
	rest, err := asn1.Unmarshal(n.der(), &oid)
	if err != nil || len(rest) != 0 {
		return nil, false
	}
	return oid, true
}

// intOf decodes an INTEGER node.
func intOf(n *berNode) (*big.Int, bool) {
	if !n.is(classUniversal, tagInteger) || n.constructed || len(n.value) == 0 {
		return nil, false
	}
	v := new(big.Int).SetBytes(n.value)
	if n.value[0]&0x80 != 0 {
		v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(len(n.value))*8))
	}
	return v, true
}

// parseContentInfo walks a PKCS#7 ContentInfo. It returns errNotContentInfo
// when the outer shape is not ContentInfo at all.
func parseContentInfo(root *berNode) (*envelope, error) {
	if !root.is(classUniversal, tagSequence) || !root.constructed {
		return nil, errNotContentInfo
	}
	oid, ok := oidOf(root.child(0))
	if !ok {
		return nil, errNotContentInfo
	}
	env := &envelope{contentType: oid}
	if !isPKCS7ContentType(oid) {
		return nil, errNotContentInfo
	}
	wrap := root.child(1)
	if wrap == nil || !wrap.is(classContext, 0) || !wrap.constructed || len(wrap.children) == 0 {
		if oid.Equal(oidEnvelopedData) {
			return env, errEnvelopeIncomplete
		}
		return env, nil
	}
	inner := wrap.child(0)
	switch {
	case oid.Equal(oidEnvelopedData):
		return env, walkEnvelopedData(env, inner)
	case oid.Equal(oidSignedData):
		walkSignedData(env, inner)
	}
	return env, nil
}

func isPKCS7ContentType(oid asn1.ObjectIdentifier) bool {
	for _, o := range []asn1.ObjectIdentifier{oidData, oidSignedData, oidEnvelopedData,
		oidSignedAndEnveloped, oidDigestedData, oidEncryptedData, oidAuthEnvelopedData} {
		if oid.Equal(o) {
			return true
		}
	}
	return false
}

func walkEnvelopedData(env *envelope, ed *berNode) error {
	if !ed.is(classUniversal, tagSequence) || !ed.constructed {
		return errEnvelopeIncomplete
	}
	i := 0
	if v, ok := intOf(ed.child(i)); ok && v.IsInt64() {
		env.version = int(v.Int64())
		i++
	} else {
		return errContentInfoMalformed
	}
	if c := ed.child(i); c != nil && c.is(classContext, 0) { // originatorInfo
		i++
	}
	set := ed.child(i)
	if set == nil || !set.is(classUniversal, tagSet) || !set.constructed {
		return errEnvelopeIncomplete
	}
	i++
	for _, ri := range set.children {
		r, err := walkRecipient(ri)
		if err != nil {
			return err
		}
		env.recipients = append(env.recipients, r)
	}
	eci := ed.child(i)
	if eci == nil || !eci.is(classUniversal, tagSequence) || !eci.constructed {
		return errEnvelopeIncomplete
	}
	alg := eci.child(1)
	if alg == nil || !alg.is(classUniversal, tagSequence) || !alg.constructed {
		return errContentInfoMalformed
	}
	oid, ok := oidOf(alg.child(0))
	if !ok {
		return errContentInfoMalformed
	}
	env.cipher = lookupCipher(oid)
	if p := alg.child(1); p != nil && p.is(classUniversal, tagOctetString) {
		env.ivLen = len(p.octets())
	}
	if c := eci.child(2); c != nil && c.is(classContext, 0) {
		env.hasContent = true
		env.ciphertextLen = len(c.octets())
	}
	return nil
}

func walkRecipient(ri *berNode) (recipientInfo, error) {
	if ri.class == classContext {
		kinds := map[int]string{1: "key agreement", 2: "key encryption key", 3: "password", 4: "other"}
		k := kinds[ri.tag]
		if k == "" {
			k = fmt.Sprintf("[%d]", ri.tag)
		}
		return recipientInfo{other: k + " recipient"}, nil
	}
	if !ri.is(classUniversal, tagSequence) || !ri.constructed {
		return recipientInfo{}, errRecipientUnreadable
	}
	var r recipientInfo
	rid := ri.child(1)
	switch {
	case rid.is(classUniversal, tagSequence) && rid.constructed:
		name := rid.child(0)
		serial, ok := intOf(rid.child(1))
		if name == nil || !ok {
			return r, errRecipientUnreadable
		}
		r.keyTrans = true
		r.issuerDER = name.der()
		r.serial = serial
		r.issuer = dnString(r.issuerDER)
	case rid.is(classContext, 0):
		r.other = "subject key identifier recipient"
	default:
		return r, errRecipientUnreadable
	}
	if alg := ri.child(2); alg != nil && alg.constructed {
		if oid, ok := oidOf(alg.child(0)); ok {
			r.keyAlg = oid
		}
		if p := alg.child(1); p != nil {
			r.keyParams = p.der()
		}
	}
	return r, nil
}

func walkSignedData(env *envelope, sd *berNode) {
	if !sd.is(classUniversal, tagSequence) || !sd.constructed {
		return
	}
	for _, c := range sd.children {
		switch {
		case c.is(classContext, 0) && c.constructed:
			env.certs = len(c.children)
		case c.is(classUniversal, tagSet) && c.constructed && c != sd.child(1):
			env.signers = len(c.children)
		}
	}
}

// matches reports whether the recipient is the certificate with this raw
// issuer and serial, compared the way github.com/smallstep/pkcs7 does.
func (r recipientInfo) matches(rawIssuer []byte, serial *big.Int) bool {
	return r.keyTrans && serial != nil && r.serial != nil &&
		r.serial.Cmp(serial) == 0 && bytes.Equal(r.issuerDER, rawIssuer)
}
