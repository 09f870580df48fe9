package cmdutil

// The completion of --tz: the zone names of the system's database.

import (
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// commonZones are offered for --tz where the system has no zone database
// to list.
var commonZones = []string{"UTC", "Europe/London", "Europe/Berlin", "Europe/Paris", "America/New_York",
	"America/Chicago", "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Tokyo",
	"Asia/Kolkata", "Asia/Singapore", "Australia/Sydney"}

// CompleteZones offers the time zone names of the system's zone database
// (else common ones) that start with what was typed; never file names.
func CompleteZones(cmd *cobra.Command, flag string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		names := zoneNames()
		if len(names) == 0 {
			names = commonZones
		}
		var out []string
		for _, n := range names {
			if strings.HasPrefix(strings.ToLower(n), strings.ToLower(toComplete)) {
				out = append(out, n)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
}

// zoneNames lists the zones of the system's database: the files of
// /usr/share/zoneinfo whose names look like Area/City (or UTC).
func zoneNames() []string {
	root := "/usr/share/zoneinfo"
	var names []string
	_ = fs.WalkDir(os.DirFS(root), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if path != "." && (strings.ToLower(path[:1]) == path[:1] || path == "Etc" || strings.HasPrefix(path, "posix") || strings.HasPrefix(path, "right")) {
				return fs.SkipDir // posix/, right/: copies; etc: not zones of places
			}
			return nil
		}
		if path == "UTC" || strings.Contains(path, "/") && !strings.Contains(path, ".") {
			names = append(names, path)
		}
		return nil
	})
	return names
}
