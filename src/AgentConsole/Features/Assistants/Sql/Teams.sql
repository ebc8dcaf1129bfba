SELECT DISTINCT team FROM assistants ORDER BY team
