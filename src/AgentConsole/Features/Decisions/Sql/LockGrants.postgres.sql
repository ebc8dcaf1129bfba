SELECT id FROM break_glass_grants WHERE id = ANY(@Ids) FOR SHARE
