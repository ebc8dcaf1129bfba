SELECT id FROM assistants WHERE name = @Name
