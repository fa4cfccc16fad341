package steps

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mdmtoken/mdmtoken/token"
)

// The research the built-in guides follow lives in shared/reference beside
// the repository. When it is there, each phrase below must be found in the
// named section of it, in this order; the guide's steps must follow the
// same order either way.
const referenceDir = "../../shared/reference"

// traced is one vendor step: a phrase of the reference and the phrase of the
// guide's step that follows it.
type traced struct {
	ref, step string
	upload    bool // the guide's upload step
}

// referenced is one built-in guide and the reference section it follows.
type referenced struct {
	portal   string
	kind     token.Kind
	file     string // in the reference folder
	section  string // the heading the steps are under, e.g. "### 5a."
	steps    []traced
	coverage string // Coverage.String()
	source   string // in one source's title or URL
	date     string // that source's date
	// seeded: the guide has steps after these that another test traces to
	// a copy of the vendor's page (seeds_test.go).
	seeded bool
}

var referencedGuides = []referenced{
	{portal: "jamf", kind: token.KindVPP, file: "portals-round2.md", section: "### 1a.", coverage: "community-sourced", source: "zunda", date: "undated",
		steps: []traced{
			{ref: "(Volume Purchasing)", step: "Settings (top right), then Global Management > Volume Purchasing"},
			{ref: "click the configured name", step: "Click the name of the location whose token you renew"},
			{ref: `"renew service token"; English label not seen`, step: "Click Edit (bottom right), then the button that renews the service token"},
			{ref: "select the downloaded token, click", step: "Choose the downloaded .vpptoken file and upload it", upload: true},
			{ref: "Check that the expiry date has been updated, then click", step: "Check that the expiry date has been updated, then click Save"},
		}},
	{portal: "jamf", kind: token.KindDEP, file: "portals-round2.md", section: "### 1b.", coverage: "community-sourced", source: "mitani-edu.jp", date: "2022/08/05",
		steps: []traced{
			{ref: "Sign in to Jamf Pro with an administrator account.", step: "Sign in to Jamf Pro with an administrator account."},
			{ref: "(Global Management) ⇒", step: "Global Management > Automated Device Enrollment"},
			{ref: "Click the Automated Device Enrollment instance name.", step: "Click the name of the Automated Device Enrollment instance."},
			{ref: "(Edit).", step: "Click Edit."},
			{ref: `"Upload Server Token File"; English label not seen`, step: "click the button that uploads a server token file"},
			{ref: "Select the token from step 4 and click", step: "Choose the new *_smime.p7m file and upload it", upload: true},
			{ref: "(Save).", step: "Click Save."},
		}},
	{portal: "jamf", kind: token.KindPush, file: "portals-round2.md", section: "### 1c.", coverage: "community-sourced", source: "Traditional Chinese", date: "undated",
		steps: []traced{
			{ref: "Jamf Pro > Settings (gear) > Global Management > Push Certificates", step: "Settings (the gear), then Global Management > Push Certificates"},
			{ref: "Click the expiring certificate name.", step: "Click the name of the certificate that expires"},
			{ref: "Click Renew, bottom right.", step: "Click Renew (bottom right)."},
			{ref: "Click Download signed CSR from Jamf and save", step: "Click Download signed CSR from Jamf and save JamfSignedCSR.plist"},
			{ref: "upload it in Jamf Pro, and save.", step: "Upload the new .pem certificate in Jamf Pro, then save.", upload: true},
		}},
	{portal: "soti", kind: token.KindVPP, file: "portals-round2.md", section: "### 5a.", coverage: "documented", source: "v2024.1/en/console/applications/applevpp/renew_account.html", date: "v2024.1",
		steps: []traced{
			{ref: "Select Global Settings from the main menu.", step: "select Global Settings from the main menu."},
			{ref: "select Apple > App Store License Management.", step: "select Apple > App Store License Management."},
			{ref: "Find the App Store License account whose content/server token is about to expire", step: "Find the account whose token is about to expire"},
			{ref: "In the Content/Server Token field, upload the new token.", step: "In the Content/Server Token field, upload the new token.", upload: true},
			{ref: "Select Save.", step: "Select Save."},
		}},
	{portal: "soti", kind: token.KindDEP, file: "portals-round2.md", section: "### 5b.", coverage: "documented", source: "v2025.0/en/console/devices/managing/enrollment/apple/dep/renew_ade_accounts.html", date: "v2025.0",
		steps: []traced{
			{ref: "Select Global Settings from the main menu.", step: "select Global Settings from the main menu."},
			{ref: "select Automated Device Enrollment to open that page", step: "select Automated Device Enrollment."},
			{ref: "In the Accounts section, find the ADE account", step: "In the Accounts section, find the ADE account"},
			{ref: "Upload it to the MDM Server Token field", step: "Upload the new MDM server token to the MDM Server Token field.", upload: true},
			{ref: "Click Save.", step: "Click Save."},
		}},
	{portal: "n-central", kind: token.KindVPP, file: "portals.md", section: "## 18.", coverage: "documented, partial", source: "content token", date: "updated Dec 16, 2024",
		steps: []traced{{ref: "shows a review step (customer and token details) before Confirm", step: "On the review step, check the customer and token details, then click Confirm."}}},
	{portal: "n-central", kind: token.KindDEP, file: "portals.md", section: "## 18.", coverage: "documented, partial", source: "ADE token", date: "updated Jul 08, 2024",
		steps: []traced{{ref: "shows a review step (customer and token details) before Confirm", step: "On the review step, check the customer and token details, then click Confirm."}}},
	{portal: "n-sight", kind: token.KindVPP, file: "portals.md", section: "## 18.", coverage: "documented, partial", source: "content token", date: "updated Dec 16, 2024",
		steps: []traced{{ref: "shows a review step (customer and token details) before Confirm", step: "On the review step, check the customer and token details, then click Confirm."}}},
	{portal: "n-sight", kind: token.KindDEP, file: "portals.md", section: "## 18.", coverage: "documented, partial", source: "ADE token", date: "updated Jul 08, 2024",
		steps: []traced{{ref: "shows a review step (customer and token details) before Confirm", step: "On the review step, check the customer and token details, then click Confirm."}}},
	{portal: "n-central", kind: token.KindPush, file: "portals-round2.md", section: "### 10c.", coverage: "documented, partial", source: "renew_apple_push_notification_certificate.htm", date: "undated",
		steps: []traced{
			{ref: "click Configuration > Device Management for Apple", step: "click Configuration > Device Management for Apple."},
			{ref: "Click Push Certificates.", step: "Click Push Certificates."},
			{ref: "Select the certificate by clicking the check", step: "Select the certificate by clicking the check box next to it."},
			{ref: "Select Renew Certificate from the top bar.", step: "Select Renew Certificate from the top bar."},
			{ref: "Click Download CSR to store the", step: "Click Download CSR to store the .csr file, then click Next."},
		}},
	{portal: "mosyle", kind: token.KindPush, file: "portals-round2.md", section: "## 3.", coverage: "community-sourced, partial", source: "esu11", date: "undated",
		steps: []traced{
			{ref: "My School > Basic Setup > Push Certificate", step: "go to My School > Basic Setup > Push Certificate."},
			{ref: "take note of the Apple ID in bold above the Renew button", step: "Note the Apple ID shown in bold above the Renew button."},
			{ref: "Follow all written instructions", step: "Click Renew, and follow all of Mosyle's written instructions"},
		}},
	{portal: "maas360", kind: token.KindPush, file: "portals-round2.md", section: "### 14.2", coverage: "documented, partial", source: "renewing-apns-certificate-in-maas360", date: "undated",
		steps: []traced{
			{ref: "go to Setup > Services.", step: "go to Setup > Services."},
			{ref: "Expand the Mobile Device Management section.", step: "Expand the Mobile Device Management section"},
			{ref: "Expand the APNS Certificate section.", step: "then the APNS Certificate section."},
			{ref: "Click Renew. The Setup Apple enrollment page is displayed.", step: "Click Renew."},
			{ref: "click Generate Certificate", step: "click Generate Certificate."},
			{ref: "Click Download CSR.txt.", step: "Click Download CSR.txt."},
		}},
	{portal: "intune", kind: token.KindPush, file: "portals-round2.md", section: "### 14.1", coverage: "documented", source: "create-mdm-push-certificate.md", date: "ms.date 05/12/2025",
		steps: []traced{
			{ref: "Sign in to the Microsoft Intune admin center.", step: "Sign in to the Microsoft Intune admin center"},
			{ref: "Go to Device onboarding > Enrollment.", step: "Devices > Device onboarding > Enrollment."},
			{ref: "Select the Apple tab.", step: "Select the Apple tab"},
			{ref: "Select Apple MDM Push Certificate.", step: "then Apple MDM Push Certificate."},
			{ref: "Select Download your CSR", step: "Select Download your CSR"},
			{ref: "Select Create your MDM push Certificate", step: "Select Create your MDM push Certificate"},
			{ref: "Return to the admin center and upload your certificate file.", step: "Return to the admin center and upload your certificate file.", upload: true},
			{ref: "Renewal is complete when your Apple MDM push certificate status appears active", step: "Renewal is complete when both show it active."},
		}},
	{portal: "fleet", kind: token.KindPush, file: "portals-round2.md", section: "### 14.3", coverage: "documented", source: "apple-mdm-setup.md", date: "commit 018ca0a",
		steps: []traced{
			{ref: "navigate to the Settings > Integrations > MDM page.", step: "In Fleet, go to Settings > Integrations > MDM."},
			{ref: "Select Edit next to Apple MDM turned on.", step: "Select Edit next to Apple MDM turned on."},
			{ref: "Select Renew certificate and then Download CSR.", step: "Select Renew certificate, then Download CSR."},
			{ref: "Upload the APNs certificate (.pem file) in Fleet.", step: "Upload the APNs certificate (.pem file) in Fleet.", upload: true},
		}},
	{portal: "fleet", kind: token.KindVPP, file: "portals-round2.md", section: "### 14.3", coverage: "documented", source: "apple-mdm-setup.md", date: "commit 018ca0a",
		steps: []traced{
			{ref: "VPP renewal UI", step: "In Fleet, go to Settings > Integrations > MDM."},
			{ref: "select Edit next to Volume Purchasing Program (VPP) and find the token", step: "select Edit next to Volume Purchasing Program (VPP), and find the token."},
			{ref: "Select Actions > Renew.", step: "Select Actions > Renew."},
			{ref: "Upload the .vpptoken file to Fleet.", step: "Upload the .vpptoken file to Fleet.", upload: true},
		}},
	{portal: "fleet", kind: token.KindDEP, file: "portals-round2.md", section: "### 14.3", coverage: "documented", source: "apple-mdm-setup.md", date: "commit 018ca0a",
		steps: []traced{
			{ref: "In Fleet, Settings > Integrations > MDM.", step: "In Fleet, go to Settings > Integrations > MDM."},
			{ref: "select Edit next to Company-owned (ADE) and personal (BYOD) enrollment", step: "select Edit next to Company-owned (ADE) and personal (BYOD) enrollment, and find the token."},
			{ref: "Actions > Renew.", step: "Select Actions > Renew."},
			{ref: "Upload the .p7m file.", step: "Upload the .p7m file.", upload: true},
		}},
	{portal: "hexnode", kind: token.KindDEP, file: "portals-round2.md", section: "## 13.", coverage: "documented", source: "how-to-renew-apple-device-enrollment-program-dep-token", date: "undated", seeded: true,
		steps: []traced{
			{ref: "In the Hexnode portal, go to Admin > Apple DEP > DEP Accounts.", step: "In the Hexnode portal, navigate to Admin > Apple DEP > DEP Accounts."},
			{ref: "edit button appears. Click it.", step: "click the edit button that appears."},
		}},
}

// referenceText normalises reference and guide text for comparison: case,
// Markdown bold and code marks, the › separator and spacing.
func referenceText(s string) string {
	s = strings.NewReplacer("**", "", "`", "", "›", ">", "\u00a0", " ").Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}

// referenceSection is the text under heading (a line starting with it) up
// to the next heading of the same or a higher level.
func referenceSection(t *testing.T, doc, heading string) string {
	t.Helper()
	level := strings.Index(heading, " ")
	var out []string
	in := false
	for _, l := range strings.Split(doc, "\n") {
		if in && strings.HasPrefix(l, "#") {
			if n := strings.Index(l, " "); n > 0 && n <= level && strings.Trim(l[:n], "#") == "" {
				break
			}
		}
		if strings.HasPrefix(l, heading) {
			in = true
		}
		if in {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		t.Fatalf("the reference has no section %q", heading)
	}
	return strings.Join(out, "\n")
}

// TestGuidesFollowReference checks every new built-in guide against the
// research it follows: its steps come in the reference's order, every
// vendor step is one the reference has, the upload step is marked, its
// coverage (documented, community-sourced, partial) is shown, it names its
// source with the date, and every generic step is labelled.
func TestGuidesFollowReference(t *testing.T) {
	c := mustBuiltin(t)
	dir := referenceDir
	if d := os.Getenv("MDMTOKEN_REFERENCE"); d != "" {
		dir = d
	}
	docs := map[string]string{}
	for _, rg := range referencedGuides {
		t.Run(rg.portal+"/"+string(rg.kind), func(t *testing.T) {
			g, err := c.Guide(rg.kind, "abm", rg.portal)
			if err != nil {
				t.Fatal(err)
			}
			// The reference has the phrases, in this order.
			if _, ok := docs[rg.file]; !ok {
				data, err := os.ReadFile(filepath.Join(dir, rg.file))
				if err != nil {
					t.Logf("reference not found, checking the guide only: %v", err)
				}
				docs[rg.file] = string(data)
			}
			if doc := docs[rg.file]; doc != "" {
				sec, at := referenceText(referenceSection(t, doc, rg.section)), 0
				for _, st := range rg.steps {
					i := strings.Index(sec[at:], referenceText(st.ref))
					if i < 0 {
						t.Errorf("reference %s %s has no %q after the previous step", rg.file, rg.section, st.ref)
						continue
					}
					at += i
				}
			}
			// The guide's vendor steps are these, in this order.
			all := slices.Concat(g.BeforeSteps, g.PortalSteps)
			matched := make([]bool, len(all))
			from := 0
			for _, st := range rg.steps {
				i := slices.IndexFunc(all[from:], func(s Step) bool {
					return strings.Contains(referenceText(s.Text+" "+s.Detail), referenceText(st.step))
				})
				if i < 0 {
					t.Errorf("no step from %d on has %q", from+1, st.step)
					continue
				}
				from += i
				matched[from] = true
				if all[from].Upload != st.upload {
					t.Errorf("step %d %q: upload = %v, want %v", from+1, all[from].Text, all[from].Upload, st.upload)
				}
				if all[from].Generic != "" {
					t.Errorf("step %d %q is from the vendor, not generic", from+1, all[from].Text)
				}
			}
			for i, s := range all {
				if s.Generic == "" && !matched[i] && !rg.seeded {
					t.Errorf("step %d %q is not traced to the reference", i+1, s.Text)
				}
			}
			if got := g.Coverage.String(); got != rg.coverage {
				t.Errorf("coverage %q, want %q", got, rg.coverage)
			}
			found := false
			for _, s := range g.Sources {
				found = found || ((strings.Contains(s.Title, rg.source) || strings.Contains(s.URL, rg.source)) && s.Date == rg.date)
			}
			if !found {
				t.Errorf("no source with %q dated %q in %+v", rg.source, rg.date, g.Sources)
			}
			checkGenericLabels(t, g)
			if g.Coverage.Partial != slices.ContainsFunc(all, func(s Step) bool { return s.Generic != "" }) {
				t.Errorf("Partial = %v, but the generic steps say otherwise", g.Coverage.Partial)
			}
		})
	}
}

// checkGenericLabels checks that every generic step of a vendor's guide
// says so at its start: the first one after the vendor's steps says that
// the vendor's guide stops there. The portal's steps after Apple's continue
// those before.
func checkGenericLabels(t *testing.T, g Guide) {
	t.Helper()
	name := g.Portal.Name
	guide := "The " + name + " guide"
	for li, list := range [][]Step{g.BeforeSteps, g.PortalSteps} {
		for i, s := range list {
			prevGeneric := i > 0 && list[i-1].Generic != ""
			prevVendor := (i > 0 && !prevGeneric) || (i == 0 && li == 1 && len(g.BeforeSteps) > 0 && g.BeforeSteps[len(g.BeforeSteps)-1].Generic == "")
			var want string
			switch {
			case s.Generic == "" && prevGeneric:
				want = "From here on the steps follow the " + name + " guide again."
			case s.Generic == "":
				continue
			case prevGeneric:
				want = "Generic step: not from the " + name + " guide."
			case prevVendor:
				want = guide + " stops here;"
			default:
				want = guide + " does not cover this"
			}
			if !strings.HasPrefix(s.Note, want) {
				t.Errorf("%s %s step %q: note %q does not start with %q", name, g.Kind, s.Text, s.Note, want)
			}
		}
	}
}

// TestEveryGenericStepLabelled checks the labels in every built-in guide
// that mixes vendor and generic steps, and that the generic guide itself
// carries none.
func TestEveryGenericStepLabelled(t *testing.T) {
	c := mustBuiltin(t)
	partial := 0
	for _, p := range c.AllPortals() {
		for _, k := range p.KindList() {
			g, err := c.Guide(k, "abm", p.ID)
			if err != nil {
				t.Fatal(err)
			}
			all := slices.Concat(g.BeforeSteps, g.PortalSteps)
			if p.ID == GenericID {
				for _, s := range all {
					if s.Generic == "" || strings.Contains(s.Note, "guide stops here") || strings.Contains(s.Note, "Generic step") {
						t.Errorf("generic guide %s step %q: Generic %q, note %q", k, s.Text, s.Generic, s.Note)
					}
				}
				continue
			}
			if g.Coverage.Partial {
				partial++
				checkGenericLabels(t, g)
			}
		}
	}
	if partial == 0 {
		t.Error("no partial guide checked")
	}
}
