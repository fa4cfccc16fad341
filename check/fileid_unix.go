//go:build unix

package check

import (
	"io/fs"
	"syscall"
)

// fileID identifies a file or folder whatever path leads to it.
type fileID struct{ dev, ino uint64 }

// idOf is fi's device and inode; ok is false when the system gives none.
func idOf(fi fs.FileInfo) (id fileID, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}, true
}
