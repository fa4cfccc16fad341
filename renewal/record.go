package renewal

import (
	"time"

	"github.com/mdmtoken/mdmtoken/record"
)

// Record is what the renewal record says about a renewal the MDM portal
// accepted, done at now; ok is false when there is nothing to record (not
// accepted, a practice run, a check of a file). The user and host are left
// for the caller to fill in. Only names, dates and the file's digest go
// in, never the token.
func (r *Renewal) Record(now time.Time) (rec record.Renewal, ok bool) {
	if !r.Accepted() || r.cfg.Practice || r.check || r.guide == nil || r.chosen == nil {
		return record.Renewal{}, false
	}
	g, rep := *r.guide, r.chosen.Report
	org := rep.Org
	if org == "" {
		org = rep.Server
	}
	return record.Renewal{
		Kind:               g.Kind,
		KindName:           g.Kind.Noun(),
		ApplePortal:        g.Apple.Name,
		MDMPortal:          g.Portal.Name,
		AppleID:            g.Apple.ID,
		PortalID:           g.Portal.ID,
		Org:                org,
		Location:           r.chosen.Location(),
		FileName:           r.chosen.Name(),
		SHA256:             rep.SHA256,
		OldExpiry:          r.chosen.ReplacedExpiry,
		NewExpiry:          rep.Expires,
		NewExpiryEstimated: rep.ExpiresEstimated,
		When:               now,
		Checks:             r.Checks(),
		Accepted:           true,
	}, true
}
