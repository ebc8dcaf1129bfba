SELECT kid, algorithm, public_jwk, private_key, created_at, retired_at FROM signing_keys ORDER BY created_at
