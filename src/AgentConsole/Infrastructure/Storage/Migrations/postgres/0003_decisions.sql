-- Policy documents as code: every version is kept; one is published at a time.
CREATE TABLE policy_versions (
    version INTEGER PRIMARY KEY,
    state TEXT NOT NULL,
    document TEXT NOT NULL,
    digest TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    published_by TEXT NULL,
    published_at TIMESTAMPTZ NULL
);
CREATE UNIQUE INDEX ux_policy_versions_published ON policy_versions (state) WHERE state = 'published';

-- Keys that sign decision receipts (ES256). The private part is encrypted with the data-protection key ring.
CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY,
    algorithm TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    retired_at TIMESTAMPTZ NULL
);

-- The ASP.NET Core data-protection key ring, shared by every node.
CREATE TABLE data_protection_keys (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name TEXT NOT NULL,
    xml TEXT NOT NULL
);

-- Per-task credentials: one task, one environment, a time window, a subset of the assistant's scopes.
CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    assistant_id BIGINT NOT NULL REFERENCES assistants (id),
    token_hash TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    environment TEXT NOT NULL,
    scopes TEXT NOT NULL,
    on_behalf_of TEXT NULL,
    parent_task_id TEXT NULL REFERENCES tasks (id),
    chain TEXT NOT NULL DEFAULT '[]',
    authenticated_by TEXT NOT NULL,
    state TEXT NOT NULL,
    issued_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    ended_at TIMESTAMPTZ NULL,
    ended_reason TEXT NULL
);
CREATE INDEX ix_tasks_assistant ON tasks (assistant_id, state);
CREATE INDEX ix_tasks_state_expiry ON tasks (state, expires_at);

-- Plans by content digest: what an approver reviewed is exactly what the receipt binds.
CREATE TABLE plans (
    digest TEXT PRIMARY KEY,
    format TEXT NOT NULL,
    content TEXT NOT NULL,
    facts TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE decisions (
    id TEXT PRIMARY KEY,
    task_id TEXT NOT NULL REFERENCES tasks (id),
    assistant_id BIGINT NOT NULL REFERENCES assistants (id),
    action TEXT NOT NULL,
    resource TEXT NOT NULL,
    environment TEXT NOT NULL,
    plan_digest TEXT NULL,
    prompt TEXT NULL,
    tool_call TEXT NULL,
    idempotency_key TEXT NULL,
    state TEXT NOT NULL,
    rule TEXT NOT NULL,
    reason TEXT NOT NULL,
    matched TEXT NOT NULL DEFAULT '[]',
    policy_version INTEGER NOT NULL,
    approvals_required INTEGER NOT NULL DEFAULT 0,
    approver_roles TEXT NOT NULL DEFAULT '[]',
    approval_ttl_seconds INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    decided_at TIMESTAMPTZ NULL,
    decided_by TEXT NULL,
    expires_at TIMESTAMPTZ NULL,
    receipt TEXT NULL,
    result_status TEXT NULL,
    result_at TIMESTAMPTZ NULL,
    result TEXT NULL
);
CREATE UNIQUE INDEX ux_decisions_idempotency ON decisions (task_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX ix_decisions_task ON decisions (task_id);
CREATE INDEX ix_decisions_state_expiry ON decisions (state, expires_at);
CREATE INDEX ix_decisions_assistant ON decisions (assistant_id, created_at);

CREATE TABLE approvals (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    decision_id TEXT NOT NULL REFERENCES decisions (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    user_name TEXT NOT NULL,
    verdict TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    decided_at TIMESTAMPTZ NOT NULL,
    UNIQUE (decision_id, user_id)
);
