INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key, created_at) VALUES (@Kid, @Algorithm, @PublicJwk, @PrivateKey, @CreatedAt)
