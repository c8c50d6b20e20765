"""The temporal-expression record shared by the tagger, the scorer and the timeline model."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression found in a text.

    `start`/`end` are character offsets into the text the tagger was given. `type` and `value`
    follow TIMEX3 (DATE, TIME, DURATION, SET; `2024-10-08`, `2024-W41`, `197`, `P5M`, `PAST_REF`).
    `interval` is the inclusive calendar span a DATE or TIME covers, `granularity` its unit.
    `parts` holds the endpoints of a range ("between Oct. 8 and Oct. 13"), each itself a Timex,
    because TimeML annotates range endpoints separately while the timeline wants one interval.
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    granularity: str | None = None
    interval: tuple[date, date] | None = None
    approximate: bool = False
    mod: str | None = None
    parts: tuple[Timex, ...] = field(default=())

    def leaves(self) -> tuple[Timex, ...]:
        """The expressions TimeML would annotate: a range's endpoints, or the expression itself."""
        return self.parts if self.parts else (self,)
