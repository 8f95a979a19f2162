// gdviz's chart element (a Streamlit v2 component, see gdviz/ui/layout.py `chart`). The component's
// own code is a two-line loader that imports this module, so this file crosses the network once per
// page load, not with every chart on every slider step.
//
// Streamlit's own st.plotly_chart gives each new figure a new element id, so every slider step
// unmounts the chart, builds a new Plotly div from nothing and then draws it a second time once its
// width is known. This component keeps one div per chart (its key) for the life of the page and
// moves each new figure into it with a single Plotly.react, which only redraws what changed.
//
// data: the bytes of {"src": URL of plotly.min.js, "unavailable": the message shown if it cannot be
// loaded, "config": Plotly config, "figure": the figure}. A large part of the figure (a trace, the
// frames, the layout's template) that this page already has comes as {"$part": id} alone; a new one
// as {"$part": id, "value": the part}, and it is kept under its id. A slider step thus sends what
// changed: the contours, the data points and the whole paths of a figure are sent once.

const decoder = new TextDecoder();

// Parts by id, for the life of the page (the server remembers which ones it sent this session), least
// recently used first. The server only refers to a part it sent in each of its last two figures of a
// chart, so a figure the browser skipped (two quick steps, drawn once) loses nothing.
const parts = (window.__gdvizParts ??= new Map());
const MAX_PARTS = 400;

class MissingPart extends Error {}

function resolvePart(slot) {
  if (slot === null || typeof slot !== "object" || !("$part" in slot)) return slot;
  const id = slot.$part;
  const value = "value" in slot ? slot.value : parts.get(id);
  if (value === undefined) throw new MissingPart(id);
  parts.delete(id);
  parts.set(id, value);
  if (parts.size > MAX_PARTS) parts.delete(parts.keys().next().value);
  return value;
}

function scriptTag(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
}

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

// Streamlit serves component files without caching headers, so the browser would download plotly.js
// (4.6 MB) again on every page load: a classroom reloading at once shares one Wi-Fi. The script is
// kept in IndexedDB (it works over plain http, unlike the Cache API), under its versioned URL.
async function cachedScript(src) {
  const open = indexedDB.open("gdviz", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("scripts");
  const db = await request(open);
  try {
    let text = await request(db.transaction("scripts").objectStore("scripts").get(src));
    if (typeof text !== "string") {
      const response = await fetch(src);
      if (!response.ok) throw new Error(`could not load ${src} (${response.status})`);
      text = await response.text();
      const store = db.transaction("scripts", "readwrite").objectStore("scripts");
      store.clear(); // an older plotly.js, from before an upgrade
      store.put(text, src);
    }
    const url = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
    try {
      await scriptTag(url);
    } finally {
      URL.revokeObjectURL(url);
    }
  } finally {
    db.close();
  }
}

function loadPlotly(src) {
  window.__gdvizPlotly ??= (window.Plotly ? Promise.resolve() : cachedScript(src).catch(() => scriptTag(src))).then(() => {
    if (!window.Plotly) throw new Error(`${src} did not define Plotly`);
    return window.Plotly;
  });
  return window.__gdvizPlotly;
}

// Plotly's typed arrays ({"dtype": "f4", "bdata": base64}), by dtype.
const TYPED = {
  f4: Float32Array, f8: Float64Array, i1: Int8Array, u1: Uint8Array, i2: Int16Array, u2: Uint16Array,
  i4: Int32Array, u4: Uint32Array,
};

function plainArray(value) {
  if (Array.isArray(value)) return value;
  if (value && typeof value.bdata === "string" && TYPED[value.dtype]) {
    const bytes = Uint8Array.from(atob(value.bdata), (c) => c.charCodeAt(0));
    return Array.from(new TYPED[value.dtype](bytes.buffer));
  }
  return [];
}

// A frame's array may be {"$slice": [trace, start, stop], "then": [...]}: elements start..stop of the
// same array of the figure's trace, then a few numbers (gdviz/figures/theme.py `frame_slice`).
const SLICED = ["x", "y", "customdata"];

function expandFrames(frames, traces) {
  const sources = new Map();
  const source = (index, key) => {
    const id = `${index}/${key}`;
    if (!sources.has(id)) sources.set(id, plainArray(traces[index]?.[key]));
    return sources.get(id);
  };
  const expand = (trace) => {
    if (!SLICED.some((key) => trace[key]?.$slice)) return trace;
    const out = { ...trace };
    for (const key of SLICED) {
      const spec = trace[key];
      if (!spec?.$slice) continue;
      const [index, start, stop] = spec.$slice;
      out[key] = source(index, key).slice(start, stop).concat(plainArray(spec.then ?? []));
    }
    return out;
  };
  return frames.map((frame) => (frame.data ? { ...frame, data: frame.data.map(expand) } : frame));
}

export default function ({ data, parentElement, setTriggerValue }) {
  const text = decoder.decode(data);
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
  let traces, frames;
  try {
    traces = figure.data.map(resolvePart);
    frames = expandFrames(resolvePart(figure.frames) || [], traces);
    if (figure.layout.template) figure.layout.template = resolvePart(figure.layout.template);
  } catch (error) {
    if (!(error instanceof MissingPart)) throw error;
    // A part this page does not have (dropped to stay within MAX_PARTS, or only in figures this page
    // never drew): ask for the whole figure again.
    div.__gdvizText = undefined;
    setTriggerValue("missing", error.message);
    return;
  }
  loadPlotly(src).then(
    (Plotly) => {
      if (div.__gdvizText !== text) return; // a newer figure arrived while plotly.js was loading
      parentElement.querySelector(":scope > .gdviz-chart-error")?.remove();
      const first = !div.__gdvizDrawn;
      div.__gdvizDrawn = true;
      Plotly.react(div, { data: traces, layout: figure.layout, frames, config });
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
