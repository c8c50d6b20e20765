"""What the lookup views show: their rows under the current scope, the detail of a row, the
text `y` copies, and the stretch of the source Enter shows.

Pure functions of the core's lookup rows and rich renderables of plain strings (never markup);
the screen calls them from its workers and handlers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich import box
from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from dateline.core.model import Article
from dateline.core.timeline.browse import TimelineIndex
from dateline.core.timeline.display import one_line, short_id
from dateline.core.timeline.figures import format_value
from dateline.core.timeline.lookup import (
    ArticleRow,
    KeyDateRow,
    Lookups,
    Quote,
    Scope,
    keep_articles,
    keep_figures,
    keep_key_dates,
    quote_groups,
)
from dateline.tui.detail import STANCE_STYLE, STANCE_WORD, source_label
from dateline.tui.listing import (
    FigureAt,
    Row,
    article_line,
    figure_line,
    first_line,
    key_date_line,
    quote_date,
    quote_line,
)

EMPTY = {
    "keydates": "No key dates: no day stands out in these sources.",
    "quotes": "No quotes.",
    "figures": "No figures: no number with what it counts (troops, missiles…).",
    "articles": "No articles.",
}
NARROWED = " (Esc clears the filters and the search)"


def listing(mode: str, lookups: Lookups, scope: Scope
            ) -> tuple[list[Row], Callable[[object, Style], Text], str]:
    """The rows of a lookup view under `scope`, how to draw one, and what an empty view says."""
    index = lookups.index
    rows: list[Row] = []
    narrowed = scope.filtered or scope.hits is not None or scope.noise.active
    message = EMPTY[mode] + (NARROWED if narrowed else "")
    if mode == "keydates":
        rows = [Row(None, r) for r in keep_key_dates(lookups.key_dates(), scope)]
        return rows, partial(key_date_line, text_of=lambda p: index.events[p].text), message
    if mode == "quotes":
        for speaker, quotes in quote_groups(lookups.quotes(), scope):
            rows.append(Row(f"{one_line(speaker)} · {len(quotes)} quote"
                            f"{'s' if len(quotes) != 1 else ''}"))
            rows += [Row(None, q) for q in quotes]
        return rows, quote_line, message
    if mode == "figures":
        for group, kept in keep_figures(lookups.figures(), scope):
            disputed = any(at in group.disputed for at in kept)
            rows.append(Row(f"{group.kind} · {len(kept)} figure{'s' if len(kept) != 1 else ''}"
                            + (" · sources disagree ≠" if disputed else "")))
            rows += [Row(None, FigureAt(group, at)) for at in kept]
        return rows, partial(figure_line, articles=index.articles), message
    claims_of = index.timeline.claim_articles
    rows = [Row(None, r) for r in keep_articles(lookups.articles(), scope, claims_of)]
    return rows, article_line, message


def _published(article: Article | None) -> str:
    if article is None or article.published is None:
        return "undated"
    how = {"metadata": "given", "inferred": "inferred"}.get(article.published_source or "", "")
    return f"{article.published.isoformat()} ({how})" if how else article.published.isoformat()


def quote_detail(quote: Quote, index: TimelineIndex) -> RenderableType:
    claim = quote.claim
    article = index.articles.get(quote.article_id)
    top = Text(one_line(quote.speaker), style="bold")
    if claim.speaker_role:
        top.append(f" — {one_line(claim.speaker_role)}", "dim")
    stance = Text(STANCE_WORD.get(claim.stance, claim.stance),
                  style=STANCE_STYLE.get(claim.stance, ""))
    stance.append(f" · cue “{one_line(claim.cue)}” · {quote_date(quote)}", "dim")
    parts: list[RenderableType] = [top, stance, Text(""), Text("“" + one_line(claim.text) + "”"),
                                   Text("")]
    source = source_label(article, quote.article_id)
    source.append(f"  {_published(article)}")
    parts += [Text("Source", style="bold underline"), source]
    if quote.events:
        event = index.events[quote.events[0]]
        parts += [Text(""), Text("On the timeline", style="bold underline"),
                  Text(f"{event.start.isoformat()}  {one_line(event.text)}")]
    parts += [Text(""), Text("Enter: show it in its source", style="dim")]
    return Group(*parts)


def figure_detail(row: FigureAt, index: TimelineIndex) -> RenderableType:
    """Every figure of the kind side by side: value, date, source, who gives it."""
    group = row.group
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for title in ("≠", "figure", "date", "source", "by"):
        table.add_column(title, overflow="fold")
    for at, figure in enumerate(group.figures):
        style = "reverse" if at == row.at else ""
        day = figure.day.isoformat() if figure.day else "undated"
        table.add_row(Text("≠" if at in group.disputed else ""),
                      Text(format_value(figure.value), style=style),
                      Text(("reported " if figure.reported else "") + day),
                      source_label(index.articles.get(figure.article_id), figure.article_id),
                      Text(one_line(figure.speaker or "")))
    figure = row.figure
    return Group(Text(f"{group.kind}: {format_value(figure.value)}", style="bold"),
                 Text("“" + one_line(figure.sentence) + "”"), Text(""),
                 Text(f"Every figure for {group.kind}" + (" (≠: sources disagree)"
                                                          if group.disputed else ""),
                      style="bold underline"), table,
                 Text("Enter: show it in its source", style="dim"))


def article_detail(row: ArticleRow, index: TimelineIndex) -> RenderableType:
    article = row.article
    parts: list[RenderableType] = [
        Text(one_line(article.title or first_line(article.text)), style="bold"),
        Text(f"{one_line(article.outlet or 'unknown outlet')} · {_published(article)}"),
    ]
    if article.published_evidence:
        parts.append(Text("date from: " + "; ".join(one_line(e) for e in
                                                   article.published_evidence), style="dim"))
    if article.url:
        parts.append(Text(one_line(article.url), style="dim"))
    parts += [Text(""), Text(f"{len(row.events)} events · {len(index.article_claims(article.id))}"
                             " claims", style="bold underline")]
    for position in row.events[:20]:
        event = index.events[position]
        parts.append(Text(f"{event.start.isoformat()}  {one_line(event.text)}"))
    parts += [Text(""), Text(f"id {article.id} · Enter: read it", style="dim")]
    return Group(*parts)


def copy_text(target: object, index: TimelineIndex) -> str | None:
    """A lookup row as plain text for the clipboard."""
    if isinstance(target, Quote):
        article = index.articles.get(target.article_id)
        outlet = one_line(article.outlet) if article and article.outlet else \
            short_id(target.article_id)
        claim = target.claim
        return (f"{one_line(target.speaker)} ({STANCE_WORD.get(claim.stance, claim.stance)}, "
                f"“{one_line(claim.cue)}”, {quote_date(target)}): “{one_line(claim.text)}” "
                f"[{outlet}]")
    if isinstance(target, FigureAt):
        figure = target.figure
        article = index.articles.get(figure.article_id)
        outlet = one_line(article.outlet) if article and article.outlet else figure.article_id
        day = figure.day.isoformat() if figure.day else "undated"
        return f"{format_value(figure.value)} {figure.kind} ({day}): “{figure.text}” [{outlet}]"
    if isinstance(target, ArticleRow):
        article = target.article
        return (f"{one_line(article.title or first_line(article.text))} — "
                f"{one_line(article.outlet or 'unknown outlet')}, {_published(article)}")
    if isinstance(target, KeyDateRow) and target.best is not None:
        return f"{target.key.date.isoformat()}  {one_line(index.events[target.best].text)}"
    return None


def source_span(target: object, index: TimelineIndex) -> tuple[str, tuple[int, int] | None]:
    """(article id, the stretch to mark) that Enter shows for a quote, figure or article."""
    if isinstance(target, Quote):
        return target.article_id, (target.claim.start, target.claim.end)
    if isinstance(target, FigureAt):
        return target.figure.article_id, (target.figure.start, target.figure.end)
    assert isinstance(target, ArticleRow)
    return target.article.id, None


def target_events(target: object) -> tuple[int, ...]:
    if isinstance(target, (Quote, ArticleRow, KeyDateRow)):
        return target.events
    if isinstance(target, FigureAt) and target.figure.event is not None:
        return (target.figure.event,)
    return ()
