// gdviz's chart element (a Streamlit v2 component declared in gdviz/ui/chart_element.py, drawn by
// gdviz/ui/layout.py `chart`). The component's own code is a two-line loader that imports this
// module, so this file crosses the network once per page load, not with every chart on every step.
//
// Streamlit's own st.plotly_chart gives each new figure a new element id, so every slider step
// unmounts the chart, builds a new Plotly div from nothing and then draws it a second time once its
// width is known. This component keeps one div per chart (its key) for the life of the page. A new
// figure that only moves some traces and rewrites some annotations is moved in (Plotly.animate and
// Plotly.relayout, see `changes`); any other is drawn with a single Plotly.react.
//
// data: the bytes of {"src": URL of the plotly.js that draws the figure, "unavailable": the message
// shown if it cannot be loaded, "config": Plotly config, "figure": the figure}; without a figure, the
// element only loads plotly.js. A large part of the figure (a trace, the frames, the layout's
// template) that this page already has comes as {"$part": id} alone; a new one as {"$part": id,
// "value": the part}, and it is kept under its id. A slider step thus sends what changed: the
// contours, the data points and the whole paths of a figure are sent once.

import { loadPlotly, plotlys } from "./plotly_loader.js";

const decoder = new TextDecoder();

// Each figure's reading (JSON, parts, frames) and drawing (Plotly) as User Timing measures: DevTools'
// Performance panel shows them, and bench/browser_bench.py adds them up per slider step to tell how
// much of a step the charts themselves take. Cleared now and then, so a long lesson keeps no pile.
let measures = 0;
function measure(name, start) {
  performance.measure(name, { start, end: performance.now() });
  if (++measures % 1000 === 0) {
    performance.clearMeasures("gdviz.chart.read");
    performance.clearMeasures("gdviz.chart.draw");
  }
}

// Parts by id, for the life of the page (the server remembers which ones it sent this session), least
// recently used first. The server only refers to a part it sent in each of its last two figures of a
// chart, so a figure the browser skipped (two quick steps, drawn once) loses nothing.
const parts = (window.__gdvizParts ??= new Map());
const MAX_PARTS = 400;

class MissingPart extends Error {}

function resolvePart(slot) {
  if (slot === null || typeof slot !== "object" || !("$part" in slot)) return slot;
  const id = slot.$part;
  const value = "value" in slot ? decodeTyped(slot.value) : parts.get(id);
  if (value === undefined) throw new MissingPart(id);
  parts.delete(id);
  parts.set(id, value);
  if (parts.size > MAX_PARTS) parts.delete(parts.keys().next().value);
  return value;
}

// Plotly's typed arrays ({"dtype": "f4", "bdata": base64}), by dtype.
const TYPED = {
  f4: Float32Array, f8: Float64Array, i1: Int8Array, u1: Uint8Array, i2: Int16Array, u2: Uint16Array,
  i4: Int32Array, u4: Uint32Array,
};

// One dimension, or two as Plotly writes a matrix ("rows,columns", rows first).
function isTypedSpec(value) {
  return (
    typeof value.bdata === "string" &&
    TYPED[value.dtype] !== undefined &&
    (value.shape === undefined || String(value.shape).split(",").length === 2)
  );
}

// As Plotly decodes it: a typed array, or an array of typed rows for a matrix.
function typedArray(spec) {
  const bytes = Uint8Array.from(atob(spec.bdata), (c) => c.charCodeAt(0));
  const flat = new TYPED[spec.dtype](bytes.buffer);
  if (spec.shape === undefined) return flat;
  const [rows, columns] = String(spec.shape).split(",").map(Number);
  return Array.from({ length: rows }, (_, row) => flat.subarray(row * columns, (row + 1) * columns));
}

// A part's typed arrays become JavaScript typed arrays once, when it arrives, in place. Plotly would
// decode them again on every draw of the chart, every trace on every step (a contour's whole grid
// among them); a part drawn again is now the very same arrays, which Plotly.react also reads as
// unchanged.
function decodeTyped(value) {
  if (value === null || typeof value !== "object") return value;
  if (!Array.isArray(value) && isTypedSpec(value)) return typedArray(value);
  for (const key in value) value[key] = decodeTyped(value[key]);
  return value;
}

function plainArray(value) {
  if (Array.isArray(value)) return value;
  if (ArrayBuffer.isView(value)) return Array.from(value);
  if (value && isTypedSpec(value)) return Array.from(typedArray(value));
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

// What a figure's slot names: a part by its id, anything else by its JSON. Two figures whose slots
// have the same keys have the same content there.
function slotKey(slot) {
  return slot !== null && typeof slot === "object" && "$part" in slot ? `$${slot.$part}` : JSON.stringify(slot);
}

// Attributes of a scatter trace moved without redrawing the chart around it: by Plotly.animate on a
// chart of scatter traces; on a chart with others (a contour), by a Plotly.react with a transition,
// which Plotly only takes for attributes it can animate.
const MOVABLE = new Set(["x", "y", "customdata"]);
const ANIMATED = new Set(["x", "y"]);

function sameExcept(movable, a, b) {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!movable.has(key) && JSON.stringify(a[key]) !== JSON.stringify(b[key])) return false;
  }
  return true;
}

// What changed from the chart drawn from `last` to `next`: the traces to move and the annotations to
// redraw (either possibly none), or null when the chart must be drawn anew with Plotly.react.
// Plotly.react replots the whole chart (its axes, legend, annotations, scrub slider and every trace)
// when any data array changes, 40-120 ms for a lesson's animated panels. A slider step mostly moves a
// run's line and marker and rewrites a label: Plotly.animate redraws the traces alone, and
// Plotly.relayout those annotations alone. Only scatter traces on fixed axes are moved (no axis is
// rescaled). Plotly.animate draws each subplot with only the animated traces of animatable types,
// removing the others: it is given every trace, and a chart with other types (a contour) moves its
// traces by a Plotly.react with a transition instead, which draws every trace but nothing else.
function changes(div, last, next) {
  if (!last || !div._fullLayout || div._transitioning || div._transitionData?._frameQueue?.length) return null;
  if (last.layoutKey !== next.layoutKey || last.configKey !== next.configKey) return null;
  if (last.traceKeys.length !== next.traceKeys.length) return null;
  if (last.annotationKeys.length !== next.annotationKeys.length) return null;
  // A scrubbed slider is set back by drawing the chart anew, as the figure says.
  const sliders = next.layout.sliders ?? [];
  if (sliders.some((slider, i) => (div.layout.sliders?.[i]?.active ?? 0) !== (slider.active ?? 0))) return null;
  const full = div._fullLayout;
  const axes = [...(full._subplots?.xaxis ?? []), ...(full._subplots?.yaxis ?? [])];
  if (axes.some((id) => full[`${id[0]}axis${id.slice(1)}`]?.autorange)) return null;
  const animate = div._fullData.every((trace) => trace.type === "scatter");
  const moved = [];
  for (let i = 0; i < next.traceKeys.length; i++) {
    if (next.traceKeys[i] === last.traceKeys[i]) continue;
    if (div._fullData[i]?.type !== "scatter") return null;
    if (!sameExcept(animate ? MOVABLE : ANIMATED, last.traces[i], next.traces[i])) return null;
    moved.push(i);
  }
  const annotations = next.annotationKeys.flatMap((key, i) => (key === last.annotationKeys[i] ? [] : [i]));
  return { moved, annotations, animate };
}

async function draw(Plotly, div, next, config) {
  if (div.__gdvizPlotly !== Plotly) {
    // Drawn by another plotly.js (its figure's trace types now need the other one): start anew.
    div.__gdvizPlotly?.purge(div);
    div.__gdvizPlotly = Plotly;
    div.__gdvizLast = undefined;
  }
  const last = div.__gdvizLast;
  const changed = changes(div, last, next);
  div.__gdvizLast = next;
  // How this chart's figures reached it, for the browser tests: moved in, or drawn anew.
  const redraws = (div.__gdvizRedraws ??= { moved: 0, whole: 0 });
  if (changed === null) {
    redraws.whole += 1;
    // Copies: Plotly writes into the traces it draws (Plotly.animate sets their x and y), and these
    // are the parts kept for the figures to come.
    const data = next.traces.map((trace) => ({ ...trace }));
    await Plotly.react(div, { data, layout: next.layout, frames: next.frames, config });
    return;
  }
  redraws.moved += 1;
  // A frame's trail may be a slice of a trace (expandFrames): the same frames part with a moved trace
  // is new frames.
  const { moved, annotations, animate } = changed;
  if (next.framesKey !== last.framesKey || (moved.length && div._transitionData._frames.length)) {
    // Replace the frames, as Plotly.react does. Plotly.deleteFrames sorts the indices it is given as
    // text ("10" before "9") and then deletes the last first, which fails past ten frames; deleting
    // frame 0 as many times as there are frames does not depend on that order.
    await Plotly.deleteFrames(div, div._transitionData._frames.map(() => 0));
    await Plotly.addFrames(div, next.frames);
  }
  if (moved.length && animate) {
    const movable = (trace) =>
      Object.fromEntries([...MOVABLE].filter((key) => key in trace).map((key) => [key, trace[key]]));
    const data = next.traces.map((trace, i) => (moved.includes(i) ? movable(trace) : {}));
    await Plotly.animate(div, { data, traces: data.map((_, i) => i) }, {
      mode: "immediate", transition: { duration: 0 }, frame: { duration: 0, redraw: false },
    });
  } else if (moved.length) {
    // The traces it keeps are the ones it drew (the same arrays: unchanged), and the layout is the one
    // drawn (equal to the new one, annotations aside, which follow).
    const data = div.data.map((trace, i) => (moved.includes(i) ? { ...next.traces[i] } : trace));
    div.layout.transition = { duration: 0 };
    try {
      await Plotly.react(div, { data, layout: div.layout });
    } finally {
      delete div.layout.transition;
    }
  }
  if (annotations.length) {
    // Each changed annotation is replaced in the drawn layout and redrawn alone. A Plotly.relayout of
    // its text or position replots the whole chart (20-30 ms: those may widen an autoranged axis, and
    // these axes are fixed, see `changes`); an edit of its background colour alone makes Plotly read
    // the annotations from the layout again and draw only the edited ones (3-4 ms).
    const edits = {};
    for (const i of annotations) {
      div.layout.annotations[i] = { ...next.layout.annotations[i] };
      edits[`annotations[${i}].bgcolor`] = div.layout.annotations[i].bgcolor ?? null;
    }
    await Plotly.relayout(div, edits);
  }
}

export default function ({ data, parentElement, setTriggerValue }) {
  const received = performance.now();
  const text = decoder.decode(data);
  let div = parentElement.querySelector(":scope > div.gdviz-chart");
  if (div?.__gdvizText === text) return; // the same figure again (a full rerun): nothing to redraw
  const { src, unavailable, config, figure } = JSON.parse(text);
  if (figure === undefined) {
    // No figure: only load plotly.js, early (gdviz/ui/chart_element.py `load_plotly_early`). A chart
    // that finds it failed tries again, and says so in words if that fails too.
    loadPlotly(src).catch(() => plotlys.delete(src));
    return;
  }
  if (!div) {
    div = document.createElement("div");
    div.className = "gdviz-chart";
    div.style.width = "100%";
    parentElement.appendChild(div);
  }
  div.__gdvizText = text;
  const next = {
    traceKeys: figure.data.map(slotKey),
    framesKey: slotKey(figure.frames),
    layoutKey: JSON.stringify({ ...figure.layout, template: slotKey(figure.layout.template), annotations: undefined }),
    annotationKeys: (figure.layout.annotations ?? []).map((annotation) => JSON.stringify(annotation)),
    configKey: JSON.stringify(config),
    layout: figure.layout,
  };
  try {
    next.traces = figure.data.map(resolvePart);
    next.frames = expandFrames(resolvePart(figure.frames) || [], next.traces);
    if (figure.layout.template) figure.layout.template = resolvePart(figure.layout.template);
    measure("gdviz.chart.read", received);
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
      // One drawing at a time per chart, and only the newest figure: a figure that arrives while
      // plotly.js loads or the chart is still drawing waits, and replaces any figure waiting before it.
      div.__gdvizDrawing = (div.__gdvizDrawing ?? Promise.resolve())
        .then(async () => {
          if (div.__gdvizText !== text) return;
          parentElement.querySelector(":scope > .gdviz-chart-error")?.remove();
          if (!div.__gdvizPlotly) {
            // Follow the column's width (the sidebar opening, the window resizing), not only the window's.
            const resize = () => div.isConnected && div._fullLayout && div.__gdvizPlotly.Plots.resize(div);
            new ResizeObserver(resize).observe(div);
          }
          const start = performance.now();
          await draw(Plotly, div, next, config);
          measure("gdviz.chart.draw", start);
        })
        .catch((error) => {
          div.__gdvizLast = undefined; // draw the next figure anew
          console.error(error);
        });
    },
    (error) => {
      plotlys.delete(src); // the next figure tries again
      div.__gdvizText = undefined;
      const note = parentElement.querySelector(":scope > .gdviz-chart-error") ?? document.createElement("p");
      note.className = "gdviz-chart-error";
      note.textContent = unavailable.replace("{error}", error.message);
      parentElement.appendChild(note);
    },
  );
}
