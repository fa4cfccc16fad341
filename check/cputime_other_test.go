//go:build !unix

package check

import "time"

// cpuTime is not measured here: the ratio of processor times reads NaN.
func cpuTime() time.Duration { return 0 }
