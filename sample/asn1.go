package sample

import (
	"bytes"
	"encoding/asn1"
)

// A tiny ASN.1 writer that can emit a structure either as DER or as
// streamed BER, where marked constructed nodes get indefinite lengths, as
// `openssl smime -encrypt -stream` writes them.

type node struct {
	tag      byte   // identifier octet (class, constructed bit and tag < 31)
	value    []byte // contents of a primitive node, or pre-encoded DER for raw nodes
	raw      bool   // value is a complete encoded element
	children []node
	stream   bool // indefinite length when streaming
}

func cons(tag byte, stream bool, children ...node) node {
	return node{tag: tag | 0x20, children: children, stream: stream}
}

func prim(tag byte, value []byte) node { return node{tag: tag, value: value} }

func rawNode(der []byte) node { return node{raw: true, value: der} }

func oidNode(oid asn1.ObjectIdentifier) node {
	der, _ := asn1.Marshal(oid)
	return rawNode(der)
}

func intNode(v any) node {
	der, _ := asn1.Marshal(v)
	return rawNode(der)
}

func (n node) encode(buf *bytes.Buffer, streaming bool) {
	if n.raw {
		buf.Write(n.value)
		return
	}
	buf.WriteByte(n.tag)
	if n.tag&0x20 == 0 {
		writeLen(buf, len(n.value))
		buf.Write(n.value)
		return
	}
	if streaming && n.stream {
		buf.WriteByte(0x80)
		for _, c := range n.children {
			c.encode(buf, streaming)
		}
		buf.Write([]byte{0, 0})
		return
	}
	var inner bytes.Buffer
	for _, c := range n.children {
		c.encode(&inner, streaming)
	}
	writeLen(buf, inner.Len())
	buf.Write(inner.Bytes())
}

func (n node) bytes(streaming bool) []byte {
	var buf bytes.Buffer
	n.encode(&buf, streaming)
	return buf.Bytes()
}

func writeLen(buf *bytes.Buffer, n int) {
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
