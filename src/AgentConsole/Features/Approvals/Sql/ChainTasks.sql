SELECT t.id, a.name AS assistant_name, t.description, t.environment, t.on_behalf_of, t.state, t.issued_at
FROM tasks t
JOIN assistants a ON a.id = t.assistant_id
WHERE t.id IN @Ids
