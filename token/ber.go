package token

import (
	"bytes"
	"encoding/asn1"
	"errors"
)

// A small BER reader: enough to walk PKCS#7/CMS structures with definite or
// indefinite lengths (as Apple and `openssl smime -encrypt -stream` write
// them) and to re-encode them as DER.

const (
	berMaxDepth = 32
	berMaxNodes = 20000
)

var (
	errBERTruncated = errors.New("data ends before the structure is complete")
	errBERMalformed = errors.New("malformed BER encoding")
	errBERTooDeep   = errors.New("BER structure nested too deeply")
)

// ASN.1 classes.
const (
	classUniversal   = 0
	classApplication = 1
	classContext     = 2
	classPrivate     = 3
)

// Universal tags used here.
const (
	tagInteger     = 2
	tagOctetString = 4
	tagNull        = 5
	tagOID         = 6
	tagSequence    = 16
	tagSet         = 17
)

// berNode is one decoded TLV.
type berNode struct {
	class       int
	tag         int
	constructed bool
	indefinite  bool
	value       []byte     // contents of a primitive node
	children    []*berNode // contents of a constructed node
}

func (n *berNode) is(class, tag int) bool {
	return n != nil && n.class == class && n.tag == tag
}

// child returns the i-th child or nil.
func (n *berNode) child(i int) *berNode {
	if n == nil || i < 0 || i >= len(n.children) {
		return nil
	}
	return n.children[i]
}

type berParser struct{ nodes int }

// parseBER decodes one BER element from data and returns it with the bytes
// that follow it.
func parseBER(data []byte) (*berNode, []byte, error) {
	p := &berParser{}
	return p.parse(data, 0)
}

func (p *berParser) parse(data []byte, depth int) (*berNode, []byte, error) {
	if depth > berMaxDepth {
		return nil, nil, errBERTooDeep
	}
	p.nodes++
	if p.nodes > berMaxNodes {
		return nil, nil, errBERMalformed
	}
	n, hdr, length, err := parseHeader(data)
	if err != nil {
		return nil, nil, err
	}
	rest := data[hdr:]
	if n.indefinite {
		for {
			if len(rest) < 2 {
				return nil, nil, errBERTruncated
			}
			if rest[0] == 0 && rest[1] == 0 {
				return n, rest[2:], nil
			}
			c, r, err := p.parse(rest, depth+1)
			if err != nil {
				return nil, nil, err
			}
			n.children = append(n.children, c)
			rest = r
		}
	}
	content := rest[:length]
	rest = rest[length:]
	if !n.constructed {
		n.value = content
		return n, rest, nil
	}
	for len(content) > 0 {
		c, r, err := p.parse(content, depth+1)
		if err != nil {
			if errors.Is(err, errBERTruncated) {
				// The outer length was fine; the inside is inconsistent.
				err = errBERMalformed
			}
			return nil, nil, err
		}
		n.children = append(n.children, c)
		content = r
	}
	return n, rest, nil
}

// parseHeader reads the identifier and length octets. For a definite
// length it checks that the contents are present.
func parseHeader(data []byte) (n *berNode, hdrLen, length int, err error) {
	n, hdrLen, length, err = parseHeaderLoose(data)
	if err == nil && !n.indefinite && length > len(data)-hdrLen {
		return nil, 0, 0, errBERTruncated
	}
	return n, hdrLen, length, err
}

// parseHeaderLoose reads the identifier and length octets without checking
// that the contents are present.
func parseHeaderLoose(data []byte) (n *berNode, hdrLen, length int, err error) {
	if len(data) == 0 {
		return nil, 0, 0, errBERTruncated
	}
	b := data[0]
	n = &berNode{class: int(b >> 6), constructed: b&0x20 != 0, tag: int(b & 0x1f)}
	i := 1
	if n.tag == 0x1f {
		n.tag = 0
		for {
			if i >= len(data) {
				return nil, 0, 0, errBERTruncated
			}
			c := data[i]
			i++
			if n.tag > 1<<21 {
				return nil, 0, 0, errBERMalformed
			}
			n.tag = n.tag<<7 | int(c&0x7f)
			if c&0x80 == 0 {
				break
			}
		}
	}
	if i >= len(data) {
		return nil, 0, 0, errBERTruncated
	}
	l := data[i]
	i++
	switch {
	case l < 0x80:
		length = int(l)
	case l == 0x80:
		if !n.constructed {
			return nil, 0, 0, errBERMalformed
		}
		n.indefinite = true
		return n, i, 0, nil
	case l == 0xff:
		return nil, 0, 0, errBERMalformed
	default:
		k := int(l & 0x7f)
		if k > 4 {
			return nil, 0, 0, errBERMalformed
		}
		if i+k > len(data) {
			return nil, 0, 0, errBERTruncated
		}
		for _, c := range data[i : i+k] {
			length = length<<8 | int(c)
		}
		i += k
		if length < 0 {
			return nil, 0, 0, errBERMalformed
		}
	}
	return n, i, length, nil
}

// der re-encodes the node with definite lengths.
func (n *berNode) der() []byte {
	var buf bytes.Buffer
	n.writeDER(&buf)
	return buf.Bytes()
}

func (n *berNode) writeDER(buf *bytes.Buffer) {
	var content []byte
	if n.constructed {
		var inner bytes.Buffer
		for _, c := range n.children {
			c.writeDER(&inner)
		}
		content = inner.Bytes()
	} else {
		content = n.value
	}
	b := byte(n.class<<6) & 0xc0
	if n.constructed {
		b |= 0x20
	}
	if n.tag < 0x1f {
		buf.WriteByte(b | byte(n.tag))
	} else {
		buf.WriteByte(b | 0x1f)
		var t []byte
		for v := n.tag; ; v >>= 7 {
			t = append([]byte{byte(v & 0x7f)}, t...)
			if v < 0x80 {
				break
			}
		}
		for i := 0; i < len(t)-1; i++ {
			t[i] |= 0x80
		}
		buf.Write(t)
	}
	writeLength(buf, len(content))
	buf.Write(content)
}

func writeLength(buf *bytes.Buffer, n int) {
	if n < 0x80 {
		buf.WriteByte(byte(n))
		return
	}
	var l []byte
	for v := n; v > 0; v >>= 8 {
		l = append([]byte{byte(v)}, l...)
	}
	buf.WriteByte(0x80 | byte(len(l)))
	buf.Write(l)
}

// octets returns the contents of an OCTET STRING (or an implicitly tagged
// one), joining the chunks of a constructed string.
func (n *berNode) octets() []byte {
	if !n.constructed {
		return n.value
	}
	var out []byte
	for _, c := range n.children {
		out = append(out, c.octets()...)
	}
	return out
}

// peekContentType returns the content type OID of data that starts like a
// PKCS#7 ContentInfo, even when the rest is missing or damaged.
func peekContentType(data []byte) (oid asn1.ObjectIdentifier, ok bool) {
	n, h, _, err := parseHeaderLoose(data)
	if err != nil || !n.is(classUniversal, tagSequence) || !n.constructed {
		return nil, false
	}
	c, _, err := parseBER(data[h:])
	if err != nil {
		return nil, false
	}
	o, ok := oidOf(c)
	return o, ok
}
