"""Workforce: worker records, where they are, on-duty rate, origin map, charter trips, recruitment."""
