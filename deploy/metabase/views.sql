-- Views for Metabase's question builder over the PostgreSQL database of
-- hsreports sync: a row per day with named columns, each summable without a
-- double count. Apply them once, as the owner of the tables (sync creates
-- the tables first), and grant Metabase's role SELECT on them:
--
--   psql "$HSREPORTS_DB" -f deploy/metabase/views.sql
--   GRANT SELECT ON mb_daily, mb_user_daily, mb_ratings TO metabase;
--
-- An average over days is sum(<x>_total) / sum(<x>_weight) (a custom
-- expression in Metabase): <x>_total is the day's average times the count
-- that weights it. Distinct counts (customers helped) are per day here;
-- for a week or a month, read metric_weeks and metric_months (sync --each
-- week and --each month too).

CREATE OR REPLACE VIEW mb_daily AS
SELECT period_date AS day, tz, filters,
	sum(value) FILTER (WHERE report = 'company' AND metric = 'totalReplies') AS replies,
	sum(value) FILTER (WHERE report = 'company' AND metric = 'closed') AS closed,
	sum(value) FILTER (WHERE report = 'productivity' AND metric = 'resolved') AS resolved,
	sum(value) FILTER (WHERE report = 'conversations' AND metric = 'newConversations') AS new_conversations,
	sum(value * weight) FILTER (WHERE report = 'productivity' AND metric = 'responseTime') AS response_time_total,
	sum(weight) FILTER (WHERE report = 'productivity' AND metric = 'responseTime') AS response_time_weight,
	sum(value * weight) FILTER (WHERE report = 'productivity' AND metric = 'resolutionTime') AS resolution_time_total,
	sum(weight) FILTER (WHERE report = 'productivity' AND metric = 'resolutionTime') AS resolution_time_weight,
	sum(value) FILTER (WHERE report = 'happiness' AND metric = 'ratingsCount') AS ratings,
	sum(value) FILTER (WHERE report = 'happiness' AND metric = 'greatCount') AS great,
	sum(value) FILTER (WHERE report = 'happiness' AND metric = 'notGoodCount') AS not_good
FROM metrics
WHERE granularity = 'day'
GROUP BY period_date, tz, filters;

CREATE OR REPLACE VIEW mb_user_daily AS
SELECT m.period_date AS day, m.tz, m.filters, u.id AS user_id, u.name AS user_name,
	sum(m.value) FILTER (WHERE m.pattern = 'users.*.replies') AS replies,
	sum(m.value * m.weight) FILTER (WHERE m.pattern = 'users.*.handleTime') AS handle_time_total,
	sum(m.weight) FILTER (WHERE m.pattern = 'users.*.handleTime') AS handle_time_weight,
	sum(m.value) FILTER (WHERE m.pattern = 'users.*.customersHelped') AS customers_helped_that_day
FROM metrics m JOIN users u ON u.id::text = m.item
WHERE m.report = 'company' AND m.granularity = 'day'
GROUP BY m.period_date, m.tz, m.filters, u.id, u.name;

CREATE OR REPLACE VIEW mb_ratings AS
SELECT created_at, rating, comment, user_id, user_name, customer_name, customer_email,
	conversation_id, conversation_number, type
FROM ratings;
