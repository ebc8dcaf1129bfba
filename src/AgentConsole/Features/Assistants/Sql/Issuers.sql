SELECT id, name, issuer, discovery_url, jwks_url, audience, created_by, created_at FROM trusted_issuers ORDER BY name
