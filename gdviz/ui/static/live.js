// gdviz's live elements (gdviz/ui/live.py): a slider, and the charts and texts that follow it.
//
// Python computed every state along the control (gdviz/figures/live.py): for each moving trace an
// array with one row per value of the control, for each text slot a string per value. While the
// slider is dragged or stepped with the keys, this module shows row i everywhere and sends nothing;
// when it is let go, the index is committed once (setTriggerValue("commit", i)) and the page reruns.
// It computes nothing about the lesson: it selects rows.
//
// The elements of one control meet on a channel (the control's key and grid), kept on window: the
// slider publishes the index it shows, the charts and texts follow it.
//
// Outside Streamlit (a lesson exported as one HTML file, gdviz/export.py) the page calls mount() for
// each element itself, with plotly.js already on the page.

// plotly.js for a chart: loaded once from its URL (plotly_loader.js), or the page's own when the chart
// names none. Imported when first needed, so the module also runs where there is no file beside it.
const loadPlotly = (src) =>
  src ? import("./plotly_loader.js").then((loader) => loader.loadPlotly(src)) : Promise.resolve(window.Plotly);

const decoder = new TextDecoder();
const channels = (window.__gdvizLive ??= new Map());

function channel(id) {
  if (!channels.has(id)) channels.set(id, { index: null, listeners: new Set() });
  return channels.get(id);
}

function publish(id, index) {
  const ch = channel(id);
  if (ch.index === index) return;
  ch.index = index;
  for (const listener of ch.listeners) listener(index);
}

function subscribe(id, listener) {
  const ch = channel(id);
  ch.listeners.add(listener);
  return () => ch.listeners.delete(listener);
}

// ---------------------------------------------------------------------------------------------------
// The slider.

const KEYS = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10, PageDown: -10 };
const TOUCH_SLOP_PX = 8; // a touch moves the value only once it has moved this far sideways
const KEYS_QUIET_MS = 400; // keys commit once they have been let go this long: five taps, one commit
// A clock (the step or epoch of a run) plays through its values in about PLAY_MS, at most one value
// a frame and at least PLAY_MIN_STEP_MS a value, so a short run does not flash past.
const PLAY_MS = 6000;
const PLAY_MIN_STEP_MS = 150;

function buildSlider(root) {
  const box = document.createElement("div");
  box.className = "gdviz-live-slider";
  box.innerHTML =
    '<div class="gdviz-live-head"><button type="button" class="gdviz-live-play" hidden></button>' +
    '<span class="gdviz-live-label"></span><output class="gdviz-live-value"></output></div>' +
    '<div class="gdviz-live-track" role="slider" tabindex="0">' +
    '<div class="gdviz-live-rail"><div class="gdviz-live-fill"></div></div><div class="gdviz-live-thumb"></div></div>' +
    '<div class="gdviz-live-help"></div>';
  root.appendChild(box);
  const state = {
    box,
    label: box.querySelector(".gdviz-live-label"),
    output: box.querySelector(".gdviz-live-value"),
    track: box.querySelector(".gdviz-live-track"),
    fill: box.querySelector(".gdviz-live-fill"),
    thumb: box.querySelector(".gdviz-live-thumb"),
    help: box.querySelector(".gdviz-live-help"),
    play: box.querySelector(".gdviz-live-play"),
    playing: 0, // the play timer while a clock plays
    spec: null,
    index: 0,
    committed: 0,
    drag: null,
    moved: false, // the hand moved the value since the last commit
    commit: () => {},
  };
  const { track } = state;
  const indexAt = (clientX) => {
    const rail = track.getBoundingClientRect();
    const inset = state.thumb.offsetWidth / 2;
    const fraction = (clientX - rail.left - inset) / Math.max(1, rail.width - 2 * inset);
    return Math.round(Math.min(1, Math.max(0, fraction)) * (state.spec.values.length - 1));
  };
  track.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || !state.spec) return;
    stop(state, false);
    const touch = event.pointerType === "touch";
    state.drag = { id: event.pointerId, x: event.clientX, touch, moved: !touch };
    track.setPointerCapture(event.pointerId);
    track.focus({ preventScroll: true });
    if (!touch) {
      event.preventDefault(); // no text selection while dragging
      move(state, indexAt(event.clientX));
    }
  });
  track.addEventListener("pointermove", (event) => {
    const drag = state.drag;
    if (!drag || drag.id !== event.pointerId) return;
    if (!drag.moved && Math.abs(event.clientX - drag.x) < TOUCH_SLOP_PX) return;
    drag.moved = true;
    move(state, indexAt(event.clientX));
  });
  const release = (event, cancelled) => {
    const drag = state.drag;
    if (!drag || drag.id !== event.pointerId) return;
    state.drag = null;
    // A touch that never moved sideways is a tap: it sets the value where it landed. One that the page
    // took for a scroll (pointercancel) changes nothing.
    if (!cancelled && drag.touch && !drag.moved) move(state, indexAt(event.clientX));
    state.commit();
  };
  track.addEventListener("pointerup", (event) => release(event, false));
  track.addEventListener("pointercancel", (event) => release(event, true));
  track.addEventListener("keydown", (event) => {
    if (!state.spec) return;
    const last = state.spec.values.length - 1;
    let next;
    if (event.key in KEYS) next = state.index + KEYS[event.key];
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = last;
    else return;
    event.preventDefault();
    stop(state, false);
    clearTimeout(state.quiet);
    move(state, Math.min(last, Math.max(0, next)));
  });
  track.addEventListener("keyup", (event) => {
    if (!(event.key in KEYS || event.key === "Home" || event.key === "End")) return;
    clearTimeout(state.quiet);
    state.quiet = setTimeout(() => state.commit(), KEYS_QUIET_MS);
  });
  track.addEventListener("blur", () => state.playing || state.commit());
  state.play.addEventListener("click", () => toggle(state));
  clocks.add(state);
  return state;
}

// ---------------------------------------------------------------------------------------------------
// Playing a clock, and the presenter's keys: Space plays or pauses the page's clock, "." and ","
// step it by one (the focused clock, else the first on the page). A clicker's keys need no focus.

const clocks = (window.__gdvizClocks ??= new Set());

function toggle(state) {
  if (state.playing) stop(state, true);
  else play(state);
}

function play(state) {
  const last = state.spec.values.length - 1;
  if (state.index >= last) move(state, 0); // played to its end: from the start again
  const every = Math.max(PLAY_MIN_STEP_MS, PLAY_MS / last);
  state.playing = setInterval(() => {
    if (state.index >= last) return stop(state, true);
    move(state, state.index + 1);
    if (state.index >= last) stop(state, true);
  }, every);
  label(state);
}

// Stop playing; `commit`: keep the value it stopped at (pausing, or the end), else the hand took over.
function stop(state, commit) {
  if (!state.playing) return;
  clearInterval(state.playing);
  state.playing = 0;
  label(state);
  if (commit) state.commit();
}

function label(state) {
  const words = state.spec?.play;
  if (!words) return;
  const text = state.playing ? words.pause : words.play;
  state.play.textContent = state.playing ? "\u275a\u275a" : "\u25b6";
  state.play.setAttribute("aria-label", text);
  state.play.title = `${text} (${words.keys})`;
  state.play.setAttribute("aria-pressed", String(Boolean(state.playing)));
}

const PRESENTER_KEYS = { " ": 0, ".": 1, ",": -1 };

// The clock the presenter's keys drive: the focused one, else the first shown on the page.
function presented() {
  const shown = [...clocks].filter((state) => state.box.isConnected && state.spec?.play);
  const focused = shown.find((state) => state.box.contains(document.activeElement));
  if (focused) return focused;
  return shown.sort((a, b) => (a.box.compareDocumentPosition(b.box) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0];
}

if (!window.__gdvizPresenterKeys) {
  window.__gdvizPresenterKeys = true;
  document.addEventListener("keydown", (event) => {
    if (!(event.key in PRESENTER_KEYS) || event.altKey || event.ctrlKey || event.metaKey) return;
    const at = document.activeElement;
    // Typing, or Space on a button, a box or a link, keeps its own meaning.
    const typing = at?.closest?.("input, textarea, select, [contenteditable]:not([contenteditable='false'])");
    const pressing = at?.closest?.("button, a, summary, [role='button'], [role='checkbox'], [role='switch'], [role='radio']");
    if (typing || (event.key === " " && pressing)) return;
    const state = presented();
    if (!state) return;
    event.preventDefault();
    if (event.key === " ") return toggle(state);
    stop(state, false);
    const last = state.spec.values.length - 1;
    move(state, Math.min(last, Math.max(0, state.index + PRESENTER_KEYS[event.key])));
    clearTimeout(state.quiet);
    state.quiet = setTimeout(() => state.commit(), KEYS_QUIET_MS);
  });
}

// The hand moves the value: shown at once, committed later (on release, or once the keys rest).
function move(state, index) {
  state.moved = true;
  show(state, index);
}

function show(state, index) {
  const { spec } = state;
  state.index = index;
  const text = spec.texts[index];
  state.output.textContent = text;
  state.track.setAttribute("aria-valuenow", String(spec.values[index]));
  state.track.setAttribute("aria-valuetext", text);
  state.box.style.setProperty("--gdviz-live-at", String(index / (spec.values.length - 1)));
  publish(spec.channel, index);
}

function mountSlider(root, spec, setTriggerValue) {
  const state = (root.__gdvizLive ??= buildSlider(root));
  state.spec = spec;
  state.label.textContent = spec.label;
  state.help.textContent = spec.help ?? "";
  state.help.hidden = !spec.help;
  state.play.hidden = !spec.play;
  label(state);
  const { track } = state;
  track.setAttribute("aria-label", spec.label);
  track.setAttribute("aria-valuemin", String(spec.values[0]));
  track.setAttribute("aria-valuemax", String(spec.values[spec.values.length - 1]));
  state.commit = () => {
    clearTimeout(state.quiet);
    state.moved = false;
    if (state.index === state.committed) return;
    state.committed = state.index;
    setTriggerValue("commit", state.index);
  };
  // The server's value, unless the hand has moved it since its last commit (a drag under way, keys not
  // yet at rest): a rerun answering an earlier commit must not pull the thumb back under the hand.
  if (state.drag || state.moved || state.playing) {
    publish(spec.channel, state.index);
  } else {
    state.committed = spec.index;
    show(state, spec.index);
  }
  return () => stop(state, false);
}

// ---------------------------------------------------------------------------------------------------
// Charts and texts: follow their controls' channels, at most one redraw per animation frame, always the
// newest index of the control that moved last. Rows along one control hold the others at their
// committed values, so a chart or text drawn anew shows every control's current row in turn.

function follower(root) {
  return (root.__gdvizLive ??= { want: null, shown: new Map(), busy: false, frame: 0, unsubscribe: [] });
}

function schedule(state, key, index) {
  state.want = [key, index];
  if (!state.frame) state.frame = requestAnimationFrame(() => flush(state));
}

async function flush(state) {
  state.frame = 0;
  if (state.busy || state.want === null) return;
  const [key, index] = state.want;
  if (state.shown.get(key) === index && !state.anew) return;
  state.busy = true;
  // Taken now: a new figure arriving while this one draws sets it again, and is drawn anew next.
  const anew = state.anew;
  state.anew = false;
  try {
    await state.draw(key, index, anew);
  } catch (error) {
    console.error(error); // shown as failed, not tried again until the index moves
  } finally {
    state.shown.set(key, index);
    state.busy = false;
  }
  const [nextKey, nextIndex] = state.want;
  if (state.shown.get(nextKey) !== nextIndex || state.anew) schedule(state, nextKey, nextIndex);
}

// Follow each control (key -> channel); a new figure or template is drawn anew at once.
function follow(state, channels, draw) {
  for (const stop of state.unsubscribe) stop();
  state.draw = draw;
  state.anew = true;
  state.shown = new Map();
  state.unsubscribe = Object.entries(channels).map(([key, id]) =>
    subscribe(id, (index) => schedule(state, key, index)),
  );
  // Drawn at once, at the first control's current index (a figure that follows none is drawn too).
  const [key, id] = Object.entries(channels)[0] ?? [null, null];
  schedule(state, key, id === null ? null : channel(id).index);
  return () => {
    for (const stop of state.unsubscribe) stop();
    state.unsubscribe = [];
    if (state.frame) cancelAnimationFrame(state.frame);
    state.frame = 0;
  };
}

// The current index of a control, or null before its slider has shown one.
const current = (channels, key) => channel(channels[key]).index;

// Plotly's typed arrays ({"dtype": "f4", "bdata": base64, "shape": "s,m"}): the rows of a state array.
// Text that follows a control comes as a plain list of rows.
function rows(spec) {
  if (Array.isArray(spec)) return (i) => spec[i];
  const flat = decode(spec);
  const width = Number(String(spec.shape).split(",")[1]);
  return (i) => flat.subarray(i * width, (i + 1) * width);
}

const TYPED = {
  f4: Float32Array, f8: Float64Array, i1: Int8Array, u1: Uint8Array, i2: Int16Array, u2: Uint16Array,
  i4: Int32Array, u4: Uint32Array,
};

// An array of a figure as a JavaScript array: a plain list, or a typed array's numbers.
function decode(spec) {
  if (spec === undefined || spec === null || Array.isArray(spec)) return spec ?? [];
  const bytes = Uint8Array.from(atob(spec.bdata), (c) => c.charCodeAt(0));
  return new TYPED[spec.dtype](bytes.buffer);
}

// A trail's rows are counts: it shows the first n points of another trace as that trace is shown now.
const PREFIX = "prefix:";

// The element's own div of this class, made on its first mount and kept after.
function own(root, className) {
  let div = root.querySelector(`:scope > div.${className}`);
  if (!div) {
    div = document.createElement("div");
    div.className = className;
    root.appendChild(div);
  }
  return div;
}

function mountChart(root, spec) {
  const div = own(root, "gdviz-chart");
  // The chart's room, kept before plotly.js has loaded and drawn: the page below must not jump down
  // under a reader's eyes (or a pressed pointer) when it arrives.
  div.style.minHeight = `${spec.figure.layout.height}px`;
  // Per control: its traces' indices in the figure and, for each, its attributes' rows.
  const channels = {};
  const moves = {};
  const find = (meta) => spec.figure.data.findIndex((trace) => trace.meta === meta);
  spec.moves.forEach((move, k) => {
    const key = `c${k}`;
    channels[key] = move.channel;
    moves[key] = Object.entries(move.traces).map(([meta, attributes]) => ({
      trace: find(meta),
      attributes: Object.entries(attributes).map(([name, array]) => [name, rows(array)]),
    }));
  });
  // What the traces that trails copy show now (x and y), as the figure has them until a control moves them.
  let shown = new Map();
  const reset = () => {
    shown = new Map();
    for (const move of Object.values(moves)) {
      for (const { attributes } of move) {
        for (const [name] of attributes) {
          if (!name.startsWith(PREFIX)) continue;
          const source = find(name.slice(PREFIX.length));
          const trace = spec.figure.data[source];
          shown.set(source, { x: decode(trace.x), y: decode(trace.y) });
        }
      }
    }
  };
  // The changes of each trace at row `index` of control `key`: its attributes' rows, then the trails cut
  // from what their sources show (moved by this very row, or as they were).
  const update = (key, index) => {
    const changes = moves[key].map(({ trace, attributes }) => {
      const change = {};
      for (const [name, row] of attributes) if (!name.startsWith(PREFIX)) change[name] = row(index);
      if (shown.has(trace)) shown.set(trace, { ...shown.get(trace), ...change });
      return change;
    });
    moves[key].forEach(({ attributes }, m) => {
      for (const [name, row] of attributes) {
        if (!name.startsWith(PREFIX)) continue;
        const source = shown.get(find(name.slice(PREFIX.length)));
        const n = row(index)[0];
        Object.assign(changes[m], { x: source.x.slice(0, n), y: source.y.slice(0, n) });
      }
    });
    return changes;
  };
  const counts = (div.__gdvizDraws ??= { whole: 0, moved: 0 });
  const state = follower(root);
  const draw = async (key, index, anew) => {
    const Plotly = await loadPlotly(spec.src);
    const start = performance.now();
    div.__gdvizPlotly = Plotly;
    if (anew) {
      // The figure with every control's current rows in place of its moving traces' own.
      reset();
      const data = spec.figure.data.map((trace) => ({ ...trace }));
      for (const k of Object.keys(moves)) {
        const at = current(channels, k);
        if (at === null) continue;
        update(k, at).forEach((changes, m) => Object.assign(data[moves[k][m].trace], changes));
      }
      await Plotly.react(div, { data, layout: spec.figure.layout, config: spec.config });
      counts.whole += 1;
    } else if (index !== null) {
      await Plotly.animate(div, { data: update(key, index), traces: moves[key].map(({ trace }) => trace) }, {
        mode: "immediate", transition: { duration: 0 }, frame: { duration: 0, redraw: false },
      });
      counts.moved += 1;
    }
    div.__gdvizShown = index;
    // Each draw as a User Timing measure (DevTools' Performance panel; bench/drag_bench.py).
    const chart = (div.__gdvizKey ??= [...(div.closest("[class*='st-key-']")?.classList ?? [])]
      .find((name) => name.startsWith("st-key-"))?.slice(7));
    performance.measure(anew ? "gdviz.live.react" : "gdviz.live.animate", { start, end: performance.now(), detail: chart });
  };
  if (!div.__gdvizResize) {
    div.__gdvizResize = new ResizeObserver(() => div.isConnected && div._fullLayout && div.__gdvizPlotly?.Plots.resize(div));
    div.__gdvizResize.observe(div);
  }
  loadPlotly(spec.src).catch((error) => {
    const note = root.querySelector(":scope > .gdviz-chart-error") ?? document.createElement("p");
    note.className = "gdviz-chart-error";
    note.textContent = spec.unavailable.replace("{error}", error.message);
    root.appendChild(note);
  });
  return follow(state, channels, draw);
}

function mountText(root, spec) {
  const box = own(root, "gdviz-live-text");
  box.innerHTML = spec.template;
  const nodes = [...box.querySelectorAll("[data-live]")].map((node) => [node, spec.slots[Number(node.dataset.live)]]);
  const state = follower(root);
  const draw = (key, index, anew) => {
    const keys = anew ? Object.keys(spec.channels) : [key];
    for (const k of keys) {
      const at = current(spec.channels, k);
      if (at === null) continue;
      for (const [node, texts] of nodes) if (k in texts) node.textContent = texts[k][at];
    }
    box.dataset.shown = String(index);
  };
  return follow(state, spec.channels, draw);
}

// Show one element (a spec of gdviz/figures/live.py) in `root`; `setTriggerValue("commit", i)` hears a
// slider's commits. Returns its cleanup.
export function mount(root, spec, setTriggerValue = () => {}) {
  return { slider: mountSlider, chart: mountChart, text: mountText }[spec.kind](root, spec, setTriggerValue);
}

export default function ({ data, parentElement, setTriggerValue }) {
  const text = decoder.decode(data);
  const root = parentElement;
  if (root.__gdvizText === text && root.__gdvizCleanup) return root.__gdvizCleanup;
  root.__gdvizText = text;
  root.__gdvizCleanup?.();
  const cleanup = mount(root, JSON.parse(text), setTriggerValue);
  root.__gdvizCleanup = () => {
    root.__gdvizCleanup = null;
    root.__gdvizText = null;
    cleanup();
  };
  return root.__gdvizCleanup;
}
