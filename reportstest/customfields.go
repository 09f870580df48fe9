package reportstest

import (
	"cmp"
	"slices"
	"time"

	"github.com/helpscout-go/reports"
)

// The conversations report's customFields: how the conversations of each
// custom field's mailbox answered it.

// fieldCounts counts the conversations of [start, end) that match f in the
// mailbox of custom field i (total), and those that chose each of its
// values.
func (d *dataset) fieldCounts(start, end time.Time, f *filter, i int) (total int, values []int) {
	cf := customFields[i]
	values = make([]int, len(cf.Values))
	d.each(start, end, f, 0, func(c *conversation) {
		if mailboxes[c.mailbox].ID != cf.MailboxID {
			return
		}
		total++
		if v := c.custom[fieldSlots[i]]; v > 0 {
			values[v-1]++
		}
	})
	return total, values
}

// customFields is the customFields of the request: one entry per custom
// field of the mailboxes the request filters on (all when none), its values
// by count, most chosen first. Percentages are of the field's total, the
// conversations of its mailbox; the previous totals are null unless the
// previous range was asked for (always with NullFields); unansweredDelta is
// the difference of the unanswered percentages, in points.
func (d *dataset) customFields(q *request) *reports.CustomFields {
	out := &reports.CustomFields{Fields: []reports.CustomField{}}
	for i, cf := range customFields {
		if len(q.filter.mailboxes) > 0 && !slices.Contains(q.filter.mailboxes, cf.MailboxID) {
			continue
		}
		total, counts := d.fieldCounts(q.start, q.end, &q.filter, i)
		field := reports.CustomField{ID: cf.ID, Name: cf.Name, MailboxID: cf.MailboxID, Values: []reports.CustomFieldValue{}}
		for k, v := range cf.Values {
			field.Values = append(field.Values, reports.CustomFieldValue{ID: v.ID, Name: v.Name, Count: float64(counts[k]), Percent: percent(float64(counts[k]), float64(total))})
		}
		slices.SortStableFunc(field.Values, func(a, b reports.CustomFieldValue) int { return cmp.Compare(b.Count, a.Count) })
		answered := sum(counts)
		sm := reports.CustomFieldSummary{Total: float64(total), TotalAnswered: float64(answered), UnansweredPercent: percent(float64(total-answered), float64(total))}
		if q.hasPrev {
			ptotal, pcounts := d.fieldCounts(q.pstart, q.pend, &q.filter, i)
			panswered := sum(pcounts)
			sm.UnansweredPreviousPercent = percent(float64(ptotal-panswered), float64(ptotal))
			if q.shapes&NullFields == 0 {
				pt, pa := float64(ptotal), float64(panswered)
				sm.PreviousTotal, sm.PreviousTotalAnswered = &pt, &pa
			}
		}
		sm.UnansweredDelta = round2(sm.UnansweredPercent - sm.UnansweredPreviousPercent)
		field.Summary = sm
		out.Fields = append(out.Fields, field)
	}
	out.Count = float64(len(out.Fields))
	return out
}
