package ui

import "github.com/mdmtoken/mdmtoken/renewal"

// build makes the screen for a stage from the renewal.
func (m *Model) build(st renewal.Stage) screen {
	r, sh, o := m.r, m.sh, m.opts
	g, chosen := r.Guide(), r.Chosen()
	switch st {
	case renewal.StageApple:
		return newAppleScreen(sh, o.Catalog)
	case renewal.StagePortal:
		return newPortalScreen(sh, o.Catalog, r.Kind(), o.Warnings)
	case renewal.StageCaveats:
		l, dir := r.Lookup(), o.Dir
		return newCaveatsScreen(sh, *g, r.CanBack(), r.Renewing(), func() renewal.Already { return l.AlreadyDownloaded(dir) })
	case renewal.StageRequestSteps:
		return newWalkScreen(sh, g.Portal.Name, g.BeforeSteps, r.Step(st), func(i int) bool { return r.Confirmed(st, i) }, upload{}, r.Practice())
	case renewal.StageAppleSteps:
		return newWalkScreen(sh, g.Apple.Name, g.AppleSteps, r.Step(st), func(i int) bool { return r.Confirmed(st, i) }, upload{}, r.Practice())
	case renewal.StagePicker:
		if r.Checking() {
			return newPickerScreen(sh, o.Dir, r.Lookup(), r.PickerTitle(), "a .vpptoken, *_smime.p7m or .pem file", true)
		}
		dir := o.Dir
		if chosen != nil && chosen.Folder() != "" {
			dir = chosen.Folder() // listed again where the file was chosen
		}
		return newPickerScreen(sh, dir, r.Lookup(), r.PickerTitle(), g.FileName, true)
	case renewal.StageCertPicker:
		dir := o.Dir
		if chosen != nil && chosen.Folder() != "" {
			dir = chosen.Folder()
		}
		return newPickerScreen(sh, dir, r.CertLookup(), "Choose the MDM's certificate (its public key)",
			"a .pem, .cer or .crt file; the MDM portal offers it for download", false)
	case renewal.StagePaste:
		return newPasteScreen(sh)
	case renewal.StageTopic:
		return newTopicScreen(sh, g.Portal.Prose(), *chosen)
	case renewal.StageVerdict:
		portal := ""
		if g != nil {
			portal = g.Portal.Prose()
		}
		return newVerdictScreen(sh, *chosen, portal, r.Choices(), r.Checks(), r.Checking(), r.Match(), r.VerdictMark())
	case renewal.StagePortalSteps:
		up := upload{file: chosen.Name(), folder: chosen.Folder(), facts: renewal.For(chosen.Report)}
		if chosen.Path == "" {
			up.file, up.pattern = "the file you copied the text from", g.FileName
		}
		return newWalkScreen(sh, g.Portal.Name, g.PortalSteps, r.Step(st), func(i int) bool { return r.Confirmed(st, i) }, up, r.Practice())
	case renewal.StageConfirm:
		return newConfirmScreen(sh, summary{guide: *g, chosen: *chosen, checks: r.Checks(), match: r.Match(), reset: r.ResetAt()})
	case renewal.StageDone:
		var score *renewal.Score
		if r.Practice() {
			sc := r.Score()
			score = &sc
		}
		return newDoneScreen(sh, summary{guide: *g, chosen: *chosen, checks: r.Checks(), match: r.Match(), reset: r.ResetAt()}, m.recordable(), o.UsedTokens, score)
	}
	return newStartScreen(sh, o.Warnings, o.startNotes(), o.Practice, o.Due)
}
