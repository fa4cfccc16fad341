package renewal

import "github.com/mdmtoken/mdmtoken/token"

// Choice is a way on from a verdict.
type Choice int

// The ways on from a verdict.
const (
	Continue     Choice = iota + 1 // go on to the MDM portal's steps with the file
	UseAnyway                      // go on with a file that is not quite right (old, expiring)
	PickAgain                      // choose another file
	Redownload                     // go back to Apple's download steps
	ChooseServer                   // go back to choosing the MDM server in Apple's portal
	ChooseCert                     // choose the MDM's certificate, to check the token's server
	Restart                        // back to the start (after checking a file)
	Quit                           // leave the wizard
	RenewThis                      // after checking a token file: renew that credential now
	// RenewInstead goes back to Apple's Push Certificates Portal, to find
	// the certificate whose topic matches and choose Renew: the file
	// chosen is a new certificate, with another push topic.
	RenewInstead

	choiceEnd // after the last way on; new ways on go before it
)

// AllChoices are every way on a verdict can offer, for front ends to word
// each one.
func AllChoices() []Choice {
	out := make([]Choice, 0, choiceEnd-Continue)
	for c := Continue; c < choiceEnd; c++ {
		out = append(out, c)
	}
	return out
}

// Choices are the ways on that fit the chosen file, the first the one to
// take: a good file goes on, a doubtful one may be used anyway, a wrong
// one never; a token for another MDM server leads back to choosing the
// server. A good DEP token whose server was not checked offers to choose
// the MDM's certificate first. Once the old DEP token is reset, only a good file goes on, and
// nothing leads to downloading again (which would reset it once more) but
// choosing the right server. Checking a file offers another check, the
// renewal of the credential the file is (when it is a token), the start or
// quitting.
func (r *Renewal) Choices() []Choice {
	switch {
	case r.check && r.chosen != nil && r.chosen.Report.Kind.IsRenewable():
		return []Choice{PickAgain, RenewThis, Restart, Quit}
	case r.check:
		return []Choice{PickAgain, Restart, Quit}
	case r.chosen == nil:
		return nil
	}
	rep := r.chosen.Report
	unchecked := rep.Kind == token.KindDEP && r.kind == token.KindDEP && r.chosen.Server.How == ServerNotChecked
	switch {
	case r.kind == token.KindPush && rep.Kind == token.KindPush && rep.Status == token.StatusMismatch:
		// A new topic: uploading it means every device enrolls again.
		return []Choice{RenewInstead, PickAgain, Quit}
	case rep.Status.Severity() == token.SeverityOK && unchecked:
		return []Choice{ChooseCert, Continue, PickAgain}
	case rep.Status.Severity() == token.SeverityOK:
		return []Choice{Continue, PickAgain}
	case rep.Status == token.StatusWrongServer && r.serverStep() >= 0:
		return []Choice{PickAgain, ChooseServer, Quit}
	case r.resetPending():
		return []Choice{PickAgain, Quit}
	case rep.Status.Severity() == token.SeverityWarning:
		return []Choice{PickAgain, Redownload, UseAnyway, Quit}
	}
	return []Choice{PickAgain, Redownload, Quit}
}

// renewChecked starts renewing the credential of the token file just
// checked, with the portals given in advance still answered.
func (r *Renewal) renewChecked() {
	kind := r.chosen.Report.Kind
	r.clear()
	r.history = []Stage{StageStart}
	r.begin(kind)
}
