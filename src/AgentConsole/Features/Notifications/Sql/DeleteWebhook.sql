DELETE FROM webhook_deliveries WHERE webhook_id = @Id;
DELETE FROM webhooks WHERE id = @Id
