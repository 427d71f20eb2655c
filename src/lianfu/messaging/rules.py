"""Who may do what with the messages that leave the app:

- every signed-in user keeps their own notification settings (the view acts
  on ``request.user`` only, so no rule is needed for it); enterprise users
  (and only they: not even a superuser, views_dingtalk.may_link) also link
  their DingTalk account there, to report problems from DingTalk;
- the county's channels (its group robots and its defaults per role): county
  officers of their own county and administrators change them; a town officer
  reads the robots of their own town (the Robot manager's scope narrows them to
  the town), and changes nothing;
- the delivery log, and sending again what was left for a person: county
  officers (their county's robots and users, queries.deliveries_for) and
  administrators.

Robots and deliveries are found through the user's reach first (outside it:
404); the object rules below are the second check."""
import rules

from lianfu.common.predicates import is_administrator, is_county_officer, is_own_county, is_town_officer
from lianfu.common.scoping import code_prefix


def _in_county(user, code: str | None) -> bool:
    return bool(code) and bool(user.division_id) and code.startswith(code_prefix(user.division_id))


@rules.predicate
def robot_in_county(user, robot) -> bool:
    return robot is not None and _in_county(user, robot.division_id)


rules.add_perm("messaging.view_channels", is_administrator | is_county_officer | is_town_officer)
rules.add_perm("messaging.manage_channels", is_administrator | is_county_officer)
rules.add_perm("messaging.manage_robot", is_administrator | (is_county_officer & robot_in_county))
rules.add_perm("messaging.set_role_defaults", is_administrator | is_own_county)
rules.add_perm("messaging.view_deliveries", is_administrator | is_county_officer)
# The delivery itself is found through queries.deliveries_for (the county's robots and users).
rules.add_perm("messaging.send_again", is_administrator | is_county_officer)
