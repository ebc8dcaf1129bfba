-- A delivery about a break-glass grant names the grant, as one about a decision names the decision: the delivery log
-- links it, and a failed delivery's audit record says which grant its notice was about.
ALTER TABLE webhook_deliveries ADD COLUMN grant_id TEXT NULL;
