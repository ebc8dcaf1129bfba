UPDATE decisions SET result_status = @Status, result_at = @Now, result = @Result WHERE id = @Id AND result_status IS NULL
