"""Who may do what with sectorkamers and their agendas."""

import rules

from regions.rules import is_sbb_staff

rules.add_perm("agendas.view_sectorkamer", rules.is_authenticated)
rules.add_perm("agendas.change_sectorkamer", is_sbb_staff)
