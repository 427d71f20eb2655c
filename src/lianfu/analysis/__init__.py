"""The engine in the product: the adapter between the database and the engine
(lianfu.supplynet) — arrays built from links, surveys and restart records
(state.py), the engine's arrays turned back into firms, chains and reasons
(answers.py) — cached runs (runs.py) and the pages that show them (views.py).
Above chains and the four-sync workflow, whose records it reads."""
