"""The demo steps, in order. Later features append theirs."""
from lianfu.demo.accounts_step import accounts_step
from lianfu.demo.bottlenecks_step import bottlenecks_step
from lianfu.demo.chains_step import chains_step
from lianfu.demo.checkin_step import checkin_step
from lianfu.demo.helpdesk_step import helpdesk_step
from lianfu.demo.liaison_step import liaison_step
from lianfu.demo.projects_step import projects_step
from lianfu.demo.registry_step import registry_step
from lianfu.demo.restart_step import restart_step
from lianfu.demo.workforce_step import workforce_step

# chains_step before accounts_step: the firm logins must find their chains' leads;
# restart_step after both: it files packages for the leads, with the logins as actors;
# helpdesk_step: its tickets are the week before the demo is loaded, with the logins as actors;
# workforce_step after restart_step: its rosters agree with the surveys (appended last, so the steps
# before it write what they wrote before); projects_step after them (it reads the logins and the firms);
# liaison_step after them (its officers and buildings are new rows that would shift every step after it);
# bottlenecks_step last: it picks a mill the restart history left closed; its links and one new firm shift nothing.
STEPS = [registry_step, chains_step, accounts_step, restart_step, helpdesk_step, workforce_step, checkin_step,
         projects_step, liaison_step, bottlenecks_step]
