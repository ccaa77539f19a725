-- The table of nestauth-store-jdbc: one row per session key. Runs as it is on PostgreSQL and H2.
CREATE TABLE IF NOT EXISTS nestauth_session (
  session_key   VARCHAR(255) NOT NULL PRIMARY KEY,
  access_token  VARCHAR,
  refresh_token VARCHAR,
  mfa_pending   BOOLEAN NOT NULL DEFAULT FALSE,
  trust_token   VARCHAR,
  version       BIGINT NOT NULL DEFAULT 0,
  updated_at    TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
  lock_owner    VARCHAR(64),
  lock_until    TIMESTAMP WITH TIME ZONE
);
