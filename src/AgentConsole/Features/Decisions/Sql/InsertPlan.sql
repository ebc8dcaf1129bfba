INSERT INTO plans (digest, format, content, facts, created_at) VALUES (@Digest, @Format, @Content, @Facts, @CreatedAt)
ON CONFLICT (digest) DO NOTHING
