SELECT version, state, document, digest, note, created_by, created_at, published_by, published_at
FROM policy_versions WHERE version = @Version
