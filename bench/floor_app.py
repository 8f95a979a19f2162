"""The floor app: the cheapest page a Streamlit slider can drive (one slider, one 7-point Plotly chart).

Every gdviz page is timed against this page in the same run (``python bench/run.py``): whatever a
slider step costs here is the price of Streamlit and Plotly themselves, so a page's ratio to the
floor is the cost of what the page adds. Nothing else goes on this page.
"""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="floor", layout="wide")

x = [1, 2, 3, 4, 5, 6, 7]
w = st.slider("w", min_value=0.0, max_value=2.0, value=1.0, step=0.01)
fig = go.Figure(go.Scatter(x=x, y=[w * xi for xi in x], mode="markers+lines"))
# Fixed axes, as on the gdviz pages, so a step redraws the trace and never rescales the axes. The
# chart is Streamlit's own, the one any Streamlit page has (gdviz draws with gdviz/ui/static/live.js);
# theme=None, as gdviz's figures carry their own template instead of Streamlit's theme.
fig.update_layout(xaxis_range=[0, 8], yaxis_range=[0, 15], height=420)
st.plotly_chart(fig, width="stretch", theme=None)
