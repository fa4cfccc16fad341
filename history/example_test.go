package history_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/token"
)

// The wizard's use of the history: after the MDM portal accepted the file
// (never in practice mode), append the renewal; on the first screen, list
// what is due.
func Example() {
	dir, _ := os.MkdirTemp("", "history-example")
	defer os.RemoveAll(dir)
	path := history.Locate(filepath.Join(dir, "history.jsonl")) // the --history value; "" for the default
	ctx := context.Background()
	now := time.Date(2027, 10, 12, 0, 0, 0, 0, time.UTC)

	err := history.Append(ctx, path, history.Entry{
		Kind:            token.KindVPP,
		Org:             "Fixture Academy Inc.",
		Location:        "Main Campus",
		ApplePortal:     "abm",
		ApplePortalName: "Apple Business Manager (classic)",
		MDMPortal:       "relution",
		MDMPortalName:   "Relution",
		File:            "/home/alice/Downloads/sToken_for_Main Campus.vpptoken",
		OldExpires:      time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC),
		Expires:         time.Date(2027, 11, 23, 0, 0, 0, 0, time.UTC),
		User:            "alice",
		Host:            "jump1",
		Recorded:        now.AddDate(-1, 0, 0),
		Source:          history.SourceRenewal,
	})
	if err != nil {
		fmt.Println("not added to the history:", err)
	}

	entries, warnings, err := history.Load(ctx, path)
	if err != nil {
		fmt.Println(err) // errors.Is(err, fs.ErrNotExist): nothing recorded yet
	}
	for _, w := range warnings {
		fmt.Println("warning:", w)
	}
	// What is due within the warning window: renew-by dates in the next 30 days, or passed.
	for _, it := range history.Due(entries, now, token.DefaultWarnDays) {
		fmt.Println(it.Summary(now))
		fmt.Println("  start with --kind", it.Kind, "--apple", it.ApplePortal, "--portal", it.MDMPortal)
	}
	// Output:
	// VPP content token, Fixture Academy Inc., Main Campus (Relution): renew by 2027-10-24, in 12 days
	//   start with --kind vpp --apple abm --portal relution
}
