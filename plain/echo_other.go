//go:build !linux && !darwin

package plain

import "os"

// HideEcho would stop the terminal from echoing what is typed; on this
// system it leaves the echo on.
func HideEcho(*os.File) (restore func()) { return func() {} }
