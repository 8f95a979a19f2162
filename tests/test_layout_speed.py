"""The collector's freeze (gdviz.ui.layout): what the load benchmark keeps it for."""

from __future__ import annotations

import gc
import sys
import types

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
