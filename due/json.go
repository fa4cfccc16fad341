package due

import (
	"encoding/json"
	"io"
	"time"

	"github.com/mdmtoken/mdmtoken/check"
	"github.com/mdmtoken/mdmtoken/token"
)

// StatusReset is the JSON status of a server or location whose token was
// reset by a download during another renewal: its severity is expired's
// (problem), and expires is when the old token stopped working.
const StatusReset token.Status = "reset"

// jsonItem is the JSON form of a credential. The fields check also writes
// have check's names and meaning; unknown values are null.
type jsonItem struct {
	Kind             token.Kind   `json:"kind"`
	Label            string       `json:"label"`
	Status           token.Status `json:"status"`
	Severity         string       `json:"severity"`
	Org              *string      `json:"org"`
	Location         *string      `json:"location"`
	Server           *string      `json:"server"`
	Topic            *string      `json:"topic"`
	Expires          string       `json:"expires"`
	ExpiresEstimated bool         `json:"expires_estimated"`
	DaysLeft         int          `json:"days_left"`
	RenewBy          string       `json:"renew_by"`
	DaysToRenew      int          `json:"days_to_renew"`
	OldExpires       *string      `json:"old_expires"`
	File             *string      `json:"file"`
	SHA256           *string      `json:"sha256"`
	ApplePortal      *string      `json:"apple_portal"`
	MDMPortal        *string      `json:"mdm_portal"`
	Recorded         string       `json:"recorded"`
	User             *string      `json:"user"`
	Host             *string      `json:"host"`
	Source           *string      `json:"source"`
}

// WriteJSON writes an indented JSON array with one object per credential,
// in renew-by order: kind, label, status (check's, or "reset"), severity, org, location, server,
// topic, expires (RFC 3339, UTC), expires_estimated, days_left, renew_by,
// days_to_renew, old_expires, file, sha256, apple_portal and mdm_portal
// (ids, as --apple and --portal take them), recorded, user, host and source
// ("renewal", "file", or "reset" for a server or location whose token was
// reset by a download during another renewal: expired since then).
func WriteJSON(w io.Writer, r Report, now time.Time) error {
	out := make([]jsonItem, 0, len(r.Items))
	for _, it := range r.Items {
		status := it.Status
		if it.Reset() {
			status = StatusReset
		}
		out = append(out, jsonItem{
			Kind:             it.Kind,
			Label:            it.Label(),
			Status:           status,
			Severity:         check.SeverityText(it.Status.Severity()),
			Org:              optString(it.Org),
			Location:         optString(it.Location),
			Server:           optString(it.Server),
			Topic:            optString(it.Topic),
			Expires:          rfc3339(it.Expires),
			ExpiresEstimated: it.ExpiresEstimated,
			DaysLeft:         it.DaysLeft(now),
			RenewBy:          rfc3339(it.RenewBy),
			DaysToRenew:      it.DaysToRenew(now),
			OldExpires:       optTime(it.OldExpires),
			File:             optString(it.File),
			SHA256:           optString(it.SHA256),
			ApplePortal:      optString(it.ApplePortal),
			MDMPortal:        optString(it.MDMPortal),
			Recorded:         rfc3339(it.Recorded),
			User:             optString(it.User),
			Host:             optString(it.Host),
			Source:           optString(string(it.Source)),
		})
	}
	js, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(token.SafeJSON(js), '\n'))
	return err
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := rfc3339(t)
	return &s
}
