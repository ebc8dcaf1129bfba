UPDATE webhooks SET enabled = @Enabled WHERE id = @Id
