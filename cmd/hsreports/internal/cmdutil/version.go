package cmdutil

import (
	"regexp"
	"runtime"
	"runtime/debug"

	"github.com/helpscout-go/reports"
)

// Linked, when set, is the version hsreports prints, ahead of the build
// info's: main sets it from its own version, which .goreleaser.yaml links
// as the release's tag, as
//
//	go build -ldflags "-X main.version=v1.2.3" ./cmd/hsreports
//
// does by hand.
var Linked string

// devel is the version the go command records for a main module built from
// a directory (a checkout) rather than from a published version.
const devel = "(devel)"

// pseudoVersion matches the go command's pseudo-versions, which name a
// commit rather than a release: v0.0.0-20261207012416-0123456789ab,
// v1.2.4-0.20261207012416-0123456789ab, v1.2.3-rc.1.0.20261207012416-...,
// with +dirty or other build metadata after them.
var pseudoVersion = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+-(.*\.)?[0-9]{14}-[0-9a-f]{12}(\+.*)?$`)

// BuildVersion is the version this binary was built at, as `hsreports
// version` prints it (as JSON with --format json).
type BuildVersion struct {
	// Version is v1.2.3 for a binary of `go install ...@v1.2.3` or of a
	// release archive; "(devel)" for one built from a checkout, followed
	// by the commit when the build recorded it: "(devel) 0123456789ab",
	// "-dirty" appended when the checkout had uncommitted changes (a
	// checkout at the command's tag cmd/hsreports/v1.2.3 gives v1.2.3);
	// the pseudo-version of `go install ...@<commit>`.
	Version string `json:"version"`
	// Library is the version of github.com/helpscout-go/reports in the
	// binary, which its User-Agent names (reports.Version).
	Library string `json:"library"`
	// Go is the Go release that built it.
	Go string `json:"go"`
	// Revision and Modified are the checkout's commit and whether it had
	// uncommitted changes, where the build recorded them (vcs.revision,
	// vcs.modified).
	Revision string `json:"revision,omitempty"`
	Modified bool   `json:"modified,omitempty"`
}

// CurrentVersion is the version of the running binary.
func CurrentVersion() BuildVersion {
	info, ok := debug.ReadBuildInfo()
	v := versionOf(Linked, info, ok)
	v.Library, v.Go = reports.Version, runtime.Version()
	return v
}

// versionOf is the version of a binary linked with the version linked
// ("" if none) whose build info is info (ok false: none).
func versionOf(linked string, info *debug.BuildInfo, ok bool) BuildVersion {
	var v BuildVersion
	if ok && info != nil {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Revision = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	built := ""
	if ok && info != nil && info.Main.Version != devel {
		built = info.Main.Version
	}
	switch {
	case linked != "":
		v.Version = linked
	case built != "" && !pseudoVersion.MatchString(built):
		// A release: go install ...@v1.2.3, or a build of a checkout at
		// its tag cmd/hsreports/v1.2.3 (v1.2.3+dirty with changes).
		v.Version = built
	case v.Revision != "":
		// A checkout. The go command stamps it with a pseudo-version
		// (v0.0.0-20261207012416-0123456789ab+dirty) unless -buildvcs=false.
		v.Version = devel + " " + shortRevision(v.Revision)
		if v.Modified {
			v.Version += "-dirty"
		}
	case built != "":
		// go install ...@<commit>: the pseudo-version names the commit.
		v.Version = built
	default:
		v.Version = devel
	}
	return v
}

// shortRevision is a commit's first 12 characters, as a pseudo-version
// names it.
func shortRevision(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}
