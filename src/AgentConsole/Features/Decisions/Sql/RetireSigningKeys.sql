UPDATE signing_keys SET retired_at = @Now WHERE retired_at IS NULL AND kid <> @Keep
