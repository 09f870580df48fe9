-- The queries of the store on PostgreSQL, by name (-- name: NAME starts one).
-- Placeholders are PostgreSQL's own: $1, $2, ...

-- name: tables
SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema();

-- name: version_table
CREATE TABLE IF NOT EXISTS hsreports_version (version INTEGER NOT NULL, dirty BOOLEAN NOT NULL);

-- name: version
SELECT version, dirty FROM hsreports_version;

-- name: legacy_version
SELECT version FROM hsreports_schema;

-- name: version_delete
DELETE FROM hsreports_version;

-- name: version_set
INSERT INTO hsreports_version (version, dirty) VALUES ($1, $2);

-- name: check_write
-- A write to every table sync writes that changes nothing: refused without
-- the privileges (INSERT, UPDATE, DELETE) or in a read-only transaction
-- (a standby) before any report is asked for.
UPDATE hsreports_version SET dirty = dirty WHERE false;
INSERT INTO metrics SELECT * FROM metrics WHERE false;
UPDATE metrics SET value = value WHERE false;
DELETE FROM metrics WHERE false;
INSERT INTO hsreports_buckets SELECT * FROM hsreports_buckets WHERE false;
UPDATE hsreports_buckets SET fetched_at = fetched_at WHERE false;
INSERT INTO metric_info SELECT * FROM metric_info WHERE false;
UPDATE metric_info SET kind = kind WHERE false;
INSERT INTO users SELECT * FROM users WHERE false;
UPDATE users SET name = name WHERE false;
INSERT INTO ratings SELECT * FROM ratings WHERE false;
UPDATE ratings SET rating = rating WHERE false;

-- name: stored_buckets
SELECT period_start, fetched_at, complete FROM hsreports_buckets
WHERE report = $1 AND filters = $2 AND granularity = $3 AND tz = $4;

-- name: delete_bucket
DELETE FROM metrics WHERE report = $1 AND filters = $2 AND granularity = $3 AND tz = $4 AND period_start = $5;

-- name: upsert_bucket_and_metrics
-- A bucket in one statement: its row in hsreports_buckets (a data-modifying
-- CTE) and its figures as five arrays through unnest, atomic by itself; a
-- weight of NaN is none.
WITH bucket AS (
	INSERT INTO hsreports_buckets (report, filters, granularity, tz, period_start, period_end, period_date, complete, fetched_at, metrics)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
	ON CONFLICT (report, filters, granularity, tz, period_start) DO UPDATE SET period_end = excluded.period_end,
		period_date = excluded.period_date, complete = excluded.complete, fetched_at = excluded.fetched_at, metrics = excluded.metrics)
INSERT INTO metrics (report, filters, granularity, tz, period_start, period_end, period_date, complete, metric, pattern, item, value, weight, fetched_at)
SELECT $1, $2, $3, $4, $5, $6, $7, $8, m, p, i, v, nullif(w, 'NaN'), $9
FROM unnest($11::text[], $12::text[], $13::text[], $14::double precision[], $15::double precision[]) AS t (m, p, i, v, w);

-- name: upsert_metric_info
INSERT INTO metric_info (report, metric, kind, unit, weight, description) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (report, metric) DO UPDATE SET kind = excluded.kind, unit = excluded.unit, weight = excluded.weight,
	description = excluded.description;

-- name: users
SELECT id, name FROM users;

-- name: upsert_user
INSERT INTO users (id, name, updated_at) VALUES ($1, $2, $3)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at;

-- name: upsert_mailbox
INSERT INTO mailboxes (id, name, slug, email, updated_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, slug = excluded.slug, email = excluded.email, updated_at = excluded.updated_at;

-- name: upsert_tag
INSERT INTO tags (id, name, slug, color, updated_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, slug = excluded.slug, color = excluded.color, updated_at = excluded.updated_at;

-- name: upsert_folder
INSERT INTO folders (id, mailbox_id, name, type, updated_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (id) DO UPDATE SET mailbox_id = excluded.mailbox_id, name = excluded.name, type = excluded.type, updated_at = excluded.updated_at;

-- name: upsert_user_listed
-- A user as the list of users gives it (with the e-mail address).
INSERT INTO users (id, name, email, updated_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, updated_at = excluded.updated_at;

-- name: upsert_ratings
-- The ratings of a chunk, as one JSON array of objects ($1), fetched at $2.
INSERT INTO ratings (conversation_id, thread_id, conversation_number, rating_id, rating, comment, created_at, customer_id,
	customer_name, customer_email, user_id, user_name, type, thread_created_at, fetched_at)
SELECT r.conversation_id, r.thread_id, r.conversation_number, r.rating_id, r.rating, r.comment, r.created_at, r.customer_id,
	r.customer_name, r.customer_email, r.user_id, r.user_name, r.type, r.thread_created_at, $2
FROM jsonb_to_recordset($1::jsonb) AS r (conversation_id bigint, thread_id bigint, conversation_number bigint, rating_id integer,
	rating text, comment text, created_at timestamptz, customer_id bigint, customer_name text, customer_email text, user_id bigint,
	user_name text, type text, thread_created_at timestamptz)
ON CONFLICT (conversation_id, thread_id) DO UPDATE SET conversation_number = excluded.conversation_number,
	rating_id = excluded.rating_id, rating = excluded.rating, comment = excluded.comment, created_at = excluded.created_at,
	customer_id = excluded.customer_id, customer_name = excluded.customer_name, customer_email = excluded.customer_email,
	user_id = excluded.user_id, user_name = excluded.user_name, type = excluded.type,
	thread_created_at = excluded.thread_created_at, fetched_at = excluded.fetched_at;

-- name: upsert_buckets
-- Buckets' rows, as one JSON array of objects.
INSERT INTO hsreports_buckets (report, filters, granularity, tz, period_start, period_end, period_date, complete, fetched_at, metrics)
SELECT b.report, b.filters, b.granularity, b.tz, b.period_start, b.period_end, b.period_date, b.complete, b.fetched_at, b.metrics
FROM jsonb_to_recordset($1::jsonb) AS b (report text, filters text, granularity text, tz text, period_start timestamptz,
	period_end timestamptz, period_date date, complete boolean, fetched_at timestamptz, metrics integer)
ON CONFLICT (report, filters, granularity, tz, period_start) DO UPDATE SET period_end = excluded.period_end,
	period_date = excluded.period_date, complete = excluded.complete, fetched_at = excluded.fetched_at, metrics = excluded.metrics;

-- name: v1_periods
SELECT DISTINCT period_start, period_end FROM hsreports_v1_metrics
UNION SELECT period_start, period_end FROM hsreports_v1_buckets;

-- name: v1_names
SELECT DISTINCT report, metric FROM hsreports_v1_metrics;

-- name: v1_period_set
INSERT INTO hsreports_v1_periods (period_start, period_end, granularity, tz, period_date) VALUES ($1, $2, $3, $4, $5);

-- name: v1_name_set
INSERT INTO hsreports_v1_names (report, metric, name, pattern, item, weight_metric, reason) VALUES ($1, $2, $3, $4, $5, $6, $7);

-- name: upsert_bucket
INSERT INTO hsreports_buckets (report, filters, granularity, tz, period_start, period_end, period_date, complete, fetched_at, metrics)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (report, filters, granularity, tz, period_start) DO UPDATE SET period_end = excluded.period_end,
	period_date = excluded.period_date, complete = excluded.complete, fetched_at = excluded.fetched_at, metrics = excluded.metrics;

-- name: lock
-- The session advisory lock of hsreports sync, on a connection of its own:
-- the server releases it when the session ends, however it ends.
SELECT pg_try_advisory_lock($1);

-- name: unlock
SELECT pg_advisory_unlock($1);
