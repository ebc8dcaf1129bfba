-- Assistants: the non-human identities the console governs.
CREATE TABLE assistants (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner_id INTEGER NOT NULL REFERENCES users (id),
    backup_owner_id INTEGER NULL REFERENCES users (id),
    team TEXT NOT NULL,
    risk_tier TEXT NOT NULL,
    status TEXT NOT NULL,
    labels TEXT NOT NULL DEFAULT '{}',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_activity_at TEXT NULL,
    last_reviewed_at TEXT NULL,
    last_reviewed_by TEXT NULL,
    next_review_at TEXT NOT NULL
);
CREATE INDEX ix_assistants_owner ON assistants (owner_id);
CREATE INDEX ix_assistants_backup_owner ON assistants (backup_owner_id);
CREATE INDEX ix_assistants_team ON assistants (team);
CREATE INDEX ix_assistants_tier ON assistants (risk_tier);
CREATE INDEX ix_assistants_status ON assistants (status);
CREATE INDEX ix_assistants_next_review ON assistants (next_review_at);
CREATE INDEX ix_assistants_updated ON assistants (updated_at);

CREATE TABLE assistant_environments (
    assistant_id INTEGER NOT NULL REFERENCES assistants (id),
    environment TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (assistant_id, environment)
);
CREATE INDEX ix_assistant_environments_environment ON assistant_environments (environment, assistant_id);

CREATE TABLE assistant_scopes (
    assistant_id INTEGER NOT NULL REFERENCES assistants (id),
    scope TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (assistant_id, scope)
);
CREATE INDEX ix_assistant_scopes_scope ON assistant_scopes (scope, assistant_id);

-- Widening changes wait here until a second person with the security role decides.
CREATE TABLE assistant_changes (
    id INTEGER PRIMARY KEY,
    assistant_id INTEGER NOT NULL REFERENCES assistants (id),
    state TEXT NOT NULL,
    risk_tier TEXT NULL,
    add_scopes TEXT NOT NULL DEFAULT '[]',
    add_environments TEXT NOT NULL DEFAULT '[]',
    reason TEXT NOT NULL DEFAULT '',
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    decided_by TEXT NULL,
    decided_at TEXT NULL,
    decision_comment TEXT NULL
);
CREATE INDEX ix_assistant_changes_assistant ON assistant_changes (assistant_id, state);
CREATE INDEX ix_assistant_changes_state ON assistant_changes (state, requested_at);

CREATE TABLE trusted_issuers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    issuer TEXT NOT NULL UNIQUE,
    discovery_url TEXT NULL,
    jwks_url TEXT NULL,
    audience TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE workload_identities (
    id INTEGER PRIMARY KEY,
    assistant_id INTEGER NOT NULL REFERENCES assistants (id),
    issuer_id INTEGER NOT NULL REFERENCES trusted_issuers (id),
    subject TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (issuer_id, subject)
);
CREATE INDEX ix_workload_identities_assistant ON workload_identities (assistant_id);

CREATE TABLE assistant_secrets (
    id INTEGER PRIMARY KEY,
    assistant_id INTEGER NOT NULL REFERENCES assistants (id),
    prefix TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT NULL,
    revoked_reason TEXT NULL,
    replaced_by INTEGER NULL,
    last_used_at TEXT NULL
);
CREATE INDEX ix_assistant_secrets_assistant ON assistant_secrets (assistant_id);
