"""The translation catalogue: every user-facing string, in English and 简体中文.

Strings live in ``gdviz/text/<part>.py`` as ``TEXT = {key: (english, chinese)}``, one module per
page plus ``common``; this module merges them and looks keys up. It imports no Streamlit, so figure
builders use it too (they take ``lang`` as an argument).

>>> tr("lang.name", "zh")
'简体中文'
>>> tr("common.step_n", "en", n=3)
'step 3'
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, Literal

import gdviz.text

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
DEFAULT_LANG: Lang = "en"


def _load() -> dict[str, dict[str, str]]:
    catalogue: dict[str, dict[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(gdviz.text.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"gdviz.text.{info.name}")
        for key, (en, zh) in module.TEXT.items():
            if key in catalogue:
                raise ValueError(f"Text key {key!r} is defined twice (again in gdviz/text/{info.name}.py)")
            catalogue[key] = {"en": en, "zh": zh}
    return catalogue


CATALOGUE: dict[str, dict[str, str]] = _load()


def normalize_lang(value: object) -> Lang:
    """Map a language tag (``"zh-CN"``, ``"en-US"``, ``"zh"``...) to a catalogue language."""
    if isinstance(value, str) and value.lower().startswith("zh"):
        return "zh"
    return "en"


def tr(key: str, lang: str, /, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{name}`` fields filled from ``values``.

    Raises
    ------
    KeyError
        For a key the catalogue lacks: a missing translation is a bug to catch in tests,
        not a blank on screen.
    """
    text = CATALOGUE[key][normalize_lang(lang)]
    return text.format(**values) if values else text


class RefusalError(ValueError):
    """Input a user gave that cannot be used, with the sentence that says why in either language.

    A subclass names its text part (``prefix``); ``key`` and the ``fields`` fill the sentence
    ``{prefix}.{key}``. ``str()`` of it is the English sentence.
    """

    prefix = ""

    def __init__(self, key: str, **fields: Any) -> None:
        self.key = key
        self.fields = fields
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """The sentence in ``lang``."""
        return tr(f"{self.prefix}.{self.key}", lang, **self.fields)
