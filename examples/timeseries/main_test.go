package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun runs the example against the fake API and checks the chart: one
// bar per day, bars proportional to the counts, and a total that adds up.
func TestRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(context.Background(), &stdout, &stderr, demoEnv))
	assert.Contains(t, stderr.String(), "fake API")

	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	assert.Equal(t, "New conversations per day, Wed 28 Oct to Thu 26 Nov (UTC)", lines[0])
	bars := lines[2 : 2+days]
	assert.True(t, strings.HasPrefix(bars[0], "Wed 28 Oct  "), bars[0])
	assert.True(t, strings.HasPrefix(bars[days-1], "Thu 26 Nov  "), bars[days-1])
	var total, most int
	longest := 0
	for _, line := range bars {
		var n int
		_, err := fmt.Sscanf(line[strings.LastIndex(line, " ")+1:], "%d", &n)
		require.NoError(t, err, line)
		total += n
		cells := utf8.RuneCountInString(strings.TrimRight(line[len("Mon _2 Jan  "):strings.LastIndex(line, " ")], " "))
		assert.LessOrEqual(t, cells, width)
		if n > most {
			most, longest = n, cells
		}
	}
	assert.Equal(t, width, longest, "the busiest day has the longest bar")
	assert.Contains(t, lines[len(lines)-1], fmt.Sprintf("Total %d, ", total))
	assert.Contains(t, lines[len(lines)-1], fmt.Sprintf(" with %d.", most))
}

// TestBar checks the bar's length in eighths of a cell.
func TestBar(t *testing.T) {
	assert.Equal(t, strings.Repeat("█", width), bar(10, 10))
	assert.Equal(t, strings.Repeat("█", width/2), bar(5, 10))
	assert.Equal(t, "▌", bar(1, width*8/4)) // half a cell
	assert.Empty(t, bar(0, 10))
	assert.Empty(t, bar(3, 0))
}

// demoEnv asks for the fake API, as HELPSCOUT_DEMO=1 in the environment does.
func demoEnv(k string) string {
	if k == "HELPSCOUT_DEMO" {
		return "1"
	}
	return ""
}
