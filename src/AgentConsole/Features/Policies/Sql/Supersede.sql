UPDATE policy_versions SET state = 'superseded' WHERE state = 'published'
