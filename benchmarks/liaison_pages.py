"""How fast are the liaison pages on the county demo (~3,300 firms and buildings
needing officers, ~1,000 officers, 24 teams, a week of visits)?

Loads the `county` demo like benchmarks/supplier_tree.py (or reuses --var-dir),
then GETs each page through Django's full request stack (test Client, signed
in as the page's user), --repeat times, and prints the best time, the SQL
statements it ran and the page's size, against the bar of a page an official
waits for (UI.md: ≤ 300 ms warm for a first screen, ≤ 1 s for a work list):

  - the liaison officer's "my firms" (the officer with the most units);
  - the team page of the largest team, as its leader sees it;
  - the county's assignment page, coverage page and teams list;
  - the latest proposal's difference (one is proposed first when the demo has none).

Usage:

    .venv/bin/python benchmarks/liaison_pages.py [--var-dir DIR] [--repeat 3]
"""
import argparse
import tempfile
from pathlib import Path

from chain_board import counted
from supplier_tree import best_of, setup_django  # also puts src/ on sys.path

FIRST_SCREEN_BAR_S, WORK_LIST_BAR_S = 0.3, 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="county")
    parser.add_argument("--var-dir", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_django(args.var_dir or Path(tempfile.mkdtemp(prefix="lianfu-bench-liaison-")), args.size)

    from django.db.models import Count
    from django.test import Client
    from django_scopes import scopes_disabled

    from lianfu.accounts.models import User
    from lianfu.common.roles import Role
    from lianfu.liaison.models import Assignment, Proposal, ServiceTeam, Visit
    from lianfu.liaison.proposals import propose

    with scopes_disabled():
        county_officer = User.objects.filter(role=Role.COUNTY_OFFICER).order_by("pk").first()
        busiest = (Assignment.objects.filter(until__isnull=True).values("officer_id")
                   .annotate(n=Count("id")).order_by("-n", "officer_id").first())
        officer = User.objects.get(pk=busiest["officer_id"])
        team = (ServiceTeam.objects.annotate(n=Count("members")).order_by("-n", "pk").first())
        leader = team.leader
        proposal = Proposal.objects.order_by("-pk").first() or propose(county_officer.division,
                                                                        actor=county_officer)
        size = {"current assignments": Assignment.objects.filter(until__isnull=True).count(),
                "officers": User.objects.filter(role=Role.LIAISON_OFFICER, is_active=True).count(),
                "teams": ServiceTeam.objects.count(), "visits": Visit.objects.count()}
    print("demo: " + ", ".join(f"{k} {v:,}" for k, v in size.items()))
    print(f"officer {officer.username} ({busiest['n']} units); team {team.name} ({team.n} officers, "
          f"leader {leader.username if leader else '—'})")

    pages = [("my firms (liaison officer)", officer, "/", FIRST_SCREEN_BAR_S),
             ("assignment (county)", county_officer, "/liaison/assignment/", WORK_LIST_BAR_S),
             ("coverage (county)", county_officer, "/liaison/coverage/", WORK_LIST_BAR_S),
             ("teams list (county)", county_officer, "/liaison/teams/", WORK_LIST_BAR_S),
             ("team page (county)", county_officer, f"/liaison/teams/{team.pk}/", WORK_LIST_BAR_S)]
    if leader is not None:
        pages.append(("team page (its leader)", leader, f"/liaison/teams/{team.pk}/", WORK_LIST_BAR_S))
    pages.append((f"proposal No. {proposal.pk} (county)", county_officer, f"/liaison/assignment/{proposal.pk}/",
                  WORK_LIST_BAR_S))
    pages.append(("proposal's difference, Excel", county_officer, f"/liaison/assignment/{proposal.pk}/?export=xlsx",
                  WORK_LIST_BAR_S))
    print(f"{'page':<34} {'best':>9} {'queries':>8} {'KB':>6}  bar       ratio")
    for label, user, path, bar in pages:
        client = Client()
        client.force_login(user)
        client.get(path)   # warm the templates and the caches a served page has
        seconds, response = best_of(args.repeat, lambda: client.get(path))
        assert response.status_code == 200, (path, response.status_code)
        queries, _ = counted(lambda: client.get(path))
        verdict = "ok" if seconds <= bar else "OVER"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        print(f"{label:<34} {seconds * 1000:>7.0f} ms {queries:>8} {len(body) / 1024:>6.0f}  "
              f"≤ {bar * 1000:.0f} ms  {seconds / bar:.2f}× {verdict}")


if __name__ == "__main__":
    main()
