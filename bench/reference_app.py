"""The drag reference: how fast a bare page can follow a dragged slider with plotly.js.

One element and nothing else: an ``<input type=range>`` and a two-panel forward-pass figure (the
tadpole's 7 points with their error segments and the line; MSE(w) with its marker, its tangent and one
annotation), whose 201 states along w (0 to 2 by 0.01) NumPy computes here as Plotly frames. Every
``input`` event of the range shows its frame with ``Plotly.animate``. bench/drag_bench.py drags this
slider and each lesson's live controls with the same pointer moves and compares the charts' redraw
rates. Nothing else goes on this page.
"""

import json
import sys
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gdviz.ui.plotly_js import plotly_js_url

st.set_page_config(page_title="reference", layout="wide")

JS = """
export default function ({ data, parentElement }) {
  if (parentElement.__reference) return;
  parentElement.__reference = true;
  const spec = JSON.parse(new TextDecoder().decode(data));
  const input = Object.assign(document.createElement("input"), { type: "range", min: 0, value: 200 });
  input.max = String(spec.figure.frames.length - 1);
  input.setAttribute("aria-label", "weight w");
  input.style.width = "100%";
  const div = document.createElement("div");
  parentElement.append(input, div);
  const script = Object.assign(document.createElement("script"), { src: spec.src });
  script.onload = async () => {
    await Plotly.newPlot(div, spec.figure.data, spec.figure.layout);
    await Plotly.addFrames(div, spec.figure.frames);
    const options = { mode: "immediate", transition: { duration: 0 }, frame: { duration: 0, redraw: false } };
    input.addEventListener("input", () => Plotly.animate(div, [input.value], options));
  };
  document.head.append(script);
}
"""


@st.cache_resource
def figure_json() -> str:
    x = np.arange(1.0, 8.0)
    y = np.array([0.9, 1.5, 2.6, 3.1, 4.2, 4.6, 5.7])
    ws = np.round(np.arange(0.0, 2.0 + 1e-9, 0.01), 2)
    y_hat = ws[:, None] * x  # (201, 7)
    error = y_hat - y
    mse = (error**2).mean(axis=1)
    slope = 2 * (error * x).mean(axis=1)

    def segments(keep: np.ndarray, ends: np.ndarray) -> np.ndarray:
        rows = np.full((7, 3), np.nan)
        rows[:, 0] = np.where(keep, y, np.nan)
        rows[:, 1] = np.where(keep, ends, np.nan)
        return rows.ravel()

    seg_x = np.repeat(x, 3).reshape(7, 3)
    seg_x[:, 2] = np.nan

    def moving(i: int) -> list[go.Scatter]:
        above = error[i] > 0
        half = 0.25
        return [
            go.Scatter(x=[0, 8], y=[0, 8 * ws[i]]),
            go.Scatter(x=seg_x.ravel(), y=segments(above, y_hat[i])),
            go.Scatter(x=seg_x.ravel(), y=segments(~above, y_hat[i])),
            go.Scatter(x=[ws[i]], y=[mse[i]]),
            go.Scatter(x=[ws[i] - half, ws[i] + half], y=[mse[i] - half * slope[i], mse[i] + half * slope[i]]),
        ]

    fig = make_subplots(rows=1, cols=2)
    fig.add_trace(go.Scatter(x=x, y=y, mode="markers", marker_size=10, name="data"), row=1, col=1)
    start = moving(200)
    fig.add_trace(start[0].update(mode="lines", name="line"), row=1, col=1)
    fig.add_trace(start[1].update(mode="lines", line_dash="dash", name="error > 0"), row=1, col=1)
    fig.add_trace(start[2].update(mode="lines", line_dash="dash", name="error < 0"), row=1, col=1)
    fig.add_trace(go.Scatter(x=ws, y=mse, mode="lines", name="MSE(w)"), row=1, col=2)
    fig.add_trace(start[3].update(mode="markers", marker_size=14, name="current"), row=1, col=2)
    fig.add_trace(start[4].update(mode="lines", name="tangent"), row=1, col=2)
    fig.add_annotation(x=0.8, y=12, text="MSE(w)", showarrow=False, row=1, col=2)
    fig.frames = [go.Frame(data=moving(i), traces=[1, 2, 3, 5, 6], name=str(i)) for i in range(ws.size)]
    fig.update_xaxes(range=[0, 8], row=1, col=1)
    fig.update_yaxes(range=[-1, 15], row=1, col=1)
    fig.update_xaxes(range=[-0.05, 2.05], row=1, col=2)
    fig.update_yaxes(range=[-1, 30], row=1, col=2)
    fig.update_layout(height=440, template="plotly_white")
    return fig.to_json()


element = st.components.v2.component("reference.drag", js=JS, isolate_styles=False)
element(
    data=f'{{"src":{json.dumps(plotly_js_url({"scatter"}))},"figure":{figure_json()}}}'.encode(),
    key="reference",
)
