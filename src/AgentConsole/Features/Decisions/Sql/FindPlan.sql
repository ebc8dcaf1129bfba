SELECT digest, format, content, facts, created_at FROM plans WHERE digest = @Digest
