-- Schema 2: a table dashboards can trust (issue 28).
--
-- metrics gains the bucket's size (granularity) and zone (tz) in its key, its
-- first local date (period_date), whether it was complete when fetched, and
-- what each figure is: its name pattern (pattern, list keys as *, the row of
-- metric_info), its list key (item: a user's, tag's or range's id) and the
-- value of the figure that weights it (weight). Names of users, mailboxes,
-- tags and folders, and the happiness ratings, get tables of their own.
--
-- The rows of schema 1 are kept: each stored bucket that is a whole day, week
-- or month of a zone (the step "v1" between the two parts below decides which,
-- in Go) moves with its granularity, zone and date; the figures that are
-- previous-range figures, changes or ids, and the buckets that are no whole
-- bucket of any zone tried (a clipped week), move to hsreports_v1_rows with
-- the reason, every value as it was.

ALTER TABLE metrics RENAME TO hsreports_v1_metrics;
ALTER TABLE hsreports_buckets RENAME TO hsreports_v1_buckets;
DROP TABLE hsreports_schema;

-- Filled by the step v1: what each stored period and each stored metric of
-- schema 1 is.
CREATE TABLE hsreports_v1_periods (
	period_start TEXT NOT NULL,
	period_end TEXT NOT NULL,
	granularity TEXT,
	tz TEXT,
	period_date TEXT,
	PRIMARY KEY (period_start, period_end)) WITHOUT ROWID;
CREATE TABLE hsreports_v1_names (
	report TEXT NOT NULL,
	metric TEXT NOT NULL,
	name TEXT NOT NULL,
	pattern TEXT NOT NULL,
	item TEXT NOT NULL,
	weight_metric TEXT,
	reason TEXT,
	PRIMARY KEY (report, metric)) WITHOUT ROWID;

-- hsreports:go v1

CREATE TABLE metrics (
	report TEXT NOT NULL,
	filters TEXT NOT NULL,
	granularity TEXT NOT NULL CHECK (granularity IN ('day', 'week', 'month')),
	tz TEXT NOT NULL,
	period_start TEXT NOT NULL,
	period_end TEXT NOT NULL,
	period_date TEXT NOT NULL,
	complete INTEGER NOT NULL,
	metric TEXT NOT NULL,
	pattern TEXT NOT NULL,
	item TEXT NOT NULL,
	value DOUBLE PRECISION NOT NULL,
	weight DOUBLE PRECISION,
	fetched_at TEXT NOT NULL,
	PRIMARY KEY (report, filters, granularity, tz, period_start, metric)) WITHOUT ROWID;

CREATE TABLE hsreports_buckets (
	report TEXT NOT NULL,
	filters TEXT NOT NULL,
	granularity TEXT NOT NULL,
	tz TEXT NOT NULL,
	period_start TEXT NOT NULL,
	period_end TEXT NOT NULL,
	period_date TEXT NOT NULL,
	complete INTEGER NOT NULL,
	fetched_at TEXT NOT NULL,
	metrics INTEGER NOT NULL,
	PRIMARY KEY (report, filters, granularity, tz, period_start)) WITHOUT ROWID;

CREATE TABLE metric_info (
	report TEXT NOT NULL,
	metric TEXT NOT NULL,
	kind TEXT NOT NULL,
	unit TEXT NOT NULL,
	weight TEXT NOT NULL,
	description TEXT NOT NULL,
	PRIMARY KEY (report, metric)) WITHOUT ROWID;

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	email TEXT,
	updated_at TEXT NOT NULL);
CREATE TABLE mailboxes (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	slug TEXT,
	email TEXT,
	updated_at TEXT NOT NULL);
CREATE TABLE tags (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	slug TEXT,
	color TEXT,
	updated_at TEXT NOT NULL);
CREATE TABLE folders (
	id INTEGER PRIMARY KEY,
	mailbox_id INTEGER NOT NULL,
	name TEXT NOT NULL,
	type TEXT,
	updated_at TEXT NOT NULL);

CREATE TABLE ratings (
	conversation_id INTEGER NOT NULL,
	thread_id INTEGER NOT NULL,
	conversation_number INTEGER NOT NULL,
	rating_id INTEGER,
	rating TEXT,
	comment TEXT,
	created_at TEXT,
	customer_id INTEGER,
	customer_name TEXT,
	customer_email TEXT,
	user_id INTEGER,
	user_name TEXT,
	type TEXT,
	thread_created_at TEXT,
	fetched_at TEXT NOT NULL,
	PRIMARY KEY (conversation_id, thread_id)) WITHOUT ROWID;
CREATE INDEX ratings_by_time ON ratings (created_at);

CREATE TABLE hsreports_v1_rows (
	report TEXT NOT NULL,
	filters TEXT NOT NULL,
	period_start TEXT NOT NULL,
	period_end TEXT NOT NULL,
	metric TEXT NOT NULL,
	value DOUBLE PRECISION NOT NULL,
	fetched_at TEXT NOT NULL,
	reason TEXT NOT NULL,
	PRIMARY KEY (report, filters, period_start, period_end, metric)) WITHOUT ROWID;

INSERT INTO metrics (report, filters, granularity, tz, period_start, period_end, period_date, complete, metric, pattern, item, value, weight, fetched_at)
SELECT m.report, m.filters, p.granularity, p.tz, m.period_start, m.period_end, p.period_date, 1, n.name, n.pattern, n.item, m.value, w.value, m.fetched_at
FROM hsreports_v1_metrics m
JOIN hsreports_v1_periods p ON p.period_start = m.period_start AND p.period_end = m.period_end
JOIN hsreports_v1_names n ON n.report = m.report AND n.metric = m.metric
LEFT JOIN hsreports_v1_metrics w ON w.report = m.report AND w.filters = m.filters AND w.period_start = m.period_start
	AND w.period_end = m.period_end AND w.metric = n.weight_metric
WHERE p.granularity IS NOT NULL AND n.reason IS NULL;

INSERT INTO hsreports_v1_rows (report, filters, period_start, period_end, metric, value, fetched_at, reason)
SELECT m.report, m.filters, m.period_start, m.period_end, m.metric, m.value, m.fetched_at,
	coalesce(n.reason, 'no whole day, week or month of the zones tried')
FROM hsreports_v1_metrics m
JOIN hsreports_v1_periods p ON p.period_start = m.period_start AND p.period_end = m.period_end
JOIN hsreports_v1_names n ON n.report = m.report AND n.metric = m.metric
WHERE p.granularity IS NULL OR n.reason IS NOT NULL;

INSERT INTO hsreports_buckets (report, filters, granularity, tz, period_start, period_end, period_date, complete, fetched_at, metrics)
SELECT b.report, b.filters, p.granularity, p.tz, b.period_start, b.period_end, p.period_date, 1, b.fetched_at,
	(SELECT count(*) FROM metrics m WHERE m.report = b.report AND m.filters = b.filters AND m.granularity = p.granularity
		AND m.tz = p.tz AND m.period_start = b.period_start)
FROM hsreports_v1_buckets b
JOIN hsreports_v1_periods p ON p.period_start = b.period_start AND p.period_end = b.period_end
WHERE p.granularity IS NOT NULL;

DROP TABLE hsreports_v1_metrics;
DROP TABLE hsreports_v1_buckets;
DROP TABLE hsreports_v1_periods;
DROP TABLE hsreports_v1_names;

-- The day rows with what each figure is.
CREATE VIEW metric_days AS
SELECT m.report, m.filters, m.tz, m.period_date AS day, m.period_start, m.period_end, m.complete,
	m.metric, m.item, i.kind, i.unit, m.value
FROM metrics m JOIN metric_info i ON i.report = m.report AND i.metric = m.pattern
WHERE m.granularity = 'day';

-- Weeks (Monday to Sunday, in each row's zone) and months, aggregated as each
-- kind allows: counts summed over the days, averages, percents and scores
-- with a weight weighted by it (source 'days'); the rest (distinct counts,
-- and what has no weight) read from the stored week or month rows (source
-- 'stored', present only where sync ran with --each week or month). complete:
-- every day of the period is stored and was complete.
CREATE VIEW metric_weeks AS
SELECT m.report, m.filters, m.tz,
	date(m.period_date, '-' || ((CAST(strftime('%w', m.period_date) AS INTEGER) + 6) % 7) || ' days') AS week,
	m.metric, m.item, i.kind, i.unit,
	CASE WHEN i.kind = 'count' THEN sum(m.value) ELSE sum(m.value * m.weight) / nullif(sum(m.weight), 0) END AS value,
	'days' AS source, count(*) AS days, (count(*) = 7 AND min(m.complete) = 1) AS complete
FROM metrics m JOIN metric_info i ON i.report = m.report AND i.metric = m.pattern
WHERE m.granularity = 'day' AND (i.kind = 'count' OR (i.weight <> '' AND i.kind IN ('average', 'percent', 'score')))
GROUP BY m.report, m.filters, m.tz, week, m.metric, m.item, i.kind, i.unit
UNION ALL
SELECT m.report, m.filters, m.tz, m.period_date, m.metric, m.item, i.kind, i.unit, m.value, 'stored', NULL, m.complete
FROM metrics m JOIN metric_info i ON i.report = m.report AND i.metric = m.pattern
WHERE m.granularity = 'week' AND NOT (i.kind = 'count' OR (i.weight <> '' AND i.kind IN ('average', 'percent', 'score')));

CREATE VIEW metric_months AS
SELECT m.report, m.filters, m.tz, strftime('%Y-%m-01', m.period_date) AS month,
	m.metric, m.item, i.kind, i.unit,
	CASE WHEN i.kind = 'count' THEN sum(m.value) ELSE sum(m.value * m.weight) / nullif(sum(m.weight), 0) END AS value,
	'days' AS source, count(*) AS days,
	(count(*) = CAST(julianday(date(strftime('%Y-%m-01', min(m.period_date)), '+1 month')) - julianday(strftime('%Y-%m-01', min(m.period_date))) AS INTEGER)
		AND min(m.complete) = 1) AS complete
FROM metrics m JOIN metric_info i ON i.report = m.report AND i.metric = m.pattern
WHERE m.granularity = 'day' AND (i.kind = 'count' OR (i.weight <> '' AND i.kind IN ('average', 'percent', 'score')))
GROUP BY m.report, m.filters, m.tz, month, m.metric, m.item, i.kind, i.unit
UNION ALL
SELECT m.report, m.filters, m.tz, m.period_date, m.metric, m.item, i.kind, i.unit, m.value, 'stored', NULL, m.complete
FROM metrics m JOIN metric_info i ON i.report = m.report AND i.metric = m.pattern
WHERE m.granularity = 'month' AND NOT (i.kind = 'count' OR (i.weight <> '' AND i.kind IN ('average', 'percent', 'score')));
