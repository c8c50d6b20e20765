"""Normalisers: turn one rule match into a TIMEX3 type and value, resolved against the DCT.

Each function takes the match and a Context and returns a Resolution, or None to reject the
match (a blocked year, a verb "may", a date that does not exist). Rules in
data/temporal_rules.toml name the function they use. The normalisers live by kind in
norm_calendar, norm_years, norm_relative and norm_durations (importing them registers them in
NORMALISERS); what they share is in norm_base.
"""

from __future__ import annotations

from dateline.core.temporal import (  # noqa: F401  (imported to register their normalisers)
    norm_calendar,
    norm_durations,
    norm_relative,
    norm_years,
)
from dateline.core.temporal.norm_base import (
    NORMALISERS,
    Context,
    Resolution,
    month_number,
    pick_day,
    pick_month,
)

__all__ = ["NORMALISERS", "Context", "Resolution", "month_number", "pick_day", "pick_month"]
