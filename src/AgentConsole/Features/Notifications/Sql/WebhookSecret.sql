SELECT secret FROM webhooks WHERE id = @Id
