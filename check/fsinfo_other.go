//go:build !linux

package check

// kernelFileSystem names the kernel file system path is on; outside Linux
// there is none that holds regular-looking files (devices are special
// files, reported as such).
func kernelFileSystem(string) string { return "" }
