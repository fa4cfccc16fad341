package check

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/mdmtoken/mdmtoken/internal/textwrap"
	"github.com/mdmtoken/mdmtoken/token"
	"golang.org/x/term"
)

// Format is an output format of the check command.
type Format string

// The output formats.
const (
	FormatText       Format = "text"       // one readable block per file and a summary line
	FormatJSON       Format = "json"       // an array with one object per file
	FormatPrometheus Format = "prometheus" // text exposition format for node_exporter's textfile collector
)

// Formats lists the valid formats, for messages and help.
var Formats = []Format{FormatText, FormatJSON, FormatPrometheus}

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q: use text, json or prometheus", s)
}

// ParseExpect reads an --expect value: vpp, dep or push.
func ParseExpect(s string) (token.Kind, error) {
	switch strings.ToLower(s) {
	case string(token.KindVPP):
		return token.KindVPP, nil
	case string(token.KindDEP):
		return token.KindDEP, nil
	case string(token.KindPush):
		return token.KindPush, nil
	}
	return "", fmt.Errorf("unknown kind %q: use vpp (Apps and Books content token), dep (Automated Device Enrollment server token) or push (APNs push certificate)", s)
}

// ColorProfile decides the color profile for text written to out: no color
// (NoTTY) when NO_COLOR is set to any non-empty value or out is not a
// terminal, unless CLICOLOR_FORCE asks for color; otherwise what the
// terminal supports. environ is os.Environ() or a test's stand-in.
func ColorProfile(out io.Writer, environ []string) colorprofile.Profile {
	for _, kv := range environ {
		if v, ok := strings.CutPrefix(kv, "NO_COLOR="); ok && v != "" {
			return colorprofile.NoTTY
		}
	}
	return colorprofile.Detect(out, environ)
}

// TerminalWidth is the width in columns of out when it is a terminal,
// else 0: text for a file or a pipe is not wrapped.
func TerminalWidth(out io.Writer) int {
	f, ok := out.(*os.File)
	if !ok {
		return 0
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil || cols <= 0 {
		return 0
	}
	return cols
}

// StatusText names a status in words, for people.
func StatusText(s token.Status) string {
	switch s {
	case token.StatusOK:
		return "OK"
	case token.StatusExpiring:
		return "EXPIRING SOON"
	case token.StatusExpired:
		return "EXPIRED"
	case token.StatusStale:
		return "STALE (an old download, not a new one)"
	case token.StatusWrongKind:
		return "WRONG KIND OF FILE"
	case token.StatusWrongServer:
		return "WRONG MDM SERVER (made for another server's key)"
	case token.StatusInvalid:
		return "INVALID"
	case token.StatusUnverified:
		return "UNVERIFIED (its expiry is unknown)"
	case token.StatusRepaired:
		return "REPAIRED TO BE READ (the MDM will probably reject this copy)"
	case token.StatusMismatch:
		return "MISMATCH (not the credential it replaces)"
	case StatusNoneFound:
		return "NONE FOUND (no token or push certificate in this folder)"
	}
	return strings.ToUpper(string(s))
}

// statusOrder lists the statuses from fine to broken, for the summary.
var statusOrder = []token.Status{
	token.StatusOK, StatusReplaced, token.StatusExpiring, token.StatusStale, token.StatusRepaired, token.StatusUnverified,
	token.StatusExpired, token.StatusWrongKind, token.StatusWrongServer, token.StatusMismatch, token.StatusInvalid,
}

// summary is a one-line count of the reports by status, e.g. "3 files
// checked: 1 ok, 1 expiring, 1 invalid", or for a folder in which nothing
// was judged (StatusNoneFound) "No VPP content token, DEP server token or
// APNs push certificate found in Downloads", followed by the number of
// related files not judged and other files skipped: "1 file checked: 1 ok;
// 2 related files not judged; 3 other files skipped".
func summary(reports []token.Report, related, skipped int) string {
	var checked []token.Report
	var none []string
	for _, r := range reports {
		if r.Status == StatusNoneFound {
			none = append(none, r.File)
		} else {
			checked = append(checked, r)
		}
	}
	var parts []string
	if len(checked) > 0 {
		parts = append(parts, filesChecked(checked))
	}
	switch len(none) {
	case 0:
	case 1:
		parts = append(parts, "no "+lookedFor+" found in "+TextLabel(none[0]))
	default:
		parts = append(parts, fmt.Sprintf("no %s found in %d folders", lookedFor, len(none)))
	}
	if related > 0 {
		parts = append(parts, plural(related, "related file")+" not judged")
	}
	if skipped > 0 {
		parts = append(parts, plural(skipped, "other file")+" skipped")
	}
	if len(parts) == 0 {
		return "No files checked"
	}
	s := strings.Join(parts, "; ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// filesChecked counts reports by status: "3 files checked: 1 ok, 2 invalid".
func filesChecked(reports []token.Report) string {
	counts := make(map[token.Status]int)
	for _, r := range reports {
		counts[r.Status]++
	}
	var parts []string
	for _, s := range statusOrder {
		if n := counts[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
			delete(counts, s)
		}
	}
	for s, n := range counts { // statuses unknown to this version
		parts = append(parts, fmt.Sprintf("%d %s", n, s))
	}
	noun := "files"
	if len(reports) == 1 {
		noun = "file"
	}
	return fmt.Sprintf("%d %s checked: %s", len(reports), noun, strings.Join(parts, ", "))
}

var (
	styleFile    = lipgloss.NewStyle().Bold(true)
	styleLabel   = lipgloss.NewStyle().Faint(true)
	styleOK      = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Green)
	styleWarning = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Yellow)
	styleUnknown = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Magenta)
	styleProblem = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Red)
)

// SeverityStyle is the color of a severity in text output: green for ok,
// yellow for a warning, magenta for unknown, red for a problem.
func SeverityStyle(s token.Severity) lipgloss.Style {
	switch s {
	case token.SeverityOK:
		return styleOK
	case token.SeverityWarning:
		return styleWarning
	case SeverityUnknown:
		return styleUnknown
	}
	return styleProblem
}

// Headline is the first line of text output, as Nagios and Icinga show a
// plugin's first line: "mdmtoken OK: " (or WARNING, UNKNOWN, CRITICAL)
// and the summary, colored by the severity.
func Headline(s token.Severity, summary string) string {
	return textLayout{styled: true}.headline(s, summary)
}

// worstSeverity is the worst severity among the reports (see rank);
// SeverityOK for none.
func worstSeverity(reports []token.Report) token.Severity {
	worst := token.SeverityOK
	for _, r := range reports {
		if s := Severity(r.Status); worse(s, worst) {
			worst = s
		}
	}
	return worst
}

// labelWidth is the width of the labels in a block ("Encrypted for");
// valueColumn is where the values start, after two spaces, the label and
// one more space.
const (
	labelWidth  = 13
	valueColumn = 2 + labelWidth + 1
)

// textLayout is how text output is laid out: the moment reports are judged
// against (for "in N days" and the time zone of dates), the width lines
// wrap at (0: none), and the color profile. Without color (NoTTY) no
// style is rendered at all, rather than rendered and then stripped.
type textLayout struct {
	now     time.Time
	width   int
	profile colorprofile.Profile
	styled  bool
}

func newTextLayout(now time.Time, profile colorprofile.Profile, width int) textLayout {
	return textLayout{now: now, width: width, profile: profile, styled: profile != colorprofile.NoTTY}
}

// render is text in style s, or text as it is when nothing is styled.
func (t textLayout) render(s lipgloss.Style, text string) string {
	if !t.styled {
		return text
	}
	return s.Render(text)
}

// write writes text to w with its styles reduced to the profile.
func (t textLayout) write(w io.Writer, text string) error {
	if t.styled {
		w = &colorprofile.Writer{Forward: w, Profile: t.profile}
	}
	_, err := io.WriteString(w, text)
	return err
}

// headline is Headline, laid out at the width.
func (t textLayout) headline(s token.Severity, summary string) string {
	line := fmt.Sprintf("mdmtoken %s: %s", nagiosWord(s), summary)
	return textwrap.Line(t.render(SeverityStyle(s), line), t.width, 2)
}

// block writes the block of r: the file's name (never wrapped, so that it
// can be copied), then one labelled line for each thing known about it,
// wrapped under its value. newer is the file of the token that replaces
// it, if one does.
func (t textLayout) block(b *strings.Builder, r token.Report, newer string) {
	line := func(label, value string) { t.line(b, label, value) }
	b.WriteString(t.render(styleFile, TextLabel(r.File)))
	b.WriteString("\n")
	if r.Kind != token.KindUnknown || r.SHA256 != "" {
		line("Kind", r.Kind.Label()) // not for a file that could not be read
	}
	line("Organization", token.Printable(r.Org))
	if r.Location != "" {
		line("Location", token.Printable(r.Location)+" (from the file name)")
	}
	line("MDM server", token.Printable(r.Server))
	line("Push topic", token.Printable(r.Topic))
	if r.Kind == token.KindPush {
		line("Common name", token.Printable(r.CommonName))
	}
	if r.Serial != "" {
		line("Serial", token.Printable(r.Serial))
	}
	line("Issuer", token.Printable(r.Issuer))
	switch {
	case r.HasExpiry():
		line("Expires", expiryText(r, t.now))
	case r.Kind == token.KindVPP || r.Kind == token.KindDEP || r.Kind == token.KindPush:
		line("Expires", "unknown")
	}
	if !r.Downloaded.IsZero() {
		line("Downloaded", r.Downloaded.In(t.now.Location()).Format("2006-01-02 15:04 MST"))
	}
	line("Format", token.Printable(r.Encoding))
	line("Cipher", token.Printable(r.Cipher))
	for i, rc := range r.Recipients {
		label := ""
		if i == 0 {
			label = "Encrypted for"
		}
		line(label, token.Printable(rc.Issuer)+", serial "+token.Printable(rc.Serial))
	}
	if r.Kind == token.KindDEP && r.Decrypted {
		line("Decrypted", "yes, with the MDM private key")
	}
	for i, s := range r.Secrets {
		label := ""
		if i == 0 {
			label = "Secrets"
		}
		line(label, token.Printable(s.Name)+" "+token.Printable(s.Masked)+" (masked)")
	}
	if newer != "" {
		// What the file alone says of it (expiring, renew it soon, upload
		// it) does not hold: a newer download beside it replaces it.
		status := t.render(SeverityStyle(Severity(StatusReplaced)), StatusText(StatusReplaced))
		if r.Status != token.StatusOK {
			status += " (on its own: " + strings.ReplaceAll(string(r.Status), "-", " ") + ")"
		}
		what, todo := replacedNote(r, newer)
		line("Status", status)
		line("Replaced", what)
		line("To do", todo)
	} else {
		status := StatusText(r.Status)
		if r.Status == token.StatusUnverified && r.HasExpiry() {
			status = "UNVERIFIED (not decrypted with the key given)"
		}
		line("Status", t.render(SeverityStyle(Severity(r.Status)), status))
		line("What", token.Printable(r.Message))
		line("To do", token.Printable(r.Action))
	}
	for _, n := range r.Notes {
		line("Note", token.Printable(n))
	}
}

// line writes one labelled line of a block, its value wrapped under
// itself; nothing for an empty value.
func (t textLayout) line(b *strings.Builder, label, value string) {
	if value == "" {
		return
	}
	head := "  " + t.render(styleLabel, fmt.Sprintf("%-*s", labelWidth, label)) + " "
	b.WriteString(textwrap.Hanging(head, value, t.width, valueColumn))
	b.WriteString("\n")
}

// relatedBlock writes the block of a related file found in a folder
// (RoleRelated): its name, what it is, that it was not judged, and its
// notes (such as a private key that others may read).
func (t textLayout) relatedBlock(b *strings.Builder, r token.Report) {
	b.WriteString(t.render(styleFile, TextLabel(r.File)))
	b.WriteString("\n")
	t.line(b, "Kind", r.Kind.Label())
	why := "NOT JUDGED (found in the folder; not a token or push certificate)"
	if r.Kind == token.KindVPP || r.Kind == token.KindDEP || r.Kind == token.KindPush {
		why = "NOT JUDGED (found in the folder; another kind than --expect asks for)"
	}
	t.line(b, "Status", t.render(styleLabel, why))
	for _, n := range r.Notes {
		t.line(b, "Note", token.Printable(n))
	}
}

// skippedText is the end of text output when files were skipped: how many
// and why (links says links or folders not followed are among them), and
// with list set each file's name and what it is.
func (t textLayout) skippedText(skipped []token.Report, links, list bool) string {
	head := plural(len(skipped), "other file") + " skipped: not tokens or certificates, by content or name"
	if len(skipped) == 1 {
		head = "1 other file skipped: not a token or certificate, by content or name"
	}
	if links {
		n := fmt.Sprintf("%d other entries", len(skipped))
		if len(skipped) == 1 {
			n = "1 other entry"
		}
		head = n + " skipped: files that are not tokens or certificates (by content or name), or links and folders not followed"
	}
	if !list {
		return textwrap.Line(head+" (--verbose lists them)", t.width, 0) + "\n"
	}
	var b strings.Builder
	b.WriteString(textwrap.Line(head+":", t.width, 0) + "\n")
	for _, r := range skipped {
		b.WriteString("  " + t.render(styleFile, TextLabel(r.File)) + "\n")
		b.WriteString(textwrap.Hanging("    ", token.Printable(r.Message), t.width, 4) + "\n")
	}
	return b.String()
}

// topicsText warns, after the blocks, when the push certificates judged
// have more than one topic: a renewal keeps the topic, so at most one
// topic can be that of the certificate an MDM uses. Empty when they have
// one topic or there are none.
func (t textLayout) topicsText(reports []token.Report) string {
	var topics []string
	files := map[string][]string{}
	for _, r := range reports {
		if r.Kind != token.KindPush || r.Topic == "" {
			continue
		}
		if _, ok := files[r.Topic]; !ok {
			topics = append(topics, r.Topic)
		}
		files[r.Topic] = append(files[r.Topic], filepath.Base(r.File))
	}
	if len(topics) < 2 {
		return ""
	}
	var b strings.Builder
	b.WriteString(textwrap.Line(fmt.Sprintf("Push certificates of %d topics were checked:", len(topics)), t.width, 0) + "\n")
	for _, topic := range topics {
		b.WriteString(textwrap.Hanging("  ", token.Printable(topic)+": "+token.Printable(strings.Join(files[topic], ", ")), t.width, 4) + "\n")
	}
	b.WriteString(textwrap.Line("A renewed certificate keeps its topic. Upload to an MDM only the one whose topic it shows for its current certificate: "+
		"one with another topic was made with Create a Certificate, and uploading it means every enrolled device must enroll again "+
		"(unless the certificates are for different MDMs). Compare two with: mdmtoken check --expect push --replaces OLD.pem NEW.pem", t.width, 0) + "\n")
	return b.String()
}

// serversText sums up, after the blocks, the DEP servers of one name
// whose usable tokens are encrypted for different MDM certificates: only
// one certificate can be this MDM's (two MDMs have a server of that name,
// or the key was changed); empty when there are none. With --cert, the
// others are wrong-server and are not counted.
func (t textLayout) serversText(reports []token.Report) string {
	var servers []string
	certs := map[string][]string{} // server: the certificates, in order
	files := map[string]map[string][]string{}
	for _, r := range reports {
		if r.Kind != token.KindDEP || r.Server == "" || len(r.Recipients) == 0 || !r.Status.AsToken() {
			continue
		}
		server := strings.ToLower(r.Server)
		cert := token.RecipientsText(r.Recipients)
		if files[server] == nil {
			servers, files[server] = append(servers, server), map[string][]string{}
		}
		if _, ok := files[server][cert]; !ok {
			certs[server] = append(certs[server], cert)
		}
		files[server][cert] = append(files[server][cert], filepath.Base(r.File))
	}
	var b strings.Builder
	for _, server := range servers {
		if len(certs[server]) < 2 {
			continue
		}
		if b.Len() == 0 {
			b.WriteString(textwrap.Line("Tokens of one DEP server name are encrypted for different MDM certificates:", t.width, 0) + "\n")
		}
		for _, cert := range certs[server] {
			b.WriteString(textwrap.Hanging("  ", token.Printable(cert)+": "+token.Printable(strings.Join(files[server][cert], ", ")), t.width, 4) + "\n")
		}
	}
	if b.Len() == 0 {
		return ""
	}
	b.WriteString(textwrap.Line("Only one certificate can be the MDM's: another MDM has a server of the same name, or the MDM's key was changed. "+
		"Check them with the MDM's certificate (--cert) to know which tokens are its own.", t.width, 0) + "\n")
	return b.String()
}

// expiryText is the expiry date with the days left, e.g.
// "2027-11-23 14:05 UTC, in 364 days (estimated)".
func expiryText(r token.Report, now time.Time) string {
	s := r.Expires.In(now.Location()).Format("2006-01-02 15:04 MST")
	switch when := r.ExpiryFromNow(now); {
	case when == "today" && r.Expires.After(now):
		s += ", expires today"
	case when == "today":
		s += ", expired today"
	case r.Expires.After(now):
		s += ", " + when
	default:
		s += ", expired " + when
	}
	if r.ExpiresEstimated {
		s += " (estimated)"
	}
	return s
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// jsonReport is the JSON form of a report. Unknown values are null; lists
// are never null.
type jsonReport struct {
	File             string          `json:"file"`
	Kind             token.Kind      `json:"kind"`
	Status           token.Status    `json:"status"`
	Severity         string          `json:"severity"`
	Org              *string         `json:"org"`
	Location         *string         `json:"location"`
	Server           *string         `json:"server"`
	Topic            *string         `json:"topic"`
	Expires          *string         `json:"expires"`
	ExpiresEstimated bool            `json:"expires_estimated"`
	DaysLeft         *int            `json:"days_left"`
	Downloaded       *string         `json:"downloaded"`
	Encoding         *string         `json:"encoding"`
	Cipher           *string         `json:"cipher"`
	Recipients       []jsonRecipient `json:"recipients"`
	Decrypted        bool            `json:"decrypted"`
	Secrets          []jsonSecret    `json:"secrets"`
	Message          string          `json:"message"`
	Action           string          `json:"action"`
	Notes            []string        `json:"notes"`
	Size             int64           `json:"size"`
	SHA256           *string         `json:"sha256"`
	ReplacedBy       *string         `json:"replaced_by,omitempty"`
	OwnStatus        token.Status    `json:"own_status,omitempty"`
}

type jsonRecipient struct {
	Issuer string `json:"issuer"`
	Serial string `json:"serial"`
}

type jsonSecret struct {
	Name   string `json:"name"`
	Masked string `json:"masked"`
}

// nagiosWord is a severity as monitoring plugins name it.
func nagiosWord(s token.Severity) string {
	switch s {
	case token.SeverityOK:
		return "OK"
	case token.SeverityWarning:
		return "WARNING"
	case SeverityUnknown:
		return "UNKNOWN"
	}
	return "CRITICAL"
}

// SeverityText names a severity: ok, warning, unknown or problem.
func SeverityText(s token.Severity) string {
	switch s {
	case token.SeverityOK:
		return "ok"
	case token.SeverityWarning:
		return "warning"
	case SeverityUnknown:
		return "unknown"
	}
	return "problem"
}

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
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// toJSON is the JSON form of r; newer is the file of the token that
// replaces it, if one does.
func toJSON(r token.Report, newer string) jsonReport {
	j := jsonReport{
		File:             FileLabel(r.File),
		Kind:             r.Kind,
		Status:           r.Status,
		Severity:         SeverityText(Severity(r.Status)),
		Org:              optString(r.Org),
		Location:         optString(r.Location),
		Server:           optString(r.Server),
		Topic:            optString(r.Topic),
		Expires:          optTime(r.Expires),
		ExpiresEstimated: r.HasExpiry() && r.ExpiresEstimated,
		Downloaded:       optTime(r.Downloaded),
		Encoding:         optString(r.Encoding),
		Cipher:           optString(r.Cipher),
		Recipients:       []jsonRecipient{},
		Decrypted:        r.Decrypted,
		Secrets:          []jsonSecret{},
		Message:          r.Message,
		Action:           r.Action,
		Notes:            []string{},
		Size:             r.Size,
		SHA256:           optString(r.SHA256),
	}
	if j.Kind == "" {
		j.Kind = token.KindUnknown
	}
	if r.HasExpiry() {
		d := r.DaysLeft
		j.DaysLeft = &d
	}
	for _, rc := range r.Recipients {
		j.Recipients = append(j.Recipients, jsonRecipient(rc))
	}
	for _, s := range r.Secrets {
		j.Secrets = append(j.Secrets, jsonSecret{Name: s.Name, Masked: s.Masked})
	}
	j.Notes = append(j.Notes, r.Notes...)
	if newer != "" {
		j.OwnStatus, j.Status, j.Severity = r.Status, StatusReplaced, SeverityText(Severity(StatusReplaced))
		by := FileLabel(newer)
		j.ReplacedBy = &by
		what, todo := replacedNote(r, newer)
		j.Message, j.Action = "Replaced "+what+".", todo
	}
	return j
}

// Prometheus metric names.
const (
	MetricValid     = "mdmtoken_token_valid"
	MetricExpiry    = "mdmtoken_token_expiry_timestamp_seconds"
	MetricEstimated = "mdmtoken_token_expiry_estimated"
	MetricInfo      = "mdmtoken_token_info"
)

// WritePrometheus writes the reports in the Prometheus text exposition
// format, for node_exporter's textfile collector. Every metric is a gauge
// labelled with file, kind, org, location, server and topic (PromLabels):
//
//   - mdmtoken_token_valid: 1 when the file is a usable token (ok, expiring
//     or stale), 0 otherwise, also when its expiry is unknown (unverified)
//     or the MDM will probably reject the copy (repaired);
//   - mdmtoken_token_expiry_timestamp_seconds: expiry as Unix time, only for
//     files whose expiry is known;
//   - mdmtoken_token_expiry_estimated: 1 when that expiry is estimated;
//   - mdmtoken_token_info: always 1, with the status as an extra label.
//
// A folder in which nothing was judged (StatusNoneFound) has a valid and
// an info sample too, so that an alert on valid == 0 fires for it. A token
// that a newer one beside it replaces (StatusReplaced) has only its info
// sample: alerts on validity and expiry are about the tokens in use. An
// invalid file has no expiry samples: the date it states (from its name,
// say) is no token's in use.
func WritePrometheus(w io.Writer, reports []token.Report) error {
	var b strings.Builder
	family := func(name, help string, sample func(r token.Report) (labels string, value string, ok bool)) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name)
		for _, r := range reports {
			if labels, v, ok := sample(r); ok {
				fmt.Fprintf(&b, "%s{%s} %s\n", name, labels, v)
			}
		}
	}
	family(MetricValid,
		"1 if the file is a usable token or push certificate (status ok, expiring or stale), 0 if not; no sample for one a newer one beside it replaces (status replaced).",
		func(r token.Report) (string, string, bool) {
			return PromLabels(r), boolValue(r.Status.Usable()), r.Status != StatusReplaced
		})
	family(MetricExpiry,
		"Expiry of the token as a Unix timestamp in seconds; absent when unknown.",
		func(r token.Report) (string, string, bool) {
			if !r.HasExpiry() || r.Status == StatusReplaced || r.Status == token.StatusInvalid {
				return "", "", false
			}
			return PromLabels(r), strconv.FormatInt(r.Expires.Unix(), 10), true
		})
	family(MetricEstimated,
		"1 if the expiry is estimated (DEP token: download time plus one year), 0 if exact.",
		func(r token.Report) (string, string, bool) {
			if !r.HasExpiry() || r.Status == StatusReplaced || r.Status == token.StatusInvalid {
				return "", "", false
			}
			return PromLabels(r), boolValue(r.ExpiresEstimated), true
		})
	family(MetricInfo,
		"Always 1; the status label is the verdict on the file (ok, expiring, expired, stale, unverified, repaired, wrong-kind, wrong-server, mismatch, invalid, or replaced: a newer token of its DEP server or VPP location, or a newer push certificate of its topic, is in the same folder) or on a folder with nothing to judge (none-found); from mdmtoken due also reset (a download during another renewal reset the token in use).",
		func(r token.Report) (string, string, bool) {
			return PromLabels(r) + `,status="` + promEscape(string(r.Status)) + `"`, "1", true
		})
	_, err := io.WriteString(w, b.String())
	return err
}

func boolValue(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// PromLabels is the label set of a report's series, escaped for the text
// format: file (as the text output shows it, TextLabel), kind, org, location (a content token's, from its file
// name, without a browser's " (1)"), server and topic (a push
// certificate's), each empty when not known.
func PromLabels(r token.Report) string {
	kind := r.Kind
	if kind == "" {
		kind = token.KindUnknown
	}
	location := ""
	if r.Kind == token.KindVPP {
		location = r.LocationName()
	}
	return `file="` + promEscape(TextLabel(r.File)) +
		`",kind="` + promEscape(string(kind)) +
		`",org="` + promEscape(r.Org) +
		`",location="` + promEscape(location) +
		`",server="` + promEscape(r.Server) +
		`",topic="` + promEscape(r.Topic) + `"`
}

// promEscape escapes a label value as the text format requires: backslash,
// double quote and line feed, after token.Printable has made every control,
// bidirectional or invisible character visible (a file of metrics is read
// on terminals too).
func promEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(token.Printable(s))
}
