// gdviz's chart element (a Streamlit v2 component, see gdviz/ui/layout.py `chart`).
//
// Streamlit's own st.plotly_chart gives each new figure a new element id, so every slider step
// unmounts the chart, builds a new Plotly div from nothing and then draws it a second time once its
// width is known. This component keeps one div per chart (its key) for the life of the page and
// moves each new figure into it with a single Plotly.react, which only redraws what changed.
//
// data: the bytes of {"src": URL of plotly.min.js, "unavailable": the message shown if it cannot be
// loaded, "config": Plotly config, "figure": the figure}.

const decoder = new TextDecoder();

function loadPlotly(src) {
  window.__gdvizPlotly ??= new Promise((resolve, reject) => {
    if (window.Plotly) return resolve(window.Plotly);
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
  return window.__gdvizPlotly;
}

export default function ({ data, parentElement }) {
  const text = typeof data === "string" ? data : decoder.decode(data);
  let div = parentElement.querySelector(":scope > div.gdviz-chart");
  if (!div) {
    div = document.createElement("div");
    div.className = "gdviz-chart";
    div.style.width = "100%";
    parentElement.appendChild(div);
  }
  if (div.__gdvizText === text) return; // the same figure again (a full rerun): nothing to redraw
  div.__gdvizText = text;
  const { src, unavailable, config, figure } = JSON.parse(text);
  loadPlotly(src).then(
    (Plotly) => {
      if (div.__gdvizText !== text) return; // a newer figure arrived while plotly.js was loading
      parentElement.querySelector(":scope > .gdviz-chart-error")?.remove();
      const first = !div.__gdvizDrawn;
      div.__gdvizDrawn = true;
      Plotly.react(div, { data: figure.data, layout: figure.layout, frames: figure.frames || [], config });
      if (first) {
        // Follow the column's width (the sidebar opening, the window resizing), not only the window's.
        new ResizeObserver(() => div.isConnected && div._fullLayout && Plotly.Plots.resize(div)).observe(div);
      }
    },
    (error) => {
      window.__gdvizPlotly = undefined; // the next figure tries again
      div.__gdvizText = undefined;
      const note = parentElement.querySelector(":scope > .gdviz-chart-error") ?? document.createElement("p");
      note.className = "gdviz-chart-error";
      note.textContent = unavailable.replace("{error}", error.message);
      parentElement.appendChild(note);
    },
  );
}
