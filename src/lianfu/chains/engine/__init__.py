"""The adapter between the database and the engine (lianfu.supplynet): it
builds arrays from links, surveys and restart records (state.py) and turns the
engine's arrays back into firms, chains and reasons (analysis.py)."""
