-- Schema 1: the tables of hsreports sync's first release, as it wrote them.
-- A database of that release is at this version already (its
-- hsreports_schema table says 1); a new database passes through it on the
-- way to the latest version.
CREATE TABLE hsreports_schema (version INTEGER NOT NULL);
INSERT INTO hsreports_schema (version) VALUES (1);
CREATE TABLE metrics (
	report TEXT NOT NULL,
	filters TEXT NOT NULL,
	period_start TIMESTAMPTZ NOT NULL,
	period_end TIMESTAMPTZ NOT NULL,
	metric TEXT NOT NULL,
	value DOUBLE PRECISION NOT NULL,
	fetched_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (report, filters, period_start, period_end, metric));
CREATE TABLE hsreports_buckets (
	report TEXT NOT NULL,
	filters TEXT NOT NULL,
	period_start TIMESTAMPTZ NOT NULL,
	period_end TIMESTAMPTZ NOT NULL,
	fetched_at TIMESTAMPTZ NOT NULL,
	metrics INTEGER NOT NULL,
	PRIMARY KEY (report, filters, period_start, period_end));
