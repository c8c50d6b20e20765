"""Ways of asking the user something: the filter picker (fuzzy autocomplete over the actors and
countries the timeline knows) and the one-line prompt for search and date jumps."""

from __future__ import annotations

from time import sleep
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from dateline.core.timeline.browse import ACTOR, COUNTRY, Facet, Suggestion, TimelineIndex
from dateline.core.timeline.display import one_line
from dateline.tui.messages import SuggestionsFound

SUGGEST_SETTLE = 0.03  # seconds a typed key waits for the next before its names are matched
TITLES = {None: "Filter by actor or country", ACTOR: "Pick an actor",
          COUNTRY: "Pick a country"}


def suggestion_prompt(suggestion: Suggestion) -> Text:
    facet = suggestion.facet
    text = Text(one_line(facet.name), style="bold", no_wrap=True, end="")
    if suggestion.matched != facet.name:
        text.append(f" ({one_line(suggestion.matched)})", "italic")
    text.append(f"  {facet.kind} · {facet.count} event{'s' if facet.count != 1 else ''}",
                "dim")
    if facet.quotes:
        text.append(f" · {facet.quotes} quote{'s' if facet.quotes != 1 else ''}", "dim")
    return text


class PickerScreen(ModalScreen[Facet | None]):
    """Type part of a name; Enter keeps the events tagged with the highlighted suggestion."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next suggestion", show=False),
        Binding("up", "move(-1)", "Previous suggestion", show=False),
        Binding("enter", "pick", "Apply filter", show=False, priority=True),
    ]

    DEFAULT_CSS = """
    PickerScreen { align: center top; }
    PickerScreen > Vertical {
        width: 70; max-width: 100%; height: auto; margin-top: 2;
        border: round $accent; background: $surface; padding: 0 1;
    }
    PickerScreen OptionList { height: auto; max-height: 10; border: none; padding: 0; }
    PickerScreen .hint { color: $text-muted; }
    PickerScreen Input { margin: 1 0; background: $boost; }
    """

    def __init__(self, index: TimelineIndex, kind: str | None) -> None:
        super().__init__()
        self.index = index
        self.kind = kind
        self.suggestions: list[Suggestion] = []
        self.answered: str | None = None  # the query the suggestions answer
        self.pick_pending = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(TITLES[self.kind])
            yield Input(placeholder="type a name…", id="picker-input", compact=True)
            yield OptionList(id="picker-options")
            yield Static("↑↓ choose · Enter apply · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = self.app.cursor_blink  # type: ignore[attr-defined]
        self.suggest("")
        self.call_after_refresh(self._ready)

    def _ready(self) -> None:
        """Focus the input, then type into it what was typed while the picker opened."""
        self.set_focus(self.query_one(Input))
        take = getattr(self.app, "typeahead_ready", None)
        if take is not None:
            take(self.feed)

    def feed(self, key: events.Key) -> None:
        """One key typed before the input had focus, handled as the input would."""
        field = self.query_one(Input)
        if key.key == "enter":
            self.action_pick()
        elif key.key == "escape":
            self.action_cancel()
        elif key.key in ("up", "down"):
            self.action_move(1 if key.key == "down" else -1)
        else:
            feed_input(field, key)

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        self.suggest(event.value)

    @work(thread=True, exclusive=True, group="suggest")
    def suggest(self, query: str) -> None:
        if not self.index.facets_ready:
            return  # the screen asks again once the facets are indexed (`facets_indexed`)
        if query:
            # Keys typed in a burst: match the last of them only. A match runs to its end
            # once started (~1 s over a few 100k names), so one per key would queue up.
            sleep(SUGGEST_SETTLE)
            if get_current_worker().is_cancelled:
                return
        self.post_message(SuggestionsFound(query, self.index.suggest(query, self.kind)))

    def facets_indexed(self) -> None:
        self.suggest(self.query_one(Input).value)

    def on_suggestions_found(self, message: SuggestionsFound) -> None:
        if message.query != self.query_one(Input).value:
            return  # an answer to an earlier keystroke
        self.suggestions = message.suggestions
        self.answered = message.query
        options = self.query_one(OptionList)
        options.clear_options()
        if self.suggestions:
            options.add_options([Option(suggestion_prompt(s)) for s in self.suggestions])
            options.highlighted = 0
        else:
            options.add_option(Option(Text("no match", style="italic dim"), disabled=True))
        if self.pick_pending:
            self.action_pick()

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if self.suggestions:
            current = options.highlighted or 0
            options.highlighted = (current + step) % len(self.suggestions)

    def action_pick(self) -> None:
        if self.is_attached and self.answered != self.query_one(Input).value:
            self.pick_pending = True  # Enter came before the suggestions: pick when they do
            return
        self.pick_pending = False
        if not self.suggestions:
            self.app.bell()
            return
        highlighted = self.query_one(OptionList).highlighted or 0
        self.dismiss(self.suggestions[highlighted].facet)

    @on(OptionList.OptionSelected)
    def clicked(self, event: OptionList.OptionSelected) -> None:
        if event.option_index < len(self.suggestions):
            self.dismiss(self.suggestions[event.option_index].facet)

    def action_cancel(self) -> None:
        self.dismiss(None)


def feed_input(field: Input, key: events.Key) -> None:
    """Type `key` into `field` as if it had had focus: characters in order, editing keys as
    their actions."""
    if key.key == "backspace":
        field.action_delete_left()
    elif key.is_printable and key.character:
        field.insert_text_at_cursor(key.character)
    else:
        field._forward_event(key)  # arrows, home, end: the input's own bindings


class PromptBar(Horizontal):
    """A one-line prompt in the footer's place: '/' for search, 'Jump to' for dates. It takes
    the footer's row rather than a row of its own, so opening it resizes no pane."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    DEFAULT_CSS = """
    PromptBar { height: 1; dock: bottom; display: none; background: $panel; }
    PromptBar.-open { display: block; }
    PromptBar > Label { width: auto; padding: 0 1; color: $text-accent; text-style: bold; }
    PromptBar > Input { border: none; height: 1; padding: 0; width: 1fr; background: $panel; }
    PromptBar > Input:focus { border: none; }
    PromptBar > .prompt-info { width: 24; padding: 0 1; color: $text-muted; }
    """

    class Changed(Message):
        def __init__(self, mode: str, value: str) -> None:
            self.mode, self.value = mode, value
            super().__init__()

    class Done(Message):
        """Enter (accepted) or Esc (cancelled)."""

        def __init__(self, mode: str, value: str, accepted: bool) -> None:
            self.mode, self.value, self.accepted = mode, value, accepted
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode = ""

    def compose(self) -> ComposeResult:
        yield Label("/", id="prompt-label")
        yield Input(id="prompt-input", compact=True)
        yield Label("", id="prompt-info", classes="prompt-info")

    def open(self, mode: str, label: str, placeholder: str, value: str = "") -> None:
        self.mode = mode
        self.query_one("#prompt-label", Label).update(label)
        self.set_info("")
        field = self.query_one(Input)
        field.cursor_blink = self.app.cursor_blink  # type: ignore[attr-defined]
        field.placeholder = placeholder
        with field.prevent(Input.Changed):
            field.value = value
        self.add_class("-open")
        self._footer(False)
        self.call_after_refresh(self._ready)

    def _ready(self) -> None:
        """Focus the input, then type into it what was typed while the prompt opened."""
        if not self.mode:
            return
        self.screen.set_focus(self.query_one(Input))
        take = getattr(self.app, "typeahead_ready", None)
        if take is not None:
            take(self.feed)

    def feed(self, key: events.Key) -> None:
        """One key typed before the input had focus, handled as the input would."""
        field = self.query_one(Input)
        if key.key == "enter":
            self.post_message(self.Done(self.mode, field.value, True))
        elif key.key == "escape":
            self.action_cancel()
        else:
            feed_input(field, key)

    def set_info(self, info: str) -> None:
        # A fixed width: the count changes on every keystroke, the layout need not.
        self.query_one("#prompt-info", Label).update(Text(info, end=""), layout=False)

    def close(self) -> None:
        self.remove_class("-open")
        self._footer(True)
        self.mode = ""

    def _footer(self, shown: bool) -> None:
        # The footer's display, not a class on the screen: a screen class restyles every widget.
        for footer in self.screen.query(Footer):
            footer.display = shown

    @property
    def value(self) -> str:
        return self.query_one(Input).value

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @on(Input.Changed, "#prompt-input")
    def changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.mode:
            self.post_message(self.Changed(self.mode, event.value))

    @on(Input.Submitted, "#prompt-input")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done(self.mode, event.value, True))

    def action_cancel(self) -> None:
        self.post_message(self.Done(self.mode, self.query_one(Input).value, False))
