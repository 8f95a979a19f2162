"""The two server-side speed helpers of gdviz.ui.layout: the collector's freeze and the kept figure."""

from __future__ import annotations

import gc
import sys
import types

import plotly.graph_objects as go

from gdviz.ui import layout


def test_freeze_moves_live_objects_out_of_the_collector_once_per_module_set(monkeypatch) -> None:
    monkeypatch.setattr(layout, "_modules_when_frozen", 0)
    gc.unfreeze()
    try:
        layout.freeze_long_lived_objects()
        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # the loaded libraries: what the collection after each run no longer walks
        layout.freeze_long_lived_objects()  # same modules: nothing new to freeze
        assert gc.get_freeze_count() == frozen
        monkeypatch.setitem(sys.modules, "gdviz_test_new_module", types.ModuleType("gdviz_test_new_module"))
        keep = [[i] for i in range(1000)]  # new long-lived objects arriving with a new module
        layout.freeze_long_lived_objects()
        assert gc.get_freeze_count() >= frozen + len(keep)
    finally:
        gc.unfreeze()


def test_session_figure_is_built_once_per_inputs(monkeypatch) -> None:
    monkeypatch.setattr(layout.st, "session_state", {})
    built: list[str] = []

    def build(label: str) -> go.Figure:
        built.append(label)
        return go.Figure()

    first = layout.session_figure("fit", ("tadpole", 0.0, "en"), lambda: build("a"))
    assert layout.session_figure("fit", ("tadpole", 0.0, "en"), lambda: build("b")) is first
    other = layout.session_figure("fit", ("tadpole", 0.0, "zh"), lambda: build("c"))  # the language changed
    assert other is not first
    layout.session_figure("curve", ("tadpole", 0.0, "zh"), lambda: build("d"))  # names are kept apart
    assert built == ["a", "c", "d"]
    assert layout.session_figure("fit", ("tadpole", 0.0, "zh"), lambda: build("e")) is other
