UPDATE policy_versions SET state = 'published', published_by = @By, published_at = @Now WHERE version = @Version AND state = 'draft'
