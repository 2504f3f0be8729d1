"""Who may do what with the atlas: SBB staff load the data; every logged-in user reads it."""

import rules

from regions.rules import is_sbb_staff

rules.add_perm("atlas.add_dataset", is_sbb_staff)
rules.add_perm("atlas.view_dataset", rules.is_authenticated)
rules.add_perm("atlas.change_signalrule", is_sbb_staff)
rules.add_perm("atlas.view_signal", rules.is_authenticated)
rules.add_perm("atlas.view_qualification", rules.is_authenticated)
rules.add_perm("atlas.add_qualification", is_sbb_staff)
rules.add_perm("atlas.change_qualification", is_sbb_staff)
rules.add_perm("atlas.view_indicator", rules.is_authenticated)
rules.add_perm("atlas.add_atlaspublication", is_sbb_staff)
rules.add_perm("atlas.view_atlaspublication", rules.is_authenticated)
