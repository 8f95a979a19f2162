"""The lessons in teaching order: one place that names every page, for app.py and the tests."""

from __future__ import annotations

from dataclasses import dataclass

from gdviz.i18n import tr


@dataclass(frozen=True)
class PageInfo:
    slug: str  # file views/<slug>.py and URL path /<slug>
    title_key: str
    summary_key: str

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
