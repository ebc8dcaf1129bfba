UPDATE tasks SET state = @State, ended_at = @Now, ended_reason = @Reason WHERE id = @Id AND state = 'active'
