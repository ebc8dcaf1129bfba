-- Outgoing webhooks: on-call approvers hear about decisions that wait for them. The secret signs every delivery
-- (HMAC-SHA256); it is stored encrypted with the data-protection key ring.
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    format TEXT NOT NULL,
    secret TEXT NOT NULL,
    on_pending INTEGER NOT NULL DEFAULT 1,
    on_escalation INTEGER NOT NULL DEFAULT 1,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- One row per message to send. The payload is fixed when it is queued, so retries send the same body.
-- A node that claims a delivery moves next_attempt_at past its send (a lease): no other node sends it meanwhile.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    webhook_id INTEGER NOT NULL REFERENCES webhooks (id),
    event TEXT NOT NULL,
    decision_id TEXT NULL,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    last_status_code INTEGER NULL,
    last_error TEXT NULL,
    created_at TEXT NOT NULL,
    delivered_at TEXT NULL
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state IN ('queued', 'failed');
CREATE INDEX ix_webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at);
CREATE INDEX ix_webhook_deliveries_created ON webhook_deliveries (created_at);

-- How far the outbox has read the audit log: every decision.pending after last_seq is still to be queued.
-- Starts at the current head, so turning webhooks on does not announce old requests.
CREATE TABLE webhook_outbox (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq INTEGER NOT NULL
);
INSERT INTO webhook_outbox (id, last_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM audit_events;

-- Pending decisions that went past their service level and were escalated (once each).
CREATE TABLE decision_escalations (
    decision_id TEXT PRIMARY KEY REFERENCES decisions (id),
    escalated_at TEXT NOT NULL
);
