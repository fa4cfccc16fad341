package steps

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mdmtoken/mdmtoken/token"
)

// The seed documents are the vendor pages the built-in Relution and Hexnode
// guides follow. They live in shared/seeds beside the repository.
const seedsDir = "../../shared/seeds"

// section is the part of a Guide a seed line must be found in.
type section int

const (
	inAppleSteps section = iota
	inPortalSteps
	inCaveats
	inErrors
)

func (s section) String() string {
	return [...]string{"Apple steps", "portal steps", "caveats", "errors"}[s]
}

// cover says how one seed line is covered. All phrases must appear in one
// item of the section: one step (text, detail, note, warning), one caveat or
// one error. Steps must be found in the seed's order.
type cover struct {
	line    string     // the seed line without its bullet or number; a prefix of 30+ characters is enough
	kind    token.Kind // the guide kind; empty means both
	in      section    // where to look
	phrases []string
	skip    string // why the line needs no coverage: heading, caption, background
}

type seed struct {
	file   string
	portal string
	apples []string // the Apple variants the seed describes
	lines  []cover
}

var seeds = []seed{
	{
		file:   "relution-extend-vpp-and-dep.txt",
		portal: "relution",
		apples: []string{"abm", "asm"},
		lines: []cover{
			{line: "Extend VPP and DEP", skip: "title"},
			{line: "Introduction", skip: "heading"},
			{line: "Apple VPP and DEP tokens are valid for a maximum of 1 year", in: inCaveats, phrases: []string{"valid for one year"}},
			{line: "Extend VPP Token", skip: "heading"},
			{line: "Apple", skip: "heading"},
			{line: "Log in to Apple School Manager or Apple Business Manager.", kind: token.KindVPP, in: inAppleSteps, phrases: []string{"sign in to apple"}},
			{line: "Click on the logged-in user in the bottom left corner.", kind: token.KindVPP, in: inAppleSteps, phrases: []string{"logged-in user in the bottom left corner"}},
			{line: "Go to Settings.", kind: token.KindVPP, in: inAppleSteps, phrases: []string{"settings"}},
			{line: "Select Payments and Billing.", kind: token.KindVPP, in: inAppleSteps, phrases: []string{"select payments and billing"}},
			{line: "Download the content token for the corresponding location. The file has", kind: token.KindVPP, in: inAppleSteps,
				phrases: []string{"content token for the corresponding location", "stoken_for_<location>.vpptoken"}},
			{line: "Relution", skip: "heading"},
			{line: "Log in to the Relution Portal.", kind: token.KindVPP, in: inPortalSteps, phrases: []string{"log in to the relution portal"}},
			{line: "Switch to the relevant organization.", kind: token.KindVPP, in: inPortalSteps, phrases: []string{"switch to the relevant organization"}},
			{line: "Go to Settings.", kind: token.KindVPP, in: inPortalSteps, phrases: []string{"go to settings"}},
			{line: "Select Accountunder Volume Purchase Program (VPP) and then the token via", kind: token.KindVPP, in: inPortalSteps,
				phrases: []string{"account under volume purchase program (vpp)", "3-dot menu"}},
			{line: "Click on Update Token.", kind: token.KindVPP, in: inPortalSteps, phrases: []string{"click on update token"}},
			{line: "Select the previously downloaded file sToken_for_.$Location.vpptoken.", kind: token.KindVPP, in: inPortalSteps,
				phrases: []string{"previously downloaded file", ".vpptoken"}},
			{line: "Click Update Token again to complete the process.", kind: token.KindVPP, in: inPortalSteps, phrases: []string{"update token again"}},
			{line: "Extend DEP Token", skip: "heading"},
			{line: "Apple", skip: "heading"},
			{line: "Log in to Apple School Manager or Apple Business Manager.", kind: token.KindDEP, in: inAppleSteps, phrases: []string{"sign in to apple"}},
			{line: "Click on the logged-in user in the bottom left corner.", kind: token.KindDEP, in: inAppleSteps, phrases: []string{"logged-in user in the bottom left corner"}},
			{line: "Go to Settings.", kind: token.KindDEP, in: inAppleSteps, phrases: []string{"settings"}},
			{line: "Under Your MDM Servers, select the corresponding server.", kind: token.KindDEP, in: inAppleSteps, phrases: []string{"under your mdm servers, select"}},
			{line: "Download the token via Download MDM Server Token.", kind: token.KindDEP, in: inAppleSteps, phrases: []string{"download mdm server token"}},
			{line: "A message will appear: Downloading a new MDM server token will reset your existing token.", kind: token.KindDEP, in: inAppleSteps,
				phrases: []string{"downloading a new mdm server token will reset your existing token"}},
			{line: "Click Download MDM Server Token again. The file has the format *_smime.p7m.", kind: token.KindDEP, in: inAppleSteps,
				phrases: []string{"download mdm server token again", "_smime.p7m"}},
			{line: "Relution", skip: "heading"},
			{line: "Log in to the Relution Portal.", kind: token.KindDEP, in: inPortalSteps, phrases: []string{"log in to the relution portal"}},
			{line: "Switch to the relevant organization.", kind: token.KindDEP, in: inPortalSteps, phrases: []string{"switch to the relevant organization"}},
			{line: "Go to Settings.", kind: token.KindDEP, in: inPortalSteps, phrases: []string{"go to settings"}},
			{line: "Under Device Platform Specific, select Apple Automated Device Enrollmentand", kind: token.KindDEP, in: inPortalSteps,
				phrases: []string{"under device platform specific", "apple automated device enrollment", "3-dot menu"}},
			{line: "Click on Update Token.", kind: token.KindDEP, in: inPortalSteps, phrases: []string{"click on update token"}},
			{line: "Select the previously downloaded file *_smime.p7musingChoose.", kind: token.KindDEP, in: inPortalSteps,
				phrases: []string{"choose", "previously downloaded file", "_smime.p7m"}},
			{line: "Click Save again to complete the process.", kind: token.KindDEP, in: inPortalSteps, phrases: []string{"click save"}},
			{line: "Common Errors", skip: "heading"},
			{line: "Frequently, sToken_for_.$Location.vpptoken is uploaded instead of the DEP token", kind: token.KindDEP, in: inErrors,
				phrases: []string{"invalid token", "invalid file uploaded", "vpptoken content token is uploaded instead of the dep token"}},
			{line: "Frequently, sToken_for_.$Location.vpptoken is uploaded instead of the DEP token", kind: token.KindVPP, in: inErrors,
				phrases: []string{"invalid token", "invalid file uploaded", "_smime.p7m"}},
			{line: "The certificate required in Relution for Apple School / Business Manager has", kind: token.KindDEP, in: inCaveats,
				phrases: []string{"*.pem", "during the handshake apple provides the *_smime.p7m"}},
			{line: "The token with the extension", skip: "a list item wrapped over the next lines"},
			{line: "*_smime.p7mshould be used for DEP accounts.- The token with the extension", kind: token.KindDEP, in: inErrors,
				phrases: []string{"extension *_smime.p7m for dep accounts"}},
			{line: "sToken_for_.$Location.vpptokenshould be used for the Volume Purchase Program (VPP).- The", kind: token.KindVPP, in: inErrors,
				phrases: []string{".vpptoken for the volume purchase program (vpp)"}},
			{line: "*.pemfile is only needed when creating a new location.", kind: token.KindVPP, in: inErrors,
				phrases: []string{"*.pem file is only needed when creating a new location"}},
			{line: "*.pemfile is only needed when creating a new location.", kind: token.KindDEP, in: inCaveats,
				phrases: []string{"*.pem certificate is only needed when creating a new location"}},
		},
	},
	{
		file:   "hexnode-renew-dep-token.txt",
		portal: "hexnode",
		apples: []string{"abm"},
		lines: []cover{
			{line: "Category Filter", skip: "page navigation"},
			{line: "How to renew Apple Device Enrollment Program (DEP) Token?", skip: "title"},
			{line: "The Device Enrollment Program or DEP is Apple", skip: "background: what DEP is"},
			{line: "While enrolling an Apple device via DEP, the DEP server token obtained", kind: token.KindDEP, in: inCaveats,
				phrases: []string{"valid for one year", "dep account, configuration profiles, dep devices and sync options"}},
			{line: "While enrolling an Apple device via DEP, the DEP server token obtained", kind: token.KindDEP, in: inCaveats,
				phrases: []string{"banner", "nearing expiry", "admin > apple dep > dep accounts"}},
			{line: "If the Hexnode subscription license has expired, the DEP account cannot", kind: token.KindDEP, in: inCaveats,
				phrases: []string{"subscription license has expired", "cannot be synced", "renew the subscription plan first"}},
			{line: "The DEP server token must be renewed using the same Apple ID that was used", kind: token.KindDEP, in: inCaveats,
				phrases: []string{"same apple id that was used to generate it initially"}},
			{line: "The DEP token will also have to be renewed if the Apple ID of the user who", kind: token.KindDEP, in: inCaveats,
				phrases: []string{"apple id of the user who downloaded it is changed"}},
			{line: "Renewing Apple DEP token", skip: "heading"},
			{line: "Following are the steps by which Apple DEP token can be updated:", skip: "introduces the steps"},
			{line: "Login to Apple Business Manager.", kind: token.KindDEP, in: inAppleSteps, phrases: []string{"sign in to apple business manager"}},
			{line: "At the bottom left corner of the page, click on Settings.", kind: token.KindDEP, in: inAppleSteps,
				phrases: []string{"at the bottom left corner of the page, click on settings"}},
			{line: "Under MDM Servers, select the respective server.", kind: token.KindDEP, in: inAppleSteps, phrases: []string{"mdm servers", "select the server"}},
			{line: "MDM server page in ABM", skip: "image caption"},
			{line: "Click on Download Token. A dialogue box stating", kind: token.KindDEP, in: inAppleSteps,
				phrases: []string{"download token", "new server token will reset your existing one", "download server token"}},
			{line: "Now, in the Hexnode portal, navigate to Admin > Apple DEP > DEP Accounts.", kind: token.KindDEP, in: inPortalSteps,
				phrases: []string{"hexnode portal, navigate to admin > apple dep > dep accounts"}},
			{line: "Now, in the Hexnode portal, navigate to Admin > Apple DEP > DEP Accounts.", kind: token.KindDEP, in: inPortalSteps,
				phrases: []string{"right end of the server name", "edit button"}},
			{line: "Edit DEP account page in Hexnode MDM portal", skip: "image caption"},
			{line: "The “Edit DEP Account” page will now appear. Click on the Choose file button", kind: token.KindDEP, in: inPortalSteps,
				phrases: []string{"edit dep account page", "choose file button", "upload token"}},
			{line: "The “Edit DEP Account” page will now appear. Click on the Choose file button", kind: token.KindDEP, in: inPortalSteps,
				phrases: []string{"click save", "another year"}},
		},
	},
}

var bullet = regexp.MustCompile(`^(?:[-•]\s*|\d+\.\s+)`)

// seedLines returns the non-blank lines of a seed without bullets or numbers.
func seedLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		out = append(out, strings.TrimSpace(bullet.ReplaceAllString(l, "")))
	}
	return out
}

func sameLine(seedLine, mapped string) bool {
	return seedLine == mapped || (len(mapped) >= 30 && strings.HasPrefix(seedLine, mapped))
}

var spaces = regexp.MustCompile(`\s+`)

func normalize(s string) string {
	s = strings.NewReplacer("“", `"`, "”", `"`, "’", "'", "›", ">").Replace(strings.ToLower(s))
	return spaces.ReplaceAllString(s, " ")
}

// items returns the texts of one section of a guide, one per step, caveat
// or error.
func items(g Guide, in section) []string {
	var out []string
	stepText := func(s Step) string { return s.Text + " " + s.Detail + " " + s.Note + " " + s.Warning }
	switch in {
	case inAppleSteps:
		for _, s := range g.AppleSteps {
			out = append(out, stepText(s))
		}
	case inPortalSteps:
		for _, s := range g.PortalSteps {
			out = append(out, stepText(s))
		}
	case inCaveats:
		out = append(out, g.Caveats...)
	case inErrors:
		for _, e := range g.Errors {
			out = append(out, e.Symptom+" "+e.Cause+" "+e.Fix)
		}
	}
	for i := range out {
		out[i] = normalize(out[i])
	}
	return out
}

func containsAll(s string, phrases []string) bool {
	for _, p := range phrases {
		if !strings.Contains(s, normalize(p)) {
			return false
		}
	}
	return true
}

// TestSeedCoverage checks that every step, caveat and common error of the
// seed documents is in the guide built from it. Every seed line must be
// listed in the mapping above, in order, so a changed seed fails too. The
// guide is the merged one Catalog.Guide returns for the seed's portal, so
// the vendor's own wording of Apple's steps counts where the user sees it:
// in the portal guide's apple_wording, added to the Apple step it names.
func TestSeedCoverage(t *testing.T) {
	dir := seedsDir
	if d := os.Getenv("MDMTOKEN_SEEDS"); d != "" {
		dir = d
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("seed documents not found at %s (shared/seeds beside the repository): %v", dir, err)
	}
	c := mustBuiltin(t)
	for _, sd := range seeds {
		t.Run(sd.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, sd.file))
			if err != nil {
				t.Fatal(err)
			}
			lines := seedLines(string(data))
			j := 0
			// last step index matched, per kind, Apple variant and section.
			last := map[string]int{}
			for n, l := range lines {
				if j >= len(sd.lines) || !sameLine(l, sd.lines[j].line) {
					t.Fatalf("seed line %d %q is not in the coverage mapping (next mapped line: %q)", n+1, l, mappedAt(sd.lines, j))
				}
				for ; j < len(sd.lines) && sameLine(l, sd.lines[j].line); j++ {
					cv := sd.lines[j]
					if cv.skip != "" {
						continue
					}
					kinds := []token.Kind{cv.kind}
					if cv.kind == "" {
						kinds = []token.Kind{token.KindVPP, token.KindDEP} // a line for both tokens
					}
					for _, k := range kinds {
						for _, a := range sd.apples {
							g, err := c.Guide(k, a, sd.portal)
							if err != nil {
								t.Fatal(err)
							}
							key := string(k) + "/" + a + "/" + cv.in.String()
							from := last[key]
							its := items(g, cv.in)
							found, earlier := -1, false
							for i, it := range its {
								if containsAll(it, cv.phrases) {
									if i >= from {
										found = i
										break
									}
									earlier = true
								}
							}
							switch {
							case found >= 0:
								if cv.in == inAppleSteps || cv.in == inPortalSteps {
									last[key] = found
								}
							case earlier:
								t.Errorf("%s guide %s: seed line %q is covered out of order in the %s", sd.portal, key, l, cv.in)
							default:
								t.Errorf("%s guide %s: seed line %q is not covered: no single item of the %s contains all of %q",
									sd.portal, key, l, cv.in, cv.phrases)
							}
						}
					}
				}
			}
			if j != len(sd.lines) {
				t.Errorf("the mapping has lines the seed no longer has, from %q", sd.lines[j].line)
			}
		})
	}
}

func mappedAt(cs []cover, j int) string {
	if j < len(cs) {
		return cs[j].line
	}
	return "(end of mapping)"
}
