"""China's working days: the county's entered calendar (WorkCalendar), else the
``chinesecalendar`` package, else Monday-Friday (``lookup``); entering a year
(``domain``, ``views``, admin) and saying when a year is missing (``checks``,
the home page). Empty on purpose: ``common.models`` imports ``validation``."""
