-- Break-glass: time-boxed emergency exceptions for one assistant. The clock starts when the request is made
-- (expires_at = requested_at + duration), whether it starts at once or waits for one approval, so no exception
-- ever outlives the duration asked for. Grants are never extended: more time is a new row that renews this one.
CREATE TABLE break_glass_grants (
    id TEXT PRIMARY KEY,
    assistant_id INTEGER NOT NULL REFERENCES assistants (id),
    requested_by TEXT NOT NULL,
    requested_by_id INTEGER NOT NULL REFERENCES users (id),
    justification TEXT NOT NULL,
    incident TEXT NOT NULL,
    duration_seconds INTEGER NOT NULL,
    scopes TEXT NOT NULL DEFAULT '[]',
    environments TEXT NOT NULL DEFAULT '[]',
    skip_approval_for TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL,
    end_reason TEXT NULL,
    policy_version INTEGER NOT NULL,
    start_mode TEXT NOT NULL,
    renews_id TEXT NULL REFERENCES break_glass_grants (id),
    renewal_number INTEGER NOT NULL DEFAULT 0,
    repeat_count INTEGER NOT NULL DEFAULT 1,
    flagged INTEGER NOT NULL DEFAULT 0,
    requested_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    approved_by TEXT NULL,
    approved_at TEXT NULL,
    started_at TEXT NULL,
    ended_at TEXT NULL,
    ended_by TEXT NULL,
    review_due_at TEXT NULL,
    review_outcome TEXT NULL,
    review_notes TEXT NULL,
    reviewed_by TEXT NULL,
    reviewed_at TEXT NULL
);
CREATE INDEX ix_break_glass_state_expiry ON break_glass_grants (state, expires_at);
CREATE INDEX ix_break_glass_assistant ON break_glass_grants (assistant_id, requested_at);
CREATE INDEX ix_break_glass_review_due ON break_glass_grants (review_due_at) WHERE review_due_at IS NOT NULL AND review_outcome IS NULL;

-- A task that holds scopes or an environment only through a grant names it, and dies with it.
ALTER TABLE tasks ADD COLUMN break_glass_id TEXT NULL REFERENCES break_glass_grants (id);
CREATE INDEX ix_tasks_break_glass ON tasks (break_glass_id) WHERE break_glass_id IS NOT NULL;

-- A decision made under a grant (its task relied on one, or the grant skipped its approval) cites it.
ALTER TABLE decisions ADD COLUMN break_glass_id TEXT NULL;
CREATE INDEX ix_decisions_break_glass ON decisions (break_glass_id) WHERE break_glass_id IS NOT NULL;
