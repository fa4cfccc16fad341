package due

import (
	"fmt"
	"io"
	"strings"

	"github.com/mdmtoken/mdmtoken/check"
	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/token"
)

// Prometheus metric names of due, in addition to check's.
const (
	MetricRenewBy = "mdmtoken_token_renew_by_timestamp_seconds"
	MetricDamaged = "mdmtoken_history_damaged_lines"
)

// WritePrometheus writes r in the Prometheus text exposition format, for
// node_exporter's textfile collector: check's metrics
// (mdmtoken_token_valid, mdmtoken_token_expiry_timestamp_seconds,
// mdmtoken_token_expiry_estimated, mdmtoken_token_info) with check's help
// texts and labels (file, kind, org, location, server, topic), one series
// per credential,
// so the same alert rules work and both outputs can share a textfile
// folder; then mdmtoken_token_renew_by_timestamp_seconds with the same
// labels, and mdmtoken_history_damaged_lines.
func WritePrometheus(w io.Writer, r Report) error {
	reports := make([]token.Report, 0, len(r.Items))
	for _, it := range r.Items {
		reports = append(reports, asReport(it))
	}
	if err := check.WritePrometheus(w, reports); err != nil {
		return err
	}
	var b strings.Builder
	gauge := func(name, help string) { fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name) }
	gauge(MetricRenewBy, "The date to renew the credential by (30 days before expiry) as a Unix timestamp in seconds.")
	for i, it := range r.Items {
		fmt.Fprintf(&b, "%s{%s} %d\n", MetricRenewBy, check.PromLabels(reports[i]), it.RenewBy.Unix())
	}
	gauge(MetricDamaged, "Lines of the renewal history skipped as damaged; a credential may be missing when above 0.")
	fmt.Fprintf(&b, "%s %d\n", MetricDamaged, r.Damaged)
	_, err := io.WriteString(w, b.String())
	return err
}

// asReport is the credential as check would report its token file, named
// by the recorded file name; a reset one has status reset, as in JSON.
func asReport(it history.Item) token.Report {
	status := it.Status
	if it.Reset() {
		status = StatusReset
	}
	return token.Report{
		File:             it.File,
		Kind:             it.Kind,
		Status:           status,
		Org:              it.Org,
		Location:         it.Location,
		Server:           it.Server,
		Topic:            it.Topic,
		Expires:          it.Expires,
		ExpiresEstimated: it.ExpiresEstimated,
		SHA256:           it.SHA256,
	}
}
