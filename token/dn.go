package token

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
)

// Names and serial numbers of certificates, written as openssl and Apple's
// portals show them.

// attributeNames are the short names of distinguished-name attributes.
var attributeNames = []struct {
	oid  asn1.ObjectIdentifier
	name string
}{
	{asn1.ObjectIdentifier{2, 5, 4, 3}, "CN"},
	{asn1.ObjectIdentifier{2, 5, 4, 5}, "serialNumber"},
	{asn1.ObjectIdentifier{2, 5, 4, 6}, "C"},
	{asn1.ObjectIdentifier{2, 5, 4, 7}, "L"},
	{asn1.ObjectIdentifier{2, 5, 4, 8}, "ST"},
	{asn1.ObjectIdentifier{2, 5, 4, 9}, "STREET"},
	{asn1.ObjectIdentifier{2, 5, 4, 10}, "O"},
	{asn1.ObjectIdentifier{2, 5, 4, 11}, "OU"},
	{asn1.ObjectIdentifier{2, 5, 4, 17}, "postalCode"},
	{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}, "emailAddress"},
	{asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1}, "UID"},
	{asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 25}, "DC"},
}

func attributeName(oid asn1.ObjectIdentifier) string {
	for _, a := range attributeNames {
		if a.oid.Equal(oid) {
			return a.name
		}
	}
	return oid.String()
}

// dnString renders a DER Name like "C=US, O=Example, CN=depserver", in the
// order of the certificate as openssl shows it, with emailAddress and UID
// by name.
func dnString(der []byte) string {
	var rdn pkix.RDNSequence
	rest, err := asn1.Unmarshal(der, &rdn)
	if err != nil || len(rest) != 0 {
		return "an unreadable name"
	}
	return nameString(rdn)
}

func nameString(rdn pkix.RDNSequence) string {
	var parts []string
	for _, rd := range rdn {
		var set []string
		for _, atv := range rd {
			set = append(set, attributeName(atv.Type)+"="+escapeDNValue(atv.Value))
		}
		parts = append(parts, strings.Join(set, "+"))
	}
	s := clean(strings.Join(parts, ", "))
	if s == "" {
		return "an empty name"
	}
	return s
}

// escapeDNValue writes an attribute value: strings escaped as RFC 4514
// asks, anything else as # and hex.
func escapeDNValue(v any) string {
	s, ok := v.(string)
	if !ok {
		b, err := asn1.Marshal(v)
		if err != nil {
			return "#"
		}
		return "#" + hex.EncodeToString(b)
	}
	var b strings.Builder
	for i, c := range s {
		switch {
		case strings.ContainsRune(",+\"\\<>;", c),
			i == 0 && (c == ' ' || c == '#'),
			i == len(s)-1 && c == ' ':
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// serialHex writes a certificate serial number in hexadecimal as openssl
// does: upper case, an even number of digits, "-" before a negative one.
func serialHex(n *big.Int) string {
	if n == nil {
		return ""
	}
	s := strings.ToUpper(new(big.Int).Abs(n).Text(16))
	if len(s)%2 == 1 {
		s = "0" + s
	}
	if n.Sign() < 0 {
		s = "-" + s
	}
	return s
}

// smallSerial reports whether a serial number is small enough to repeat
// between certificates, as nanodep's and Fleet's serial 1 does.
func smallSerial(n *big.Int) bool { return n != nil && n.BitLen() <= 32 }

// serialPhrase is "serial 01" for messages.
func serialPhrase(n *big.Int) string { return fmt.Sprintf("serial %s", serialHex(n)) }
