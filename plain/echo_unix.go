//go:build linux || darwin

package plain

import (
	"os"

	"golang.org/x/sys/unix"
)

// HideEcho stops the terminal f from echoing what is typed, keeping its
// line editing, and returns what puts the echo back. When f is not a
// terminal it does nothing.
func HideEcho(f *os.File) (restore func()) {
	fd := int(f.Fd())
	old, err := unix.IoctlGetTermios(fd, getTermios)
	if err != nil {
		return func() {}
	}
	quiet := *old
	quiet.Lflag &^= unix.ECHO
	if err := unix.IoctlSetTermios(fd, setTermios, &quiet); err != nil {
		return func() {}
	}
	return func() { _ = unix.IoctlSetTermios(fd, setTermios, old) }
}
