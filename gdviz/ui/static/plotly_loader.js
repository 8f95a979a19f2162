// plotly.js for gdviz's charts (gdviz/ui/static/live.js): loaded once per page per URL, kept in the
// browser's IndexedDB between page loads, and its array-attribute lookup remembered per trace type.

// Resolves to the Plotly the script defined: a plotly.js bundle sets window.Plotly as its last act,
// and a script's load event follows its running at once, before any other script runs. (Cleared
// first: a bundle that failed half-way must not pass for the one loaded before it.)
function scriptTag(src) {
  return new Promise((resolve, reject) => {
    window.Plotly = undefined;
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve(window.Plotly);
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
// (1.5 or 4.6 MB) again on every page load: a classroom reloading at once shares one Wi-Fi. Each
// plotly.js is kept in IndexedDB (it works over plain http, unlike the Cache API), under its
// versioned URL; keeping a new version drops the older ones of that file.
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
      const file = (url) => new URL(url, location.href).pathname;
      store.getAllKeys().onsuccess = (event) => {
        for (const key of event.target.result) if (key !== src && file(key) === file(src)) store.delete(key);
        store.put(text, src);
      };
    }
    const url = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
    try {
      return await scriptTag(url);
    } finally {
      URL.revokeObjectURL(url);
    }
  } finally {
    db.close();
  }
}

// Each plotly.js by URL, for the life of the page: plotly.js's cartesian bundle draws the 2-D charts,
// the whole plotly.js the 3-D ones (gdviz/ui/plotly_bundle.py); a page may have both.
export const plotlys = (window.__gdvizPlotlys ??= new Map());


// As plotly.js tells them apart (Lib.isPlainObject, Lib.isArrayOrTypedArray).
const isPlainObject = (value) =>
  Object.prototype.toString.call(value) === "[object Object]" &&
  Object.getPrototypeOf(value).hasOwnProperty("hasOwnProperty");
const isArrayOrTyped = (value) => Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));

// Every draw and every move of a chart (Plotly.react, Plotly.animate) asks, for each of the chart's
// traces, which of its attributes hold arrays: PlotSchema.findArrayAttributes walks the whole attribute
// schema of the trace's type (hundreds of entries) to find the few dozen that can hold one, then looks
// those up in the trace. The walk gives the same entries every time for a type; a lesson's charts have
// 20-60 traces, and the walks were 30-40 ms of a slider step. Here the entries are found once per type
// and only the lookup is done per trace, in the same order: the same answer (checked against Plotly's
// own in tests/browser/test_pages.py).
function rememberArrayAttributes(schema) {
  if (!schema || typeof schema.findArrayAttributes !== "function" || typeof schema.crawl !== "function") return;
  if (schema.findArrayAttributes.original) return;
  const original = schema.findArrayAttributes;
  const crawl = schema.crawl;
  // The attributes every trace has: the first ones Plotly's own walk visits.
  let base;
  schema.crawl = function (attributes, ...rest) {
    base ??= attributes;
    return crawl.call(this, attributes, ...rest);
  };
  try {
    original({});
  } finally {
    schema.crawl = crawl;
  }
  if (!base) return;
  // The entries that can hold an array: their path and, per step of the path, whether it is a list of
  // items (annotations-like) rather than an object. Plotly's walk, recorded instead of applied.
  const entries = new Map();
  const entriesOf = (module) => {
    const attributes = module?.attributes ?? null;
    if (entries.has(attributes)) return entries.get(attributes);
    const found = [];
    let names = [];
    let linked = [];
    const visit = (value, name, _parent, level) => {
      names = names.slice(0, level).concat([name]);
      linked = linked.slice(0, level).concat([value && value._isLinkedToArray]);
      const arrays = value && (value.valType === "data_array" || value.arrayOk === true);
      if (arrays && !(names[level - 1] === "colorbar" && (name === "ticktext" || name === "tickvals"))) {
        found.push({ names, linked });
      }
    };
    crawl(base, visit);
    if (attributes) crawl(attributes, visit);
    entries.set(attributes, found);
    return found;
  };
  const lookUp = (object, entry, step, prefix, out) => {
    const { names, linked } = entry;
    const value = object[names[step]];
    const path = prefix + names[step];
    if (step === names.length - 1) {
      if (isArrayOrTyped(value)) out.push(path);
    } else if (linked[step]) {
      if (Array.isArray(value)) {
        value.forEach((item, i) => isPlainObject(item) && lookUp(item, entry, step + 1, `${path}[${i}].`, out));
      }
    } else if (isPlainObject(value)) {
      lookUp(value, entry, step + 1, `${path}.`, out);
    }
  };
  const remembered = (trace) => {
    const out = [];
    for (const entry of entriesOf(trace._module)) lookUp(trace, entry, 0, "", out);
    return out;
  };
  remembered.original = original;
  schema.findArrayAttributes = remembered;
}

export function loadPlotly(src) {
  if (!plotlys.has(src)) {
    const loaded = cachedScript(src).catch(() => scriptTag(src));
    plotlys.set(
      src,
      loaded.then((Plotly) => {
        if (!Plotly) throw new Error(`${src} did not define Plotly`);
        rememberArrayAttributes(Plotly.PlotSchema);
        return Plotly;
      }),
    );
  }
  return plotlys.get(src);
}
