package sync

// What a stored figure is, from the SDK's description of its metrics
// (reports.MetricInfo, generated from the field docs): its kind and unit
// for metric_info, its name pattern and list key, its weight, and whether
// it is stored at all. Nothing here classifies a metric by its name: Infos
// does.

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/helpscout-go/reports"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/catalog"
	"github.com/helpscout-go/reports/cmd/hsreports/internal/sync/store"
)

// MetricInfo is what a metric of a report's result is, as the SDK
// describes it (reports.MetricInfo): Name with list keys as "*"
// ("users.*.replies", "current.customersHelped"), Kind (count, distinct,
// average, percent, score, id, code...), Unit, Weight (the Name of the
// metric that weights it, or ""), Comparison (a previous range's figure or
// a change) and Description.
type MetricInfo struct {
	Name, Kind, Unit, Weight string
	Comparison               bool
	Description              string
}

// Infos lists what every metric a result of result's type can give is:
// reports.MetricInfos, converted.
func Infos(result any) []MetricInfo {
	infos := reports.MetricInfos(result)
	out := make([]MetricInfo, len(infos))
	for i, m := range infos {
		out[i] = MetricInfo{Name: m.Name, Kind: string(m.Kind), Unit: string(m.Unit), Weight: m.Weight, Comparison: m.Comparison, Description: m.Description}
	}
	return out
}

// describer is store.Describe over Infos: the metrics of each report, and
// the concrete names met, matched to their patterns once.
type describer struct {
	infos   func(result any) []MetricInfo
	reports map[string]*reportInfos
}

// reportInfos are the infos of one report, by pattern ("current." left
// out, as sync stores names), and the names matched so far.
type reportInfos struct {
	list    []MetricInfo
	byParts map[int][]*MetricInfo // by number of segments
	matched map[string]match
}

// match is what a concrete name is.
type match struct {
	info   *MetricInfo // nil: not described
	item   string
	weight string
}

func newDescriber(infos func(result any) []MetricInfo) *describer {
	if infos == nil {
		return nil
	}
	return &describer{infos: infos, reports: map[string]*reportInfos{}}
}

// describe is d as a store.Describe: nil when d is.
func (d *describer) describe() store.Describe {
	if d == nil {
		return nil
	}
	return d
}

// stored is the name a figure of reports.Metrics is stored under: the
// current range's figures without "current.".
func stored(name string) string { return strings.TrimPrefix(name, "current.") }

// of is the infos of report.
func (d *describer) of(report string) *reportInfos {
	if r, ok := d.reports[report]; ok {
		return r
	}
	r := &reportInfos{byParts: map[int][]*MetricInfo{}, matched: map[string]match{}}
	if rep, ok := catalog.Find(report); ok {
		for _, i := range d.infos(zeroOf(rep)) {
			i.Name, i.Weight = stored(i.Name), stored(i.Weight)
			r.list = append(r.list, i)
		}
	}
	for k := range r.list {
		i := &r.list[k]
		n := strings.Count(i.Name, ".") + 1
		r.byParts[n] = append(r.byParts[n], i)
	}
	d.reports[report] = r
	return r
}

// zeroOf is a nil pointer of report's result type, which is all
// reports.MetricInfos needs.
func zeroOf(r catalog.Report) any {
	return reflect.New(r.Info().Result).Interface()
}

// match finds what name (as stored) is: its pattern, the list keys in it,
// and the concrete name of its weight.
func (r *reportInfos) match(name string) match {
	if m, ok := r.matched[name]; ok {
		return m
	}
	parts := strings.Split(name, ".")
	var m match
	for _, i := range r.byParts[len(parts)] {
		var keys []string
		ok := true
		for k, seg := range strings.Split(i.Name, ".") {
			if seg == "*" {
				keys = append(keys, parts[k])
			} else if seg != parts[k] {
				ok = false
				break
			}
		}
		if ok {
			m = match{info: i, item: strings.Join(keys, ".")}
			if i.Weight != "" {
				m.weight = fill(i.Weight, keys)
			}
			break
		}
	}
	r.matched[name] = m
	return m
}

// fill puts the list keys of a metric, in order, into the "*"s of its
// weight's pattern: the weight is in the metric's own object or one
// enclosing it, so its keys are the metric's first ones.
func fill(pattern string, keys []string) string {
	parts := strings.Split(pattern, ".")
	k := 0
	for i, p := range parts {
		if p == "*" && k < len(keys) {
			parts[i] = keys[k]
			k++
		}
	}
	return strings.Join(parts, ".")
}

// Metric implements store.Describe.
func (d *describer) Metric(report, name string) (store.Info, string, string, bool, string) {
	m := d.of(report).match(name)
	if m.info == nil {
		return store.Info{Report: report, Metric: name}, "", "", true, ""
	}
	i := m.info
	info := store.Info{Report: report, Metric: i.Name, Kind: i.Kind, Unit: i.Unit, Weight: i.Weight, Description: i.Description}
	switch {
	case i.Comparison:
		return info, m.item, m.weight, false, "a previous range's figure or a change"
	case i.Kind == "id":
		return info, m.item, m.weight, false, "an id"
	}
	return info, m.item, m.weight, true, ""
}

// rowsOf are the stored figures of one answer: what a bucket means, no
// comparison figure and no id as a value (ids are in the names), each with
// its pattern, item and weight's value.
func (d *describer) rowsOf(report string, ms []reports.Metric) []store.Row {
	rows := make([]store.Row, 0, len(ms))
	if d == nil {
		for _, m := range ms {
			name := stored(m.Name)
			rows = append(rows, store.Row{Metric: name, Pattern: name, Value: m.Value})
		}
		return rows
	}
	values := make(map[string]float64, len(ms))
	for _, m := range ms {
		values[stored(m.Name)] = m.Value
	}
	for _, m := range ms {
		name := stored(m.Name)
		info, item, weight, keep, _ := d.Metric(report, name)
		if !keep {
			continue
		}
		row := store.Row{Metric: name, Pattern: info.Metric, Item: item, Value: m.Value}
		if w, ok := values[weight]; ok && weight != "" {
			row.Weight = &w
		}
		rows = append(rows, row)
	}
	return rows
}

// infosOf are the rows of metric_info of report: every metric it can store.
func (d *describer) infosOf(report string) []store.Info {
	if d == nil {
		return nil
	}
	var out []store.Info
	for _, i := range d.of(report).list {
		if i.Comparison || i.Kind == "id" {
			continue
		}
		out = append(out, store.Info{Report: report, Metric: i.Name, Kind: i.Kind, Unit: i.Unit, Weight: i.Weight, Description: i.Description})
	}
	return out
}

// usersOf are the users a report's answer names, by id: the reports' own
// user lists.
func usersOf(v any) []store.User {
	var out []store.User
	switch r := v.(type) {
	case *reports.CompanyResult:
		for _, u := range r.Users {
			if id, err := parseID(u.User); err == nil {
				out = append(out, store.User{ID: id, Name: u.Name})
			}
		}
	case *reports.PhoneResult:
		for _, u := range r.Users {
			out = append(out, store.User{ID: u.ID, Name: u.Name})
		}
	}
	return out
}

// parseID reads a user id the API sends as text.
func parseID(s string) (int64, error) { return strconv.ParseInt(strings.TrimSpace(s), 10, 64) }
