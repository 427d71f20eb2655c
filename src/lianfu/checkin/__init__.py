"""Workplace entry (复工码): a signed place code at every door, green-only
admission by the health status, an entry log that on-duty figures read."""
