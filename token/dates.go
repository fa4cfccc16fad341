package token

import "time"

// Dates a file states are taken for real only between these bounds: a
// token or push certificate expiring, or a token downloaded, before 2000 or
// from 2100 on cannot be Apple's. Below them lies the zero date (year 1),
// which programs write for "no date"; inside them it could pass for an
// unknown expiry or a token that never expires.
var (
	earliestDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	latestDate   = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// clockSlack is how far in the future a date that Apple stamps at the
// time of a download or renewal may be, given clocks and time zones
// (a download time in a file name, a certificate's start); later, the
// date was changed or this computer's clock is wrong.
const clockSlack = 24 * time.Hour

// yearSlack is how much longer than a year a credential may last from
// now: Apple's tokens and push certificates last one year.
const yearSlack = 7 * 24 * time.Hour

// dateProblem says why a date stated in a file cannot be real, or "" when
// it can be.
func dateProblem(t time.Time) string {
	switch {
	case t.IsZero():
		return `the zero date, which programs write for "no date"`
	case t.Before(earliestDate):
		return "before 2000, long before any such token"
	case !t.Before(latestDate):
		return "after 2100, far later than any such token lasts"
	}
	return ""
}

// notRealDate is the phrase for a stated date that cannot be real, e.g.
// `expDate "0001-01-01T00:00:00Z" is not a real date (the zero date, ...)`.
func notRealDate(field, value, problem string) string {
	return field + " " + quoteValue(value) + " is not a real date (" + problem + ")"
}
