// Package pastelimit bounds what a bracketed paste can make a terminal
// program hold, and keeps pasted text from acting as keys. A terminal in
// bracketed-paste mode sends pasted text between ESC[200~ and ESC[201~,
// and the terminal input decoder collects everything in between into one
// event: a 100 MB clipboard becomes gigabytes of buffers before the
// program sees a byte of it. Reader sits between the terminal and the
// decoder and passes every byte through, except in a paste:
//
//   - text past the limit is dropped as it arrives, whole characters kept
//     up to it, and the end marker passes, so the decoder still sees one
//     paste, cut at the limit;
//   - only text passes: valid UTF-8, tab, CR and LF. Escape sequences,
//     other control characters and bytes that are not UTF-8 are dropped,
//     so nothing inside a paste can end it early (what follows would be
//     taken as typed keys) or leave the decoder in a sequence that takes
//     the end marker's ESC for its own (the paste would never end, and
//     ctrl+c would be taken as pasted text).
//
// Markers are recognized as the decoder does (CSI 200 ~ and CSI 201 ~,
// any further parameters, no private prefix), 7-bit only, the way
// terminals send them. A paste starts only with the decoder's ESC timeout
// kept (an ESC followed by nothing for 50 ms is the escape key, whatever
// comes next), so that typed keys are never taken for a paste; the
// terminal's end marker always ends one.
package pastelimit

import (
	"os"
	"sync"
	"time"
)

// escTimeout is how long the input decoder waits for the rest of an escape
// sequence before taking the ESC for the escape key (Bubble Tea's, from
// ultraviolet's DefaultEscTimeout).
const escTimeout = 50 * time.Millisecond

// Reader reads a terminal, cutting each bracketed paste at a limit. It is
// an os.File for the programs that need one (raw mode, cancelable reads):
// Fd, Name, Write and Close are the file's.
type Reader struct {
	f     *os.File
	limit int
	onCut func()
	now   func() time.Time

	mu      sync.Mutex
	scan    scanner
	last    time.Time // when the last read returned
	pending []byte    // output a too small buffer could not take
	err     error     // the read error to return once pending is taken
	buf     []byte
}

// New reads f, keeping at most limit bytes of each paste's text. onCut,
// when not nil, is called (on the reading goroutine) each time a paste
// goes past the limit, before the rest of it is dropped.
func New(f *os.File, limit int, onCut func()) *Reader {
	return &Reader{f: f, limit: limit, onCut: onCut, now: time.Now}
}

// room is the most output one input byte can make: the end marker, when
// its last byte arrives.
const room = len("\x1b[201~")

// Read reads once from the file and returns what passes. It never keeps
// output back while p has room for it, so a reader that waits for the
// file to be readable before each Read (a cancelable reader) never waits
// with bytes already read: with len(p) > 6 nothing is ever left over. A
// Read may return 0 bytes and no error when all it read was dropped.
func (r *Reader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.pending) > 0 {
		n := copy(p, r.pending)
		r.pending = r.pending[n:]
		return n, nil
	}
	if r.err != nil {
		err := r.err
		r.err = nil
		return 0, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	want := max(len(p)-room, 1)
	if cap(r.buf) < want {
		r.buf = make([]byte, want)
	}
	in := r.buf[:want]
	n, err := r.f.Read(in)
	if n > 0 {
		now := r.now()
		if !r.scan.inPaste && !r.last.IsZero() && now.Sub(r.last) > escTimeout {
			// The decoder took the ESC it waited with for the escape
			// key. In a paste the terminal's end marker is always taken,
			// however it arrives: the paste ends.
			r.scan.expire()
		}
		r.last = now
	}
	out := p[:0]
	var extra []byte
	for _, b := range in[:n] {
		emit, cut := r.scan.step(b, r.limit)
		if cut && r.onCut != nil {
			r.onCut()
		}
		for _, e := range emit {
			if len(out) < len(p) {
				out = append(out, e)
			} else {
				extra = append(extra, e)
			}
		}
	}
	if len(extra) > 0 {
		r.pending, r.err = extra, err
		return len(out), nil
	}
	return len(out), err
}

// Write writes to the file.
func (r *Reader) Write(p []byte) (int, error) { return r.f.Write(p) }

// Close closes the file.
func (r *Reader) Close() error { return r.f.Close() }

// Fd is the file's descriptor.
func (r *Reader) Fd() uintptr { return r.f.Fd() }

// Name is the file's name.
func (r *Reader) Name() string { return r.f.Name() }

const (
	esc = 0x1b
	// maxMarker is the longest sequence taken for a marker. Terminals send
	// 6 bytes; a longer one is not one.
	maxMarker = 16
)

var endMarker = []byte("\x1b[201~")

// marker states.
const (
	idle = iota
	sawEsc
	inCSI
)

// scanner follows the input one byte at a time: whether a paste is under
// way and how much of it passed, the escape sequence that may be a marker,
// and in a paste the UTF-8 character under way.
type scanner struct {
	inPaste bool
	passed  int  // bytes of this paste's text passed on
	dropped bool // text of this paste was dropped for the limit
	held    bool // in a paste: the sequence under way is held back

	char   [4]byte // the UTF-8 character under way
	nchar  int     // its bytes so far
	need   int     // bytes it still needs
	lo, hi byte    // the range of the next one

	state    int
	length   int  // bytes of the sequence so far
	param    int  // its first parameter, saturated
	digits   bool // the first parameter has a digit
	firstEnd bool // the first parameter is complete
	one      [1]byte
}

// step takes one byte and returns what passes (nothing, the byte, a whole
// character or the end marker) and whether the paste was cut at it.
func (s *scanner) step(b byte, limit int) (emit []byte, cut bool) {
	marker, cont := s.follow(b)
	if !s.inPaste {
		if marker == 200 {
			s.inPaste, s.passed, s.dropped, s.held, s.need = true, 0, false, false, 0
		}
		s.one[0] = b
		return s.one[:], false
	}
	if marker == 201 {
		s.inPaste, s.held = false, false
		return endMarker, false
	}
	if s.held && cont {
		return nil, false // more of a sequence: dropped unless it is the end marker
	}
	s.held = false
	if b == esc {
		s.held, s.need = true, 0
		return nil, false
	}
	return s.text(b, limit)
}

// text takes a byte of a paste's text: it passes once it completes a
// character, when there is room for it.
func (s *scanner) text(b byte, limit int) (emit []byte, cut bool) {
	if s.need > 0 {
		if b >= s.lo && b <= s.hi {
			s.char[s.nchar] = b
			s.nchar++
			s.need--
			s.lo, s.hi = 0x80, 0xbf
			if s.need > 0 {
				return nil, false
			}
			return s.pass(s.char[:s.nchar], limit)
		}
		s.need = 0 // not UTF-8: the bytes so far are dropped, b starts anew
	}
	s.lo, s.hi = 0x80, 0xbf
	switch {
	case b == '\t' || b == '\n' || b == '\r' || (b >= 0x20 && b < 0x7f):
		s.one[0] = b
		return s.pass(s.one[:], limit)
	case b >= 0xc2 && b <= 0xdf:
		s.need = 1
	case b >= 0xe0 && b <= 0xef:
		s.need = 2
		if b == 0xe0 {
			s.lo = 0xa0
		} else if b == 0xed {
			s.hi = 0x9f // no surrogates
		}
	case b >= 0xf0 && b <= 0xf4:
		s.need = 3
		if b == 0xf0 {
			s.lo = 0x90
		} else if b == 0xf4 {
			s.hi = 0x8f
		}
	default:
		return nil, false // a control character, DEL, or not UTF-8
	}
	s.char[0], s.nchar = b, 1
	return nil, false
}

// pass lets a whole character through if it fits in the limit; the first
// one that does not cuts the paste.
func (s *scanner) pass(c []byte, limit int) (emit []byte, cut bool) {
	if s.passed+len(c) > limit {
		cut = !s.dropped
		s.dropped = true
		return nil, cut
	}
	s.passed += len(c)
	return c, false
}

// expire ends the sequence under way: the decoder has taken its ESC for
// the escape key.
func (s *scanner) expire() { s.state = idle }

// follow advances the escape sequence that may be a marker. It returns
// 200 or 201 when b completes one, and whether b belongs to the sequence
// under way (its last byte included; an ESC starts a new one). The grammar
// is the input decoder's: ESC [, parameter bytes (no private prefix), then
// ~, the first parameter telling which marker.
func (s *scanner) follow(b byte) (marker int, cont bool) {
	switch s.state {
	case sawEsc:
		if b == '[' {
			s.state, s.length = inCSI, 2
			s.param, s.digits, s.firstEnd = 0, false, false
			return 0, true
		}
		if b != esc {
			s.state = idle // ESC and one byte: an alt key, or another sequence's start
			return 0, true
		}
	case inCSI:
		s.length++
		switch {
		case s.length > maxMarker:
		case b >= '0' && b <= '9':
			if !s.firstEnd {
				s.digits = true
				s.param = min(s.param*10+int(b-'0'), 1000)
			}
			return 0, true
		case b == ';' || b == ':':
			s.firstEnd = true
			return 0, true
		case b >= '<' && b <= '?':
			// A private prefix only in the first place; later it is a
			// parameter byte the decoder skips.
			if s.length == 3 {
				break
			}
			return 0, true
		case b == '~':
			s.state = idle
			if s.digits && (s.param == 200 || s.param == 201) {
				return s.param, true
			}
			return 0, true
		case b >= 0x20 && b <= 0x7e:
			// An intermediate or final byte: another sequence.
			s.state = idle
			return 0, true
		}
	}
	// No sequence, or b ends the one under way without being a marker: a
	// new one starts at every ESC.
	s.state = idle
	if b == esc {
		s.state = sawEsc
	}
	return 0, false
}
