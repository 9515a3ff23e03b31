"""`ctrl+f`: search the whole book as you type — clients by part of their name,
contacts and interactions by the first letters of their words — and open the client
of what was found.

Each change of the query is searched off the UI thread; a result that comes back
after a newer query was typed is dropped.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from amtui.domain.date_format import DateFormat
from amtui.domain.dates import local_date
from amtui.errors import AmtuiError
from amtui.store.rows import SearchGroup, SearchHit, SearchKind, SearchResults
from amtui.store.search import search_book
from amtui.text import one_line
from amtui.ui.failsafe import reporting
from amtui.ui.format import humanize
from amtui.ui.forms.field import ControlsShown
from amtui.ui.screens.account import AccountScreen
from amtui.ui.widgets.pane import Pane

if TYPE_CHECKING:
    from amtui.ui.app import AmtuiApp

HINT = (
    "Type part of a client's name, or the first letters of words in a contact "
    "(name, role, e-mail) or an interaction (summary, details)."
)
KEYS = "↓ or tab: to the results · enter: open the client · escape: close"
HEADINGS = {
    SearchKind.CLIENT: "Clients",
    SearchKind.CONTACT: "Contacts",
    SearchKind.INTERACTION: "Interactions",
}
ECHOED = 40  # how much of the query "Nothing matches …" repeats


class QueryInput(Input):
    """The query, whose erasing keys act as they come, in order with the letters.

    Textual runs an Input's bound keys once they have bubbled up to the app, after the
    letters typed behind them are in: typed in one burst (a fast typist, a slow link),
    `acme⌫⌫⌫⌫bo` would read `acbo`... and search for it."""

    def on_key(self, event: events.Key) -> None:
        erase = {
            "backspace": self.action_delete_left,
            "ctrl+w": self.action_delete_left_word,
            "ctrl+u": self.action_delete_left_all,
        }.get(event.key)
        if erase is not None:
            event.stop()
            event.prevent_default()
            erase()


class SearchHits(OptionList):
    """The hits under a heading per kind (headings are never highlighted).

    `up` on the first hit goes back to the query, and letters typed here go to it:
    the query is always one key away."""

    DEFAULT_CSS = """
    SearchHits {
        height: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .option-list--option-disabled {
            color: $accent;
            text-style: bold;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "cursor_down", "Next hit", show=False, id="search.next"),
        Binding(
            "shift+tab", "cursor_up", "Previous hit", show=False, id="search.previous"
        ),
    ]

    @property
    def search(self) -> SearchScreen:
        return cast(SearchScreen, self.screen)

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted <= self.first_hit():
            self.search.focus_query()
        else:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        """Down to the next hit; the last one stays (no wrapping to the top)."""
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def first_hit(self) -> int:
        """The index of the first hit (the first option that is not a heading)."""
        for index, option in enumerate(self.options):
            if not option.disabled:
                return index
        return 0

    def on_key(self, event: events.Key) -> None:
        """Typing here edits the query."""
        if event.key == "backspace" or (event.is_printable and event.character):
            event.stop()
            event.prevent_default()
            self.search.type_into_query(event)


class SearchScreen(ModalScreen[None]):
    """The query above the hits; `enter` opens the highlighted hit's client."""

    DEFAULT_CSS = """
    SearchScreen {
        align: center middle;
    }

    #search {
        width: 100;
        max-width: 100%;
        height: 100%;
        max-height: 40;
        border: round $accent;
        border-title-color: $text;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;

        #search-query {
            background: $boost;
        }

        #search-status, #search-keys {
            color: $text-muted;
        }

        #search-status.-error {
            color: $error;
        }
    }

    /* NO_COLOR: tones that were colours become text styles, so nothing is lost. */
    App:nocolor {
        #search-status.-error {
            text-style: bold underline;
        }
        SearchHits > .option-list--option-highlighted {
            text-style: bold reverse;
        }
    }
    """
    SCOPED_CSS = False  # the rules above start from the app (`App:nocolor`) too
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="search.close"),
        Binding(
            "down,tab",
            "to_results",
            "Results",
            tooltip="From the query to the results",
            show=False,
            id="search.results",
        ),
        Binding(
            "ctrl+f",
            "focus_query",
            "Query",
            tooltip="Back to the query, selected: what is typed replaces it",
            show=False,
            id="search.query",
        ),
    ]

    def __init__(self, app: AmtuiApp) -> None:
        super().__init__()
        self.query_input = QueryInput(
            placeholder="Search clients, contacts and interactions",
            compact=True,
            select_on_focus=False,  # coming back to the query types on, after it
            highlighter=ControlsShown(),
            id="search-query",
        )
        self.status = Static(Content(HINT), id="search-status")
        self.hits = SearchHits(compact=True, markup=False, id="search-hits")
        self.results = SearchResults("")
        self._by_option: dict[str, SearchHit] = {}
        self._generation = 0  # bumped by every query typed; a stale result is dropped
        self._open_generation: int | None = None  # enter came before these results

    @property
    def amtui(self) -> AmtuiApp:
        return cast("AmtuiApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="search") as box:
            box.border_title = "Search the book"
            yield self.query_input
            yield self.status
            yield self.hits
            yield Static(Content(KEYS), id="search-keys")

    def on_mount(self) -> None:
        self.set_focus(self.query_input)

    def on_screen_resume(self) -> None:
        """Back from a client opened here: search again, what it shows may have
        changed."""
        if self.results.text.strip():
            self.search(self.query_input.value)

    # -- searching ----------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    def search(self, text: str) -> None:
        """Search `text` in the background; a blank text shows the hint at once."""
        self._generation += 1
        if not text.strip():
            self._show(self._generation, SearchResults(text))
            return
        self._search_in_background(text, self._generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    @reporting
    def _search_in_background(self, text: str, generation: int) -> None:
        if generation != self._generation:  # typed on meanwhile: a newer one follows
            return
        try:
            results = search_book(self.amtui.db, text)
        except AmtuiError as error:
            self.app.call_from_thread(self._failed, generation, error)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, generation, results)

    def _failed(self, generation: int, error: AmtuiError) -> None:
        if generation == self._generation:
            self._set_status(str(error), error=True)

    def _show(self, generation: int, results: SearchResults) -> None:
        """List `results`. The highlight goes to the first hit, or stays on the hit it
        was on, if the hits have the focus and it is still there."""
        if generation != self._generation:
            return
        kept = self.hits.highlighted_option if self.hits.has_focus else None
        self.results = results
        today, dates = self.amtui.clock(), self.amtui.settings.date_format
        options: list[Option] = []
        self._by_option = {}
        for group in results.groups:
            if not group.count:
                continue
            options.append(Option(_heading(group), disabled=True))
            for hit in group.hits:
                key = f"{hit.kind}-{hit.id}"
                self._by_option[key] = hit
                options.append(Option(_hit_line(hit, today, dates), id=key))
        self.hits.set_options(options)
        if kept is not None and kept.id in self._by_option:
            self.hits.highlighted = self.hits.get_option_index(kept.id)
        elif options:
            self.hits.highlighted = self.hits.first_hit()
        if self._open_generation == generation:
            self._open_generation = None
            self.call_next(self._open_highlighted)
        if not results.text.strip():
            self._set_status(HINT)
        elif not results.found:
            self._set_status(f"Nothing matches “{_echo(results.text)}”.")
        else:
            self._set_status(" · ".join(_counted(group) for group in results.groups))

    def _set_status(self, message: str, *, error: bool = False) -> None:
        self.status.update(Content(message))
        self.status.set_class(error, "-error")

    # -- keys -----------------------------------------------------------------------

    def focus_query(self) -> None:
        self.set_focus(self.query_input)

    def action_focus_query(self) -> None:
        self.focus_query()
        self.query_input.select_all()

    def type_into_query(self, event: events.Key) -> None:
        """A key typed in the hits, applied to the query (now, before the next key)."""
        self.focus_query()
        if event.key == "backspace":
            self.query_input.action_delete_left()
        elif event.character:
            self.query_input.insert_text_at_cursor(event.character)

    def action_to_results(self) -> None:
        """From the query to the highlighted hit (the first one unless moved)."""
        if self._by_option:
            if self.hits.highlighted is None:
                self.hits.highlighted = self.hits.first_hit()
            self.set_focus(self.hits)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Open the highlighted hit; if the query typed is still being searched, the
        first hit of its results, once they come."""
        event.stop()
        if self.results.text == event.value:
            await self._open_highlighted()
        else:
            self._open_generation = self._generation

    async def on_option_list_option_selected(
        self, event: OptionList.OptionSelected
    ) -> None:
        event.stop()
        await self._open_highlighted()

    async def _open_highlighted(self) -> None:
        option = self.hits.highlighted_option
        hit = self._by_option.get(option.id or "") if option is not None else None
        if hit is not None:
            await open_hit(self.amtui, hit)

    def action_close(self) -> None:
        self._generation += 1  # a search still on its way shows nothing
        self.dismiss()


async def open_hit(app: AmtuiApp, hit: SearchHit) -> None:
    """Open the client of `hit` over the search (escape comes back to it), with the
    contact or the interaction found under the cursor."""
    account = AccountScreen(app, hit.account_id)
    await app.push_screen(account)
    pane: Pane | None = {
        SearchKind.CONTACT: account.contacts_pane,
        SearchKind.INTERACTION: account.timeline_pane,
    }.get(hit.kind)
    if pane is not None:
        pane.focus_list()
        pane.show_record(hit.id)


def _heading(group: SearchGroup) -> Content:
    """`Clients · 3`, `Interactions · 1,000+ · the 30 newest`."""
    heading = f"{HEADINGS[group.kind]} · {_count(group)}"
    if len(group.hits) < group.count:
        shown = {
            SearchKind.CLIENT: "the first {} by name",
            SearchKind.CONTACT: "the {} last added",
            SearchKind.INTERACTION: (
                "the {} last logged" if group.capped else "the {} newest"
            ),
        }[group.kind]
        heading += " · " + shown.format(len(group.hits))
    return Content(heading)


def _count(group: SearchGroup) -> str:
    """`3`, `1,000+`."""
    return f"{group.count:,}{'+' if group.capped else ''}"


def _counted(group: SearchGroup) -> str:
    """`1 client`, `0 contacts`, `1,000+ interactions`."""
    noun = HEADINGS[group.kind].lower()
    if group.count == 1 and not group.capped:
        noun = noun.removesuffix("s")
    return f"{_count(group)} {noun}"


def _hit_line(hit: SearchHit, today: date, dates: DateFormat) -> Content:
    """One line: what was found, then where (its client) and what it is, dimmed."""
    client = one_line(hit.account_name) + (" (archived)" if hit.archived else "")
    if hit.kind is SearchKind.CLIENT:
        about = [humanize(hit.detail)] + (["archived"] if hit.archived else [])
    else:
        about = [client, one_line(hit.detail)]
        if hit.when is not None:
            about.append(dates(local_date(hit.when), today))
    return Content.assemble(
        (one_line(hit.title), "bold"),
        ("  " + " · ".join(part for part in about if part), "dim"),
    )


def _echo(text: str) -> str:
    """The query as typed, on one line and cut short: said back to the user."""
    line = one_line(text)
    return line if len(line) <= ECHOED else line[: ECHOED - 1] + "…"
