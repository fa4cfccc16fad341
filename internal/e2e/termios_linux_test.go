package e2e

import (
	"os"

	"golang.org/x/sys/unix"
)

// getTermios reads a terminal's settings.
func getTermios(f *os.File) (*unix.Termios, error) {
	return unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
}
