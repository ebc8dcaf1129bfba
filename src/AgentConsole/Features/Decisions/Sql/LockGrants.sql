SELECT id FROM break_glass_grants WHERE id IN @Ids
