"""The lessons in teaching order: one place that names every page, for gdviz/app.py and the tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gdviz.i18n import tr

VIEWS = Path(__file__).resolve().parents[1] / "views"
"""The page scripts' folder, inside the package, so an installed gdviz finds them from any directory."""


@dataclass(frozen=True)
class PageInfo:
    slug: str  # file gdviz/views/<slug>.py and URL path /<slug>
    title_key: str
    summary_key: str

    @property
    def script(self) -> str:
        """The page script's absolute path, as st.Page, st.page_link and AppTest take it."""
        return str(VIEWS / f"{self.slug}.py")

    def title(self, lang: str) -> str:
        return tr(self.title_key, lang)


HOME = PageInfo("home", "nav.home", "home.summary")
"""The overview at the root URL (Streamlit always serves the default page at /)."""

PAGES: tuple[PageInfo, ...] = (
    PageInfo("forward", "nav.forward", "home.forward"),
    PageInfo("loss_curve", "nav.loss_curve", "home.loss_curve"),
    PageInfo("update_rules", "nav.update_rules", "home.update_rules"),
    PageInfo("learning_rate", "nav.learning_rate", "home.learning_rate"),
    PageInfo("batching", "nav.batching", "home.batching"),
    PageInfo("optimizers", "nav.optimizers", "home.optimizers"),
)
"""The lessons, in teaching order; each opens by deep link at /<slug>."""
