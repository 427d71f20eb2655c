"""Prevention supplies and guides: reads.py (ledgers, days of cover, transfers,
guides), forms.py, views.py and urls.py. The changes are in ../domain/supplies.py."""
