"""The translation catalogue: complete, consistent, and covering every key the code asks for."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from gdviz.i18n import CATALOGUE, normalize_lang, tr

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*ROOT.glob("gdviz/**/*.py"), ROOT / "app.py"]
# t("key"...), tr("key", ...), and *_key="key" / *_key: "key" arguments, the ways code names a text.
KEY_USE = re.compile(
    r"""\b(?:t|tr)\(\s*["']([a-z0-9_]+\.[a-z0-9_.]+)["']"""
    r"""|_key\s*=\s*["']([a-z0-9_]+\.[a-z0-9_.]+)["']"""
)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_entry_has_both_languages_with_the_same_fields(key: str) -> None:
    entry = CATALOGUE[key]
    assert entry["en"].strip() and entry["zh"].strip()
    assert _fields(entry["en"]) == _fields(entry["zh"]), key


def test_chinese_entries_are_translated() -> None:
    # Entries that are only symbols or names (x, MSE...) may be equal; prose may not.
    untranslated = [
        key for key, v in CATALOGUE.items() if v["en"] == v["zh"] and len(re.findall(r"[a-z]{4,}", v["en"])) > 1
    ]
    assert untranslated == []


def test_every_key_the_code_uses_exists() -> None:
    used: dict[str, str] = {}
    for path in SOURCES:
        for match in KEY_USE.finditer(path.read_text(encoding="utf-8")):
            used[match.group(1) or match.group(2)] = str(path.relative_to(ROOT))
    assert used, "the pattern found no keys at all"
    missing = {key: where for key, where in used.items() if key not in CATALOGUE}
    assert missing == {}


def test_lookup_and_language_tags() -> None:
    assert tr("common.step_n", "zh", n=4) == "第 4 步"
    assert normalize_lang("zh-CN") == "zh" and normalize_lang("en-GB") == "en" and normalize_lang(None) == "en"
    with pytest.raises(KeyError):
        tr("no.such.key", "en")
