"""Chain progress boards: chain.py (one chain's board: reads only), summaries.py
(the county's list of chains), exports.py (both as Excel), views.py and urls.py."""
