package renewal

import (
	"errors"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/token"
)

// A renewed push certificate keeps the push topic of the certificate the
// MDM uses; a certificate with another topic is a new one, and every
// enrolled device would have to enroll again. The topic is compared with
// last year's certificate found beside the new one, or with the topic the
// user typed from what the MDM shows.

// TopicHow is how a push certificate's topic was compared with the one
// the MDM uses.
type TopicHow int

// The ways a push certificate's topic is compared.
const (
	TopicNotCompared TopicHow = iota // no earlier certificate beside it, nothing typed
	TopicByFile                      // with last year's certificate beside it
	TopicTyped                       // with the topic typed from the MDM
	TopicByHistory                   // with the push certificate the renewal history holds for this MDM portal
)

// TopicCheck is how a push certificate's topic was compared, and with what.
type TopicCheck struct {
	How      TopicHow
	File     string    // TopicByFile: last year's certificate
	Typed    string    // TopicTyped: the topic's identifier as typed, normalized
	Renewed  time.Time // TopicByHistory: when the certificate compared with was renewed
	Mismatch bool      // the topics differ: a new certificate, not a renewal
}

// String says the comparison in words, for the verdict, the confirmation
// and the record.
func (t TopicCheck) String() string {
	switch {
	case t.How == TopicByFile && t.Mismatch:
		return "another topic than " + token.Printable(filepath.Base(t.File)) + ", the certificate it replaces: a new certificate"
	case t.How == TopicByFile:
		return "the same topic as " + token.Printable(filepath.Base(t.File)) + ", the certificate it replaces"
	case t.How == TopicTyped && t.Mismatch:
		return "another topic than the one you typed from the MDM (" + t.Typed + "): a new certificate"
	case t.How == TopicTyped:
		return "the same topic as the one you typed from the MDM (" + t.Typed + ")"
	case t.How == TopicByHistory && t.Mismatch:
		return "another topic than the push certificate renewed for this MDM on " + DateOnly(t.Renewed) + " (renewal history): a new certificate"
	case t.How == TopicByHistory:
		return "the same topic as the push certificate renewed for this MDM on " + DateOnly(t.Renewed) + " (renewal history)"
	}
	return "not compared: no earlier push certificate was found beside it and no topic was typed from the MDM; compare its topic with the one the MDM shows before you upload it"
}

// uuidPattern is the identifier in a push topic and an APSP name.
var uuidPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
})

// serialPattern is a certificate serial number as portals show it: hex
// digits, maybe in pairs separated by colons or spaces.
var serialPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-f]{2}([: ]?[0-9a-f]{2})+$`) })

// The pushPrefix starts every MDM push topic; apspPrefix every push
// certificate's common name.
const (
	pushPrefix = "com.apple.mgmt."
	apspPrefix = "apsp:"
)

// ParseTopic reads what an MDM shows for its push certificate: the push
// topic (com.apple.mgmt.External.<id>), the common name (APSP:<id>) or the
// identifier alone. It returns the identifier in lower case; an error says
// what was typed instead, e.g. a serial number, which a renewal changes.
func ParseTopic(typed string) (string, error) {
	s := strings.ToLower(strings.Trim(strings.TrimSpace(typed), `"'`))
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", errors.New("nothing typed: type the topic or the APSP name the MDM shows, or go back to continue without comparing")
	case strings.HasPrefix(s, pushPrefix):
		s = s[strings.LastIndexByte(s, '.')+1:]
	case strings.HasPrefix(s, apspPrefix):
		s = strings.TrimSpace(s[len(apspPrefix):])
	}
	switch {
	case uuidPattern().MatchString(s):
		return s, nil
	case serialPattern().MatchString(s):
		return "", errors.New("that looks like a serial number: a renewed certificate gets a new serial number, so it cannot be compared with the download; use it to find the certificate in Apple's list, and type the topic (com.apple.mgmt.External.…) or the APSP name (APSP:…) here")
	}
	return "", errors.New("that is not a push topic or an APSP name: the topic reads com.apple.mgmt.External. followed by an identifier like 8f2c1a7e-4b3d-4e59-9a61-2d7c5e0b9f14; the APSP name reads APSP: and the same identifier")
}

// topicID is the identifier at the end of a push certificate's topic, in
// lower case; empty when it has none.
func topicID(r token.Report) string {
	t := strings.ToLower(r.Topic)
	if !strings.HasPrefix(t, pushPrefix) {
		return ""
	}
	return t[strings.LastIndexByte(t, '.')+1:]
}

// typedReplaced stands for the certificate the MDM uses, known only by
// the identifier typed: the report the engine compares a download with.
// A download with the same identifier (in any case) keeps its own topic.
func typedReplaced(id string, r token.Report) *token.Report {
	topic := "com.apple.mgmt.External." + id
	if topicID(r) == id {
		topic = r.Topic
	}
	return &token.Report{Kind: token.KindPush, Topic: topic}
}

// TopicHelp is what the screen that takes the MDM's topic says, paragraph
// by paragraph, for the certificate file (or "pasted text") and the MDM
// portal named.
func TopicHelp(portal, file string) []string {
	return []string{
		"The push topic of " + file + " has not been compared with the one " + portal + " uses: no earlier push certificate was found beside it. " +
			"A certificate with another topic is a new one, and uploading it means every enrolled device must enroll again.",
		"Type or paste what " + portal + " shows for its current push certificate: the topic (com.apple.mgmt.External.…), the common name (APSP:…) " +
			"or the identifier in them. A serial number cannot be compared: a renewal changes it.",
		"On an enrolled device the topic is also shown in Settings > General > Device Management > the management profile > More Details (as Microsoft describes it).",
	}
}

// pushHistory are the push certificates the renewal history holds for an
// MDM portal, newest first.
func pushHistory(items []history.Item, portal string) []history.Entry {
	var out []history.Entry
	for _, it := range items {
		if e := it.Entry; e.Kind == token.KindPush && e.Topic != "" && e.MDMPortal == portal {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b history.Entry) int { return b.Recorded.Compare(a.Recorded) })
	return out
}

// historyReport stands for a push certificate of the history: what a
// download is compared with.
func historyReport(e history.Entry) *token.Report {
	return &token.Report{Kind: token.KindPush, Topic: e.Topic, Expires: e.Expires}
}

// historyReplaced is the push certificate of the history a download is
// compared with: the one with its topic, else the newest.
func historyReplaced(known []history.Entry, r token.Report) (history.Entry, bool) {
	if len(known) == 0 {
		return history.Entry{}, false
	}
	for _, e := range known {
		if strings.EqualFold(e.Topic, r.Topic) {
			return e, true
		}
	}
	return known[0], true
}
