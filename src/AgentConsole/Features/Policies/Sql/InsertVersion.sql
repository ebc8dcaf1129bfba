INSERT INTO policy_versions (version, state, document, digest, note, created_by, created_at, published_by, published_at)
VALUES ((SELECT COALESCE(MAX(version), 0) + 1 FROM policy_versions), @State, @Document, @Digest, @Note, @CreatedBy, @CreatedAt,
        @PublishedBy, @PublishedAt)
RETURNING version
