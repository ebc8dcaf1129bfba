INSERT INTO audit_events (seq, occurred_at, actor_kind, actor_id, action, subject_type, subject_id, payload, prev_hash, hash)
VALUES (@Seq, @OccurredAt, @ActorKind, @ActorId, @Action, @SubjectType, @SubjectId, @Payload, @PrevHash, @Hash)
