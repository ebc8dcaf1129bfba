SELECT last_seq FROM webhook_outbox WHERE id = 1 FOR UPDATE
