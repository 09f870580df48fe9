package reports

import (
	"runtime/debug"
	"strings"
)

// modulePath is the path of this module, as programs require it.
const modulePath = "github.com/helpscout-go/reports"

// devel is the version the go command gives a module built from a
// directory rather than from a published version.
const devel = "(devel)"

// Version is the version of this module in the running program, as the go
// command recorded it in the program's build info: "v0.1.0" in a program
// that requires github.com/helpscout-go/reports v0.1.0, the replacement's
// version where a replace directive names another module's version, and
// "(devel)" where the library is built from a directory (a checkout, a
// workspace, a replace by a directory) or the program has no build info.
// The User-Agent header of every request names it: reports-go/v0.1.0, or
// reports-go/devel. It is set when the program starts; nothing in this
// package changes it.
var Version = moduleVersion(debug.ReadBuildInfo())

// moduleVersion finds this module's version in a program's build info: in
// its dependencies, or in Main where the library is the main module (its
// own tests and examples).
func moduleVersion(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return devel
	}
	if info.Main.Path == modulePath {
		return versionOrDevel(&info.Main)
	}
	for _, m := range info.Deps {
		if m != nil && m.Path == modulePath {
			return versionOrDevel(m)
		}
	}
	return devel
}

// versionOrDevel is the version of m's code: its replacement's where it
// is replaced, and "(devel)" where there is none (a directory).
func versionOrDevel(m *debug.Module) string {
	v := m.Version
	if m.Replace != nil {
		v = m.Replace.Version
	}
	if v == "" {
		return devel
	}
	return v
}

// userAgent is the SDK's product in the User-Agent header:
// reports-go/<Version>.
func userAgent() string { return product(Version) }

// product is the User-Agent product of the SDK at version v. A product
// version is an HTTP token (RFC 9110, section 10.1.5), which "(devel)" is
// not: it is sent as "devel".
func product(v string) string { return "reports-go/" + strings.Trim(v, "()") }
