"""The liaison app's pages under /liaison/: the county's assignment, rules and
coverage (urls_county), the officer's visits (urls_visits), the teams (urls_team)."""
from lianfu.liaison import urls_county, urls_team, urls_visits

app_name = "liaison"
urlpatterns = [*urls_county.urlpatterns, *urls_visits.urlpatterns, *urls_team.urlpatterns]
