INSERT INTO tasks (id, assistant_id, token_hash, description, environment, scopes, on_behalf_of, parent_task_id, chain,
                   authenticated_by, state, issued_at, expires_at, break_glass_id)
VALUES (@Id, @AssistantId, @TokenHash, @Description, @Environment, @Scopes, @OnBehalfOf, @ParentTaskId, @Chain,
        @AuthenticatedBy, 'active', @IssuedAt, @ExpiresAt, @BreakGlassId)
