"""AppTest of "Your data" on the lessons with a dataset picker: a shared link's table, a paste, a
refusal that keeps the data on screen, and the numbers against an independent least-squares fit."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.owndata import SHARE_ROWS
from tests.conftest import assert_clean, live_elements, open_page, state_rows
from tests.figures.drawing import numbers

LINK = "hours,score\n1,52\n2,58\n3,61\n4,71\n5,74\n6,83"
X = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
Y = np.array([52.0, 58.0, 61.0, 71.0, 74.0, 83.0])


def captions(at) -> str:
    return " ".join(c.value for c in at.caption)


@pytest.mark.parametrize("slug", ["forward", "loss_curve", "update_rules", "learning_rate", "batching"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_shared_link_opens_every_lesson_on_its_own_data(slug: str, lang: str) -> None:
    at = open_page(slug, lang, query={"data": "own", "own": LINK})
    assert_clean(at)
    assert at.selectbox(key="data").value == "own"
    assert ("Your 6 rows: score against hours" if lang == "en" else "你的 6 行数据") in captions(at)
    assert at.query_params["own"] == LINK  # still small enough to travel with the link
    assert live_elements(at)  # the lesson is drawn


def test_forward_draws_the_pasted_points_and_their_mse() -> None:
    at = open_page("forward", query={"data": "own"})
    assert_clean(at)
    assert "Upload a CSV file or paste" in " ".join(i.value for i in at.info)
    at.text_area(key="own_paste").input("1\t52\n2\t58\n3\t61\n4\t71\n5\t74\n6\t83")
    at.button[0].click().run()
    assert_clean(at)
    elements = live_elements(at)
    data = next(t for t in elements["fit"]["figure"]["data"] if t.get("mode") == "markers")
    np.testing.assert_array_equal(numbers(data["x"]), X)
    np.testing.assert_array_equal(numbers(data["y"]), Y)
    values = np.array(elements["live-w"]["values"])
    marker = state_rows(elements["loss"]["moves"][0]["traces"]["marker"]["y"])
    b = at.slider(key="b").value
    for i in (0, len(values) // 2, len(values) - 1):
        assert marker[i, 0] == pytest.approx(np.mean((values[i] * X + b - Y) ** 2), rel=1e-6)
    w_star, b_star = np.polyfit(X, Y, 1)
    assert values[0] < w_star < values[-1]
    assert f"w = {w_star:.2f}" in captions(at) and f"b = {b_star:.2f}" in captions(at)
    # The link now carries the table (headerless columns keep no names).
    assert at.query_params["own"] == "1,52\n2,58\n3,61\n4,71\n5,74\n6,83"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_bad_paste_is_refused_in_the_readers_language_and_the_data_stays(lang: str) -> None:
    at = open_page("forward", lang, query={"data": "own", "own": LINK})
    before = live_elements(at)["fit"]["figure"]["data"]
    at.text_area(key="own_paste").input("x,y\n1,nan\n2,3")
    at.button[0].click().run()
    assert not at.exception
    [error] = at.error
    assert ("Line 2, column 2" if lang == "en" else "第 2 行第 2 列") in error.value
    assert ("still the previous one" if lang == "en" else "仍是之前的数据") in error.value
    assert live_elements(at)["fit"]["figure"]["data"] == before


def test_many_columns_offer_a_choice_of_x_and_y() -> None:
    at = open_page("loss_curve", query={"data": "own", "own": "a,b,c\n1,10,3\n2,20,1\n3,30,2\n4,40,5"})
    assert_clean(at)
    assert at.selectbox(key="own_x").value == 0 and at.selectbox(key="own_y").value == 2
    at.selectbox(key="own_y").set_value(1).run()
    assert_clean(at)
    assert at.query_params["own"] == "a,b\n1,10\n2,20\n3,30\n4,40"
    at.selectbox(key="own_y").set_value(0).run()
    assert [e.value for e in at.error] == ["Choose two different columns for x and y."]


def test_badly_scaled_x_warns_with_the_limit_and_standardising_says_the_formula() -> None:
    link = "m2,price\n" + "\n".join(f"{a},{2 * a + 7}" for a in (500, 800, 1200, 1500, 2100))
    at = open_page("learning_rate", query={"data": "own", "own": link})
    assert_clean(at)
    x = np.array([500.0, 800, 1200, 1500, 2100])
    gram = np.array([[np.mean(x * x), x.mean()], [x.mean(), 1.0]])
    limit = 2 / np.linalg.eigvalsh(2 * gram)[-1]  # 2 / λmax of the MSE's Hessian 2·XᵀX/n
    [warning] = at.warning
    assert "x spans up to 2,100" in warning.value and f"{limit:.3g}" in warning.value
    at.toggle(key="std").set_value(True).run()
    assert_clean(at)
    assert not at.warning
    assert f"x′ = (x − {x.mean():.4g}) / {x.std():.4g}" in captions(at)


def test_a_table_too_long_for_a_link_says_so_and_leaves_the_link() -> None:
    rows = "\n".join(f"{i},{2 * i + 1}" for i in range(SHARE_ROWS + 1))
    at = open_page("forward", query={"data": "own", "own": "x,y\n1,2\n2,3"})
    at.text_area(key="own_paste").input(rows)
    at.button[0].click().run()
    assert_clean(at)
    assert "own" not in at.query_params
    assert f"more than the {SHARE_ROWS} a share link carries" in captions(at)


def test_choosing_a_built_in_dataset_drops_the_table_from_the_link() -> None:
    at = open_page("forward", query={"data": "own", "own": LINK})
    at.selectbox(key="data").set_value("five_points").run()
    assert_clean(at)
    assert "own" not in at.query_params


def test_batching_races_on_own_data_up_to_its_stability_limit_and_on_a_sample_of_a_large_file() -> None:
    at = open_page("batching", query={"data": "own", "own": LINK})
    assert_clean(at)
    lr = at.slider(key="own_lr")
    gram = np.array([[np.mean(X * X), X.mean()], [X.mean(), 1.0]])
    limit = 2 / np.linalg.eigvalsh(2 * gram)[-1]
    assert lr.max == pytest.approx(limit, rel=0.6) and lr.max <= limit  # a nice step × 100, below the limit
    assert at.slider(key="own_batch").max == len(X)
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 5, 1000)
    at.text_area(key="own_paste").input("\n".join(f"{a:.4f},{3 * a + 1:.4f}" for a in x))
    at.button[0].click().run()
    assert_clean(at)
    assert "the 200 rows drawn from your file" in captions(at)
    assert at.slider(key="own_batch").max == 200
