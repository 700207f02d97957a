"""The append-only, hash-chained audit log that every write records into."""
