//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package history

import (
	"context"
	"os"
)

// lock does nothing where flock is not available: Append still writes each
// entry with one write to a file opened for appending.
func lock(context.Context, *os.File, bool) error { return nil }

func unlock(*os.File) {}
