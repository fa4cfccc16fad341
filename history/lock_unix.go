//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package history

import (
	"context"
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// lock takes an advisory lock on f (flock): exclusive for writing, shared
// for reading, waiting as waitForLock does.
func lock(ctx context.Context, f *os.File, exclusive bool) error {
	how := unix.LOCK_SH
	if exclusive {
		how = unix.LOCK_EX
	}
	return waitForLock(ctx, func() (bool, error) {
		err := unix.Flock(int(f.Fd()), how|unix.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, unix.EWOULDBLOCK), errors.Is(err, unix.EINTR):
			return false, nil
		}
		return false, err
	})
}

func unlock(f *os.File) { _ = unix.Flock(int(f.Fd()), unix.LOCK_UN) }
