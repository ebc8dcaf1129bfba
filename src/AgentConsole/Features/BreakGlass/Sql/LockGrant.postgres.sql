SELECT id FROM break_glass_grants WHERE id = @Id FOR UPDATE
