"""The four-sync pages, one module per page and its actions:

survey.py       a firm's dated surveys (history, export) and the survey form
filing.py       a lead's package of filings, one filing and its actions
filing_actions.py  confirm / resubmit / approve / return, shared by the filing page and the review queue
review.py       the review queue (htmx rows, export)
prevention.py   self-check, inspection and the list of inspections due
restart.py      confirming a restart and the county's override
checklist.py    the county's prevention checklist editor
_base.py        what they share: finding the enterprise (404/403), showing a refused step (409/422)

The chain boards are in ../boards/, the supplies pages in ../supplies/."""
