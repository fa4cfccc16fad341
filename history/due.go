package history

import (
	"sort"
	"time"

	"github.com/mdmtoken/mdmtoken/token"
)

// Item is one credential as the history knows it: its newest entry and the
// verdict on it at a given moment.
type Item struct {
	Entry
	// Status is token.StatusExpired once Expires has passed,
	// token.StatusExpiring once RenewBy is within the warning window, and
	// token.StatusOK before.
	Status token.Status
}

// Credentials returns the newest entry of every credential in entries (by
// Identity; the latest Recorded wins, and of two recorded at the same
// moment the later in the file), judged at now, sorted by renew-by date.
// within is the warning window in days: a credential whose renew-by date
// is no more than within days after now is expiring. With within 0 it is
// expiring from its renew-by date on, 30 days before expiry, which is
// check's default warning window.
func Credentials(entries []Entry, now time.Time, within int) []Item {
	newest := make(map[string]int)
	var order []string
	for i, e := range entries {
		id := e.Identity()
		j, seen := newest[id]
		if !seen {
			order = append(order, id)
		}
		if !seen || !e.Recorded.Before(entries[j].Recorded) {
			newest[id] = i
		}
	}
	items := make([]Item, 0, len(order))
	for _, id := range order {
		e := entries[newest[id]].normal()
		items = append(items, Item{Entry: e, Status: judge(e, now, within)})
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if !a.RenewBy.Equal(b.RenewBy) {
			return a.RenewBy.Before(b.RenewBy)
		}
		return a.Label() < b.Label()
	})
	return items
}

// Due returns the credentials of Credentials that are expiring or expired:
// what to renew within the next within days. The wizard's first screen
// lists these with Due(entries, now, 0) or a wider window.
func Due(entries []Entry, now time.Time, within int) []Item {
	return DueOf(Credentials(entries, now, within))
}

// DueOf keeps the items that are expiring or expired.
func DueOf(items []Item) []Item {
	var due []Item
	for _, it := range items {
		if it.Status != token.StatusOK {
			due = append(due, it)
		}
	}
	return due
}

func judge(e Entry, now time.Time, within int) token.Status {
	switch {
	case !e.Expires.After(now):
		return token.StatusExpired
	case token.DaysLeft(e.RenewBy, now) <= within:
		return token.StatusExpiring
	}
	return token.StatusOK
}

// DaysLeft is token.DaysLeft from now to the expiry: calendar days in
// now's time zone, negative once its date has passed.
func (it Item) DaysLeft(now time.Time) int { return token.DaysLeft(it.Expires, now) }

// DaysToRenew is token.DaysLeft from now to the renew-by date, negative
// once its date has passed.
func (it Item) DaysToRenew(now time.Time) int { return token.DaysLeft(it.RenewBy, now) }

// FromNow says in words how far t is from now, the way every output of the
// program words it (token.DaysFromNow): "in 12 days", "today" or "3 days
// ago".
func FromNow(t, now time.Time) string { return token.DaysFromNow(t, now) }

// Summary is the credential and what is due, in one line safe for a
// terminal, with dates in now's time zone: e.g. "VPP content token, Main
// Campus (Relution): renew by 2027-10-24, in 12 days", "…: expired
// 2027-11-23, 3 days ago", or for a reset DEP server "DEP server token,
// Staging: reset 2027-11-23, today".
func (it Item) Summary(now time.Time) string {
	const day = "2006-01-02"
	if it.Reset() {
		return it.Label() + ": reset " + it.Expires.In(now.Location()).Format(day) + ", " + FromNow(it.Expires, now)
	}
	if it.Status == token.StatusExpired {
		return it.Label() + ": expired " + it.Expires.In(now.Location()).Format(day) + ", " + FromNow(it.Expires, now)
	}
	return it.Label() + ": renew by " + it.RenewBy.In(now.Location()).Format(day) + ", " + FromNow(it.RenewBy, now)
}
