-- The retention job's own login (RETENTION_DATABASE_URL), created when the compose PostgreSQL
-- first starts. The migrations create ledger_retention if it is missing and give it the deletion
-- function; the API's login is never a member. Change the password outside development.
CREATE ROLE ledger_retention NOLOGIN;
CREATE ROLE ledger_retention_job LOGIN PASSWORD 'retention' IN ROLE ledger_retention;
