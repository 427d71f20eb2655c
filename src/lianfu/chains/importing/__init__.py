"""Importing a lead firm's supplier list: ``suppliers.import_suppliers``
(columns.py: headers and cell parsers; rows.py: validation; saving.py: writes;
jobs.py: the recorded job around it)."""
