INSERT INTO trusted_issuers (name, issuer, discovery_url, jwks_url, audience, created_by, created_at)
VALUES (@Name, @Issuer, @DiscoveryUrl, @JwksUrl, @Audience, @CreatedBy, @CreatedAt)
RETURNING id
