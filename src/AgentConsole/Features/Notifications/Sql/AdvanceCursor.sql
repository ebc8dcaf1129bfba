UPDATE webhook_outbox SET last_seq = @Seq WHERE id = 1
