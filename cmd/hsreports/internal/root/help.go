package root

import "github.com/helpscout-go/reports/cmd/hsreports/internal/cmdutil"

// rootHelp is the help of hsreports.
const rootHelp = `hsreports gets the reports of the Help Scout Reports API (Mailbox API 2.0),
one command per report, named after its path: "hsreports list" shows them all
with their flags. A report takes exactly the flags of its params.

Credentials: ` + cmdutil.EnvClientID + ` and ` + cmdutil.EnvClientSecret + `, an OAuth2 app's
client credentials; without them hsreports refuses to run (exit 2). With --demo
(or ` + cmdutil.EnvDemo + `=1, or ` + cmdutil.EnvDemoSDK + `=1 as the SDK's examples take) it runs
against a fake API with sample data (reportstest), in process, and says so on
stderr: sample data only when asked for. The demo data follows today: its
present is the start of the current hour (UTC), and the same present always
gives the same data.
` + cmdutil.EnvAPIURL + ` sets another API root (plain http only to a loopback host).

Dates: --start and --end take RFC 3339 (2026-11-01T09:30:00Z) or a date
(2026-11-01, its first instant in --tz); the end is excluded. --last 7d is the 7
whole days before today, --last 4w the 4 whole weeks (Monday to Sunday) before
this week, --last 3m the 3 calendar months before this month, all in --tz.
Without any of these: the last 7 days until now (from midnight UTC), compared
with the 7 days before. --compare adds the range of equal length right before.

Series: --each day|week|month gets the report once per calendar day, week
(Monday to Sunday) or month of the range, in --tz (the first and last clipped
to the range), up to 4 at once under --rate-limit: ndjson a line per bucket,
csv a row, table a row of the headline figures, json an array of {start, end,
result}. --metrics writes any report, with --each or without, as the long table
report,start,end,metric,value (every number, named by its dotted JSON path).

Output: --format table (the default on a terminal: durations, percentages,
current beside previous and the change; control characters shown escaped),
json (the default otherwise: the API's shape, lossless), ndjson (a JSON object
a line: one per conversation, rating, history entry or series point) or csv (a
header, then a row per item or point, nested objects as dotted columns; a text
cell starting with = + - @, tab or CR gets a leading ' so that spreadsheets do
not run it as a formula, unless --csv-raw). --columns chooses and orders the
columns, --no-header drops csv's header, --list makes an overall report's list
the rows. --output FILE replaces FILE only when the run succeeded. stdout
carries the data only; notices (--quiet drops them), the progress line of --all
and errors go to stderr.

Exit codes: 0 success; 1 the API or the network failed, or writing the output
did; 2 a usage error, invalid params or no credentials (nothing was sent); 75
another hsreports sync holds the database (try again later); 130
interrupted (what was written is kept, line by line; a json document is marked
"partial"); 143 terminated (SIGTERM).`
