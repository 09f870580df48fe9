package printer

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFormatting checks the table's figures.
func TestFormatting(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    float64
		want string
	}{
		{"handleTime", 175.1, "2m55s"},
		{"responseTime", 0, "0s"},
		{"resolutionTime", 45067.4, "12h31m7s"},
		{"resolutionTime", 3 * 86400, "3d"},
		{"time", 3600, "1h"},
		{"percentResolvedOnFirstReply", 0.37333, "37.3%"}, // a fraction 0–1, as the API sends it
		{"previousPercent", 37.333, "37.3%"},
		{"great", 64.28, "64.3%"},
		{"customersHelped", 86, "86"},
		{"repliesPerDay", 10.714, "10.71"},
		{"repliesPerDay", 6.5, "6.5"},
	} {
		assert.Equal(t, tc.want, Metric(tc.name, tc.f), tc.name)
	}
	assert.Equal(t, "+10.3%", change("customersHelped", 10.26))
	assert.Equal(t, "-2.6 pts", change("notGood", -2.6))
	assert.Equal(t, "+3.6 pts", change("happinessScore", 3.58))
}
