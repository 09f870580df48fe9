package main

import (
	"encoding/json"
	"os"
	"reflect"

	hssync "github.com/helpscout-go/reports/cmd/hsreports/internal/sync"
)

// stubInfos stands in for the SDK's reports.MetricInfos until it lands:
// testdata/metricinfo.json is what it gives for the results of the
// overall reports sync stores (by result type), generated from the SDK's
// field comments on the branch that adds it. The tests run sync with it;
// the command itself classifies nothing until the SDK does.
var stubInfos = func() map[string][]hssync.MetricInfo {
	b, err := os.ReadFile("testdata/metricinfo.json")
	if err != nil {
		panic(err)
	}
	var out map[string][]hssync.MetricInfo
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}()

func init() {
	hssync.Infos = func(result any) []hssync.MetricInfo {
		t := reflect.TypeOf(result)
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t == nil {
			return nil
		}
		return stubInfos[t.Name()]
	}
}
