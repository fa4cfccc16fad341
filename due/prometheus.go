package due

import (
	"io"

	"github.com/mdmtoken/mdmtoken/check"
	"github.com/mdmtoken/mdmtoken/history"
	"github.com/mdmtoken/mdmtoken/token"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
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
// texts and labels (file, kind, org, server), one series per credential,
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
	renewBy := &dto.MetricFamily{
		Name: ptr(MetricRenewBy),
		Help: ptr("The date to renew the credential by (30 days before expiry) as a Unix timestamp in seconds."),
		Type: dto.MetricType_GAUGE.Enum(),
	}
	for i, it := range r.Items {
		renewBy.Metric = append(renewBy.Metric, gauge(float64(it.RenewBy.Unix()), labels(reports[i])...))
	}
	damaged := &dto.MetricFamily{
		Name:   ptr(MetricDamaged),
		Help:   ptr("Lines of the renewal history skipped as damaged; a credential may be missing when above 0."),
		Type:   dto.MetricType_GAUGE.Enum(),
		Metric: []*dto.Metric{gauge(float64(r.Damaged))},
	}
	for _, mf := range []*dto.MetricFamily{renewBy, damaged} {
		if len(mf.Metric) == 0 {
			continue // the text format has no family without samples
		}
		if _, err := expfmt.MetricFamilyToText(w, mf); err != nil {
			return err
		}
	}
	return nil
}

// asReport is the credential as check would report its token file, named
// by the recorded file name.
func asReport(it history.Item) token.Report {
	return token.Report{
		File:             it.File,
		Kind:             it.Kind,
		Status:           it.Status,
		Org:              it.Org,
		Location:         it.Location,
		Server:           it.Server,
		Expires:          it.Expires,
		ExpiresEstimated: it.ExpiresEstimated,
		SHA256:           it.SHA256,
	}
}

// labels are check's labels of a report, in check's order.
func labels(r token.Report) []*dto.LabelPair {
	pair := func(name, value string) *dto.LabelPair {
		return &dto.LabelPair{Name: ptr(name), Value: ptr(value)}
	}
	return []*dto.LabelPair{pair("file", r.File), pair("kind", string(r.Kind)), pair("org", r.Org), pair("server", r.Server)}
}

func gauge(v float64, labels ...*dto.LabelPair) *dto.Metric {
	return &dto.Metric{Label: labels, Gauge: &dto.Gauge{Value: ptr(v)}}
}

func ptr[T any](v T) *T { return &v }
