// plotly.js for gdviz's charts (gdviz/ui/static/live.js): loaded once per page per URL, and kept in the
// browser's IndexedDB between page loads.

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

export function loadPlotly(src) {
  if (!plotlys.has(src)) {
    const loaded = cachedScript(src).catch(() => scriptTag(src));
    plotlys.set(
      src,
      loaded.then((Plotly) => {
        if (!Plotly) throw new Error(`${src} did not define Plotly`);
        return Plotly;
      }),
    );
  }
  return plotlys.get(src);
}
