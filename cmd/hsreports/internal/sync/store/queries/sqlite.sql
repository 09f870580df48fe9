-- The queries of the store on SQLite, by name (-- name: NAME starts one).
-- Placeholders are SQLite's own: ? in order, ?N by number.

-- name: tables
SELECT name FROM sqlite_master WHERE type IN ('table', 'view');

-- name: version_table
CREATE TABLE IF NOT EXISTS hsreports_version (version INTEGER NOT NULL, dirty INTEGER NOT NULL);

-- name: version
SELECT version, dirty FROM hsreports_version;

-- name: legacy_version
SELECT version FROM hsreports_schema;

-- name: version_delete
DELETE FROM hsreports_version;

-- name: version_set
INSERT INTO hsreports_version (version, dirty) VALUES (?, ?);

-- name: check_write
-- A write to every table sync writes that changes nothing: refused by a
-- read-only file or connection before any report is asked for.
UPDATE hsreports_version SET dirty = dirty WHERE 0;
DELETE FROM metrics WHERE 0;
DELETE FROM hsreports_buckets WHERE 0;
DELETE FROM metric_info WHERE 0;
DELETE FROM users WHERE 0;
DELETE FROM ratings WHERE 0;

-- name: stored_buckets
SELECT period_start, fetched_at, complete FROM hsreports_buckets
WHERE report = ? AND filters = ? AND granularity = ? AND tz = ?;

-- name: delete_bucket
DELETE FROM metrics WHERE report = ? AND filters = ? AND granularity = ? AND tz = ? AND period_start = ?;

-- name: upsert_bucket
INSERT INTO hsreports_buckets (report, filters, granularity, tz, period_start, period_end, period_date, complete, fetched_at, metrics)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (report, filters, granularity, tz, period_start) DO UPDATE SET period_end = excluded.period_end,
	period_date = excluded.period_date, complete = excluded.complete, fetched_at = excluded.fetched_at, metrics = excluded.metrics;

-- name: insert_metrics
-- The figures of a bucket: the bucket's columns once, then a row per figure
-- (/*rows*/ stands for "(?, ?, ?, ?, ?)" repeated, one per figure).
WITH b (report, filters, granularity, tz, period_start, period_end, period_date, complete, fetched_at) AS (VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))
INSERT INTO metrics (report, filters, granularity, tz, period_start, period_end, period_date, complete, metric, pattern, item, value, weight, fetched_at)
SELECT b.report, b.filters, b.granularity, b.tz, b.period_start, b.period_end, b.period_date, b.complete,
	r.column1, r.column2, r.column3, r.column4, r.column5, b.fetched_at
FROM b, (VALUES /*rows*/) AS r;

-- name: insert_metrics_row
(?, ?, ?, ?, ?)

-- name: upsert_metric_info
INSERT INTO metric_info (report, metric, kind, unit, weight, description) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (report, metric) DO UPDATE SET kind = excluded.kind, unit = excluded.unit, weight = excluded.weight,
	description = excluded.description;

-- name: users
SELECT id, name FROM users;

-- name: upsert_user
INSERT INTO users (id, name, updated_at) VALUES (?, ?, ?)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at;

-- name: upsert_mailbox
INSERT INTO mailboxes (id, name, slug, email, updated_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, slug = excluded.slug, email = excluded.email, updated_at = excluded.updated_at;

-- name: upsert_tag
INSERT INTO tags (id, name, slug, color, updated_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, slug = excluded.slug, color = excluded.color, updated_at = excluded.updated_at;

-- name: upsert_folder
INSERT INTO folders (id, mailbox_id, name, type, updated_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET mailbox_id = excluded.mailbox_id, name = excluded.name, type = excluded.type, updated_at = excluded.updated_at;

-- name: upsert_user_listed
-- A user as the list of users gives it (with the e-mail address).
INSERT INTO users (id, name, email, updated_at) VALUES (?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, updated_at = excluded.updated_at;

-- name: upsert_ratings
-- The ratings of a chunk, as one JSON array of objects (?1), fetched at ?2.
INSERT INTO ratings (conversation_id, thread_id, conversation_number, rating_id, rating, comment, created_at, customer_id,
	customer_name, customer_email, user_id, user_name, type, thread_created_at, fetched_at)
SELECT r.value ->> 'conversation_id', r.value ->> 'thread_id', r.value ->> 'conversation_number', r.value ->> 'rating_id',
	r.value ->> 'rating', r.value ->> 'comment', r.value ->> 'created_at', r.value ->> 'customer_id', r.value ->> 'customer_name',
	r.value ->> 'customer_email', r.value ->> 'user_id', r.value ->> 'user_name', r.value ->> 'type', r.value ->> 'thread_created_at', ?2
FROM json_each(?1) AS r WHERE true
ON CONFLICT (conversation_id, thread_id) DO UPDATE SET conversation_number = excluded.conversation_number,
	rating_id = excluded.rating_id, rating = excluded.rating, comment = excluded.comment, created_at = excluded.created_at,
	customer_id = excluded.customer_id, customer_name = excluded.customer_name, customer_email = excluded.customer_email,
	user_id = excluded.user_id, user_name = excluded.user_name, type = excluded.type,
	thread_created_at = excluded.thread_created_at, fetched_at = excluded.fetched_at;

-- name: upsert_buckets
-- Buckets' rows, as one JSON array of objects.
INSERT INTO hsreports_buckets (report, filters, granularity, tz, period_start, period_end, period_date, complete, fetched_at, metrics)
SELECT b.value ->> 'report', b.value ->> 'filters', b.value ->> 'granularity', b.value ->> 'tz', b.value ->> 'period_start',
	b.value ->> 'period_end', b.value ->> 'period_date', b.value ->> 'complete', b.value ->> 'fetched_at', b.value ->> 'metrics'
FROM json_each(?) AS b WHERE true
ON CONFLICT (report, filters, granularity, tz, period_start) DO UPDATE SET period_end = excluded.period_end,
	period_date = excluded.period_date, complete = excluded.complete, fetched_at = excluded.fetched_at, metrics = excluded.metrics;

-- name: v1_periods
SELECT DISTINCT period_start, period_end FROM hsreports_v1_metrics
UNION SELECT period_start, period_end FROM hsreports_v1_buckets;

-- name: v1_names
SELECT DISTINCT report, metric FROM hsreports_v1_metrics;

-- name: v1_period_set
INSERT INTO hsreports_v1_periods (period_start, period_end, granularity, tz, period_date) VALUES (?, ?, ?, ?, ?);

-- name: v1_name_set
INSERT INTO hsreports_v1_names (report, metric, name, pattern, item, weight_metric, reason) VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: is_ours
-- Whether a file is a database of hsreports sync (a symlink may point to it).
SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('hsreports_version', 'hsreports_schema');
