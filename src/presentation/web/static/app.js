// CinemAI web app: a small client of the JSON API. No framework, no build step.
// The API key lives in localStorage; every personal call sends it as `Authorization: Bearer <key>`.
"use strict";

const STORE = { id: "cinemai.user_id", key: "cinemai.api_key" };
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const SIGNALS = [
  ["like", "Liked it"], ["dislike", "Not for me"], ["watched", "Seen it"], ["not_interested", "Not interested"],
];

const $ = (sel) => document.querySelector(sel);

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function svg(tag, attrs) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  return el;
}

// ---- session -------------------------------------------------------------------------------------
const session = {
  get id() { return localStorage.getItem(STORE.id); },
  get key() { return localStorage.getItem(STORE.key); },
  save(id, key) { localStorage.setItem(STORE.id, id); localStorage.setItem(STORE.key, key); },
  clear() { localStorage.removeItem(STORE.id); localStorage.removeItem(STORE.key); },
  get ok() { return Boolean(this.id && this.key); },
};

// ---- API -----------------------------------------------------------------------------------------
class ApiError extends Error {
  constructor(message, status, code) { super(message); this.status = status; this.code = code; }
}

// The sentence an API error carries: {"error": {"message": ...}}; never the raw JSON.
function errorMessage(status, text) {
  try {
    const body = JSON.parse(text);
    if (body && body.error && body.error.message) return [body.error.message, body.error.code];
  } catch (_) { /* not JSON */ }
  if (status === 0) return ["the server could not be reached; is `cinemai serve` running?", "network"];
  return [`the server answered ${status} without an explanation`, "http_error"];
}

async function api(method, path, { json, form, auth = true, raw = false, extra = {} } = {}) {
  const headers = { ...extra };
  if (auth) headers.Authorization = `Bearer ${session.key}`;
  let body;
  if (json !== undefined) { headers["Content-Type"] = "application/json"; body = JSON.stringify(json); }
  if (form !== undefined) body = form;
  let res;
  try {
    res = await fetch(path, { method, headers, body });
  } catch (_) {
    throw new ApiError(...errorMessage(0, ""));
  }
  if (!res.ok) {
    const [message, code] = errorMessage(res.status, await res.text());
    throw new ApiError(message, res.status, code);
  }
  if (raw) return res;
  if (res.status === 204) return null;
  return res.json();
}

const userPath = (suffix = "") => `/api/v1/users/${encodeURIComponent(session.id)}${suffix}`;

// Upload with progress (fetch has no upload progress): XMLHttpRequest, same error handling.
function uploadWithProgress(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("Authorization", `Bearer ${session.key}`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.upload.onload = () => onProgress(1);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve({ status: xhr.status, body: JSON.parse(xhr.responseText) });
      else reject(new ApiError(...errorMessage(xhr.status, xhr.responseText), xhr.status));
    };
    xhr.onerror = () => reject(new ApiError(...errorMessage(0, "")));
    xhr.send(form);
  });
}

// A large upload answers 202 with a background job: poll its url until it ends, reporting its stage.
const JOB_STAGES = { parsing: "Reading the file…", matching: "Matching films to the catalog…",
  embedding: "Embedding the films you liked…", clustering: "Finding your taste clusters…",
  storing: "Saving your profile…", "collaborative model": "Updating what people like you liked…" };
async function followJob(job, onJob) {
  while (job.state === "queued" || job.state === "running") {
    onJob(job);
    await new Promise((r) => setTimeout(r, 700));
    job = await api("GET", job.url);
  }
  onJob(job);
  if (job.state === "failed") throw new ApiError(job.error || "the import failed", 422, "job_failed");
  return job.result;
}

// ---- page chrome ---------------------------------------------------------------------------------
function showError(err) {
  const box = $("#error");
  const msg = err instanceof ApiError ? err.message : String(err && err.message ? err.message : err);
  box.textContent = "";
  box.append(h("p", {}, msg.charAt(0).toUpperCase() + msg.slice(1)));
  if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
    box.append(h("p", {}, h("a", { href: "/" }, "Paste a valid key on the start page")));
  } else if (err instanceof ApiError && err.code === "profile_not_found") {
    box.append(h("p", {}, h("a", { href: "/upload" }, "Upload a watch history")));
  }
  box.hidden = false;
}
function clearError() { const box = $("#error"); box.hidden = true; box.textContent = ""; }
function status(text) { $("#status").textContent = text; }

function renderSession() {
  const el = $("#session");
  el.textContent = "";
  if (!session.ok) { el.append("No profile in this browser"); return; }
  el.append(`Profile ${session.id.slice(0, 8)}…`,
    h("button", { type: "button", class: "small secondary", onclick: () => {
      session.clear(); renderSession(); status("This browser forgot your key.");
    } }, "Forget key"));
}

function needKey() {
  if (session.ok) return true;
  $("#needs-key").hidden = false;
  document.querySelectorAll("[data-needs-key]").forEach((el) => { el.hidden = true; });
  return false;
}

async function busy(button, work) {
  if (button) button.disabled = true;
  clearError();
  try { return await work(); } catch (err) { showError(err); return undefined; } finally {
    if (button) button.disabled = false;
  }
}

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: filename });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---- movies and cards ----------------------------------------------------------------------------
function hue(text) { let x = 0; for (const ch of text) x = (x * 31 + ch.codePointAt(0)) % 360; return x; }

function poster(movie) {
  // A typographic card (the API carries no poster image offline); dark enough for white text.
  return h("div", { class: "poster", style: `background: hsl(${hue(movie.title)} 45% 28%)`, "aria-hidden": "true" },
    h("span", { class: "ptitle" }, movie.title), h("span", { class: "pyear" }, movie.year ?? ""));
}

function movieMeta(movie) {
  return [
    h("p", { class: "meta" }, [movie.year, movie.runtime ? `${movie.runtime} min` : null].filter(Boolean).join(" · ")),
    movie.directors.length ? h("p", { class: "meta" }, `Directed by ${movie.directors.join(", ")}`) : null,
    movie.genres.length ? h("p", { class: "meta" }, movie.genres.join(", ")) : null,
  ];
}

function similarToggle(movie) {
  const list = h("div", { class: "similar-box", id: `similar-${movie.id}`, hidden: true });
  const button = h("button", { type: "button", class: "small secondary", "aria-expanded": "false",
    "aria-controls": `similar-${movie.id}`, onclick: () => busy(button, async () => {
      if (!list.hidden) { list.hidden = true; button.setAttribute("aria-expanded", "false"); return; }
      const found = await api("GET", `/api/v1/movies/${movie.id}/similar?limit=5`, { auth: false });
      list.textContent = "";
      list.append(h("h4", {}, `Similar to ${movie.title}`),
        h("ul", { class: "similar" }, found.similar.map((n) =>
          h("li", {}, h("a", { href: `/movies/${n.movie.id}` }, n.movie.title), n.movie.year ? ` (${n.movie.year})` : ""))));
      list.hidden = false; button.setAttribute("aria-expanded", "true");
    }) }, "Similar films");
  return [button, list];
}

function movieCard(movie, extra = []) {
  const titleId = `t-${movie.id}-${Math.random().toString(36).slice(2, 7)}`;
  return h("article", { class: "card", "aria-labelledby": titleId, "data-movie-id": movie.id },
    poster(movie),
    h("div", { class: "body" },
      h("h3", { id: titleId }, h("a", { href: `/movies/${movie.id}` }, movie.title)),
      movieMeta(movie), extra));
}

// ---- pages ---------------------------------------------------------------------------------------
const pages = {};

pages.start = () => {
  const createForm = $("#create-form");
  createForm.addEventListener("submit", (e) => {
    e.preventDefault();
    busy(createForm.querySelector("button"), async () => {
      const name = $("#create-name").value.trim();
      const user = await api("POST", "/api/v1/users", { json: name ? { name } : {}, auth: false });
      session.save(user.id, user.api_key);
      $("#created-id").value = user.id;
      $("#created-key").value = user.api_key;
      $("#created").hidden = false;
      renderSession();
      status("Your profile is ready. Keep the key shown below.");
      $("#created-key").focus();
      $("#created-key").select();
    });
  });
  $("#copy-key").addEventListener("click", async () => {
    try { await navigator.clipboard.writeText($("#created-key").value); status("The key is on your clipboard."); }
    catch (_) { $("#created-key").select(); status("Select the key and copy it (Ctrl+C)."); }
  });
  const pasteForm = $("#paste-form");
  pasteForm.addEventListener("submit", (e) => {
    e.preventDefault();
    busy(pasteForm.querySelector("button"), async () => {
      const id = $("#paste-id").value.trim(); const key = $("#paste-key").value.trim();
      const previous = [session.id, session.key];
      session.save(id, key);
      try {
        await api("GET", userPath("/profile"));
      } catch (err) {
        if (!(err instanceof ApiError && err.code === "profile_not_found")) {
          if (previous[0] && previous[1]) session.save(...previous); else session.clear();
          throw err;
        }
      }
      renderSession();
      status("Key saved in this browser.");
    });
  });
};

function reportTable(caption, headers, rows) {
  return h("table", {}, h("caption", {}, caption),
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, rows));
}

function pickFilm(row) {
  // Search the catalog for an unmatched row and add the chosen film to the history (an appended row).
  const id = `pick-${row.line}`;
  const results = h("div", { "aria-live": "polite" });
  const input = h("input", { id, type: "search", value: row.title, maxlength: "200" });
  const form = h("form", { class: "pick", onsubmit: (e) => {
    e.preventDefault();
    busy(form.querySelector("button"), async () => {
      const q = input.value.trim(); if (!q) return;
      const found = await api("GET", `/api/v1/movies/search?q=${encodeURIComponent(q)}&limit=5`, { auth: false });
      results.textContent = "";
      if (!found.results.length) { results.append(h("p", {}, "No film found.")); return; }
      results.append(h("ul", {}, found.results.map((hit) => h("li", {},
        h("a", { href: `/movies/${hit.movie.id}` }, hit.movie.title), hit.movie.year ? ` (${hit.movie.year}) ` : " ",
        h("button", { type: "button", class: "small", "aria-label": `Add ${hit.movie.title} (${hit.movie.year ?? "no year"}) to my history`, onclick: (ev) => busy(ev.target, async () => {
          const csv = `title,year,imdb_id\n"${hit.movie.title.replaceAll('"', '""')}",${hit.movie.year ?? ""},${hit.movie.imdb_id ?? ""}\n`;
          const fd = new FormData();
          fd.append("file", new Blob([csv], { type: "text/csv" }), "picked.csv");
          fd.append("mode", "append");
          const rep = await api("POST", userPath("/watch-history"), { form: fd });
          ev.target.replaceWith(h("span", {}, `added (profile version ${rep.profile_version})`));
          status(`${hit.movie.title} was added to your history.`);
        }) }, "Add this film")))));
    });
  } }, h("label", { for: id, class: "inline" }, `Find “${row.title}”`), input,
    h("button", { type: "submit", class: "small secondary" }, "Search"));
  return h("div", {}, form, results);
}

function renderReport(r) {
  const m = r.matched;
  $("#report-summary").replaceChildren(
    h("p", {}, `Read ${r.rows_read} rows as ${r.format}${r.rating_scale ? ` (ratings ${r.rating_scale})` : ""}, ` +
      `${r.accepted} accepted; ${r.distinct_movies} distinct films, ${r.liked_count} liked, ` +
      `${r.clusters.length} taste cluster${r.clusters.length === 1 ? "" : "s"}.`),
    h("ul", { class: "counts", "aria-label": "Matched rows" },
      h("li", {}, h("strong", {}, m.total), "matched"),
      h("li", {}, h("strong", {}, m.by_id), "by id"),
      h("li", {}, h("strong", {}, m.exact), "exact title"),
      h("li", {}, h("strong", {}, m.fuzzy), "fuzzy title"),
      m.other ? h("li", {}, h("strong", {}, m.other), "other") : null,
      h("li", {}, h("strong", {}, r.unmatched.length), "unmatched"),
      h("li", {}, h("strong", {}, r.rejected.length), "rejected")));
  $("#report-unmatched").replaceChildren(r.unmatched.length ? reportTable(
    "Unmatched rows: not found in the catalog", ["Line", "Title", "Reason", "Pick the right film"],
    r.unmatched.map((u) => h("tr", {}, h("td", {}, u.line), h("td", {}, u.title, u.year ? ` (${u.year})` : ""),
      h("td", {}, u.reason), h("td", {}, pickFilm(u))))) : "");
  $("#report-rejected").replaceChildren(r.rejected.length ? reportTable(
    "Rejected rows: could not be read", ["Line", "Reason"],
    r.rejected.map((x) => h("tr", {}, h("td", {}, x.line), h("td", {}, x.reason)))) : "");
  $("#report-skipped").replaceChildren(r.skipped.length ? reportTable(
    "Skipped rows: not films (episodes, series)", ["Line", "Title", "Reason"],
    r.skipped.map((x) => h("tr", {}, h("td", {}, x.line), h("td", {}, x.title), h("td", {}, x.reason)))) : "");
  $("#report").hidden = false;
  $("#report-h").focus();
}

pages.upload = () => {
  if (!needKey()) return;
  const drop = $("#drop"); const input = $("#upload-file");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault(); drop.classList.remove("over");
    if (e.dataTransfer.files.length) { input.files = e.dataTransfer.files; status(`Chosen: ${input.files[0].name}`); }
  });
  const form = $("#upload-form");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const file = input.files[0]; if (!file) return;
    const fd = new FormData();
    fd.append("file", file, file.name);
    fd.append("mode", form.querySelector("input[name=mode]:checked").value);
    const bar = $("#progress"); const label = $("#progress-label");
    $("#progress-box").hidden = false; bar.value = 0; label.textContent = "Uploading…";
    busy($("#upload-button"), async () => {
      try {
        const answer = await uploadWithProgress(userPath("/watch-history"), fd, (f) => {
          bar.value = Math.round(f * 100);
          if (f >= 1) { bar.removeAttribute("value"); label.textContent = "Matching films and building your taste profile…"; }
        });
        let report = answer.body;
        if (answer.status === 202) {
          report = await followJob(answer.body, (job) => {
            if (job.state === "queued") { bar.removeAttribute("value"); label.textContent = "Waiting for a worker…"; return; }
            if (job.progress !== null) bar.value = Math.round(job.progress * 100); else bar.removeAttribute("value");
            label.textContent = JOB_STAGES[job.stage] || "Importing…";
          });
        }
        status("Imported.");
        renderReport(report);
      } finally { $("#progress-box").hidden = true; }
    });
  });
};

function drawMap(data) {
  const W = 800, H = 520, PAD = 30;
  const xs = [...data.points.map((p) => p.x), ...data.centres.map((c) => c.x)];
  const ys = [...data.points.map((p) => p.y), ...data.centres.map((c) => c.y)];
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)]; const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x) => PAD + (x1 > x0 ? (x - x0) / (x1 - x0) : 0.5) * (W - 2 * PAD);
  const sy = (y) => H - PAD - (y1 > y0 ? (y - y0) / (y1 - y0) : 0.5) * (H - 2 * PAD);
  const labels = Object.fromEntries(data.centres.map((c) => [c.cluster_id, c.label]));
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "group", "aria-labelledby": "map-h map-desc" });
  const desc = svg("desc", { id: "map-desc" });
  desc.textContent = `${data.points.length} liked films in ${data.centres.length} clusters`;
  root.append(desc);
  const tip = $("#map-tip");
  const show = (el, text) => {
    const box = root.getBoundingClientRect(); const r = el.getBoundingClientRect();
    tip.textContent = text; tip.hidden = false;
    tip.style.left = `${Math.min(r.left - box.left + 12, box.width - 180)}px`;
    tip.style.top = `${r.top - box.top + 12}px`;
  };
  const hide = () => { tip.hidden = true; };
  const sorted = [...data.points].sort((a, b) => a.favourite - b.favourite);
  for (const p of sorted) {
    const text = `${p.title}${p.year ? ` (${p.year})` : ""}: ${labels[p.cluster_id] ?? ""}${p.favourite ? " · favourite" : ""}`;
    const c = svg("circle", { cx: sx(p.x).toFixed(1), cy: sy(p.y).toFixed(1), r: p.favourite ? 8 : 5.5,
      fill: PALETTE[p.cluster_id % 10], "fill-opacity": "0.8", stroke: p.favourite ? "#000" : "#fff",
      "stroke-width": p.favourite ? 2.5 : 1, tabindex: "0", role: "img", "aria-label": text,
      class: p.favourite ? "point favourite" : "point" });
    const t = svg("title", {}); t.textContent = text; c.append(t);
    c.addEventListener("mouseenter", () => show(c, text)); c.addEventListener("focus", () => show(c, text));
    c.addEventListener("mouseleave", hide); c.addEventListener("blur", hide);
    if (p.movie_id) c.addEventListener("keydown", (e) => { if (e.key === "Enter") location.href = `/movies/${p.movie_id}`; });
    if (p.movie_id) c.addEventListener("click", () => { location.href = `/movies/${p.movie_id}`; });
    root.append(c);
  }
  for (const c of data.centres) {
    const cx = sx(c.x), cy = sy(c.y), pts = [];
    for (let i = 0; i < 10; i++) {
      const rad = i % 2 ? 6 : 14, a = Math.PI / 5 * i - Math.PI / 2;
      pts.push(`${(cx + rad * Math.cos(a)).toFixed(1)},${(cy + rad * Math.sin(a)).toFixed(1)}`);
    }
    const star = svg("polygon", { points: pts.join(" "), fill: PALETTE[c.cluster_id % 10], stroke: "#000", "stroke-width": 1.5 });
    const t = svg("title", {}); t.textContent = `Centre of “${c.label}” (${Math.round(c.weight * 100)}%)`; star.append(t);
    root.append(star);
  }
  $("#map").replaceChildren(root);
  $("#legend").replaceChildren(
    ...data.centres.map((c) => h("li", {}, h("span", { class: "swatch", style: `background:${PALETTE[c.cluster_id % 10]}` }),
      `${c.label} (${Math.round(c.weight * 100)}%)`)),
    h("li", {}, h("span", { class: "swatch", style: "background:#fff;border:2.5px solid #000" }), "a favourite"),
    h("li", {}, "★ a cluster’s centre"));
}

pages.taste = () => {
  if (!needKey()) return;
  busy(null, async () => {
    const [profile, map] = await Promise.all([api("GET", userPath("/profile")), api("GET", userPath("/profile/map.json"))]);
    $("#profile-summary").textContent = `${profile.liked_count} liked films in ${profile.clusters.length} ` +
      `cluster${profile.clusters.length === 1 ? "" : "s"} (${profile.algorithm}), profile version ${profile.version}.`;
    $("#clusters").replaceChildren(...profile.clusters.map((c) => h("section", { class: "cluster",
      style: `border-left-color:${PALETTE[c.id % 10]}`, "aria-labelledby": `cl-${c.id}` },
      h("h3", { id: `cl-${c.id}` }, c.label),
      h("p", { class: "meta" }, `${Math.round(c.weight * 100)}% of your taste · ${c.size} film${c.size === 1 ? "" : "s"}`),
      h("ol", {}, c.top_members.slice(0, 8).map((m) => h("li", {},
        m.movie_id ? h("a", { href: `/movies/${m.movie_id}` }, m.title) : m.title, m.year ? ` (${m.year})` : ""))))));
    drawMap(map);
  });
  $("#download-png").addEventListener("click", (e) => busy(e.target, async () => {
    const res = await api("GET", userPath("/profile/map.png"), { raw: true });
    download(await res.blob(), "cinemai-taste-map.png");
    status("The map was downloaded.");
  }));
};

function fillSelect(select, values) {
  select.replaceChildren(...values.map((v) => h("option", { value: v.value }, `${v.value} (${v.movies})`)));
}

function filterBody(form) {
  const body = {};
  for (const name of ["genres", "exclude_genres", "countries"]) {
    const chosen = [...form.elements[name].selectedOptions].map((o) => o.value);
    if (chosen.length) body[name] = chosen;
  }
  for (const name of ["year_min", "year_max", "runtime_min", "runtime_max", "min_votes", "limit"]) {
    const v = form.elements[name].value.trim();
    if (v !== "") body[name] = Number.parseInt(v, 10);
  }
  body.diversity = Number.parseFloat(form.elements.diversity.value);
  body.alpha = Number.parseFloat(form.elements.alpha.value || "5");
  body.rerank = form.elements.rerank.value;
  const query = form.elements.query ? form.elements.query.value.trim() : "";
  if (query) body.query = query;
  return body;
}

// How the query was understood (the response's `interpreted`), shown next to the query box (#query-slot).
function showInterpreted(got) {
  const box = $("#interpreted");
  if (!box) return;
  box.hidden = !got;
  if (!got) return;
  const f = got.filters;
  const years = f.year_min !== null || f.year_max !== null ? `${f.year_min ?? "…"}–${f.year_max ?? "…"}` : "";
  const runtime = f.runtime_min !== null || f.runtime_max !== null ? `${f.runtime_min ?? "…"}–${f.runtime_max ?? "…"} min` : "";
  const rows = [
    ["Genres", f.genres.join(", ")], ["Not these genres", f.exclude_genres.join(", ")],
    ["Countries", f.countries.join(", ")], ["Not from", (f.exclude_countries || []).join(", ")],
    ["Language", (f.languages || []).join(", ")], ["Years", years], ["Runtime", runtime],
    ["Like", got.anchors.map((a) => `${a.title}${a.year ? ` (${a.year})` : ""}`).join(", ")],
    ["Matched by meaning", got.remaining_text],
    ["Dropped", [...(got.unknown || []), ...(got.notes || [])].join("; ")],
    ["Read by", got.parser],
  ].filter(([, v]) => v);
  $("#interpreted-facts").replaceChildren(...rows.flatMap(([k, v]) => [
    h("dt", {}, k), h("dd", { "data-field": k.toLowerCase().replaceAll(" ", "-") }, v)]));
}

function recCard(item, onGone) {
  const m = item.movie;
  const feedback = h("div", { class: "feedback", role: "group", "aria-label": `Feedback on ${m.title}` },
    SIGNALS.map(([signal, label]) => h("button", { type: "button", class: "small secondary", "data-signal": signal,
      onclick: (e) => busy(e.target, async () => {
        await api("POST", userPath("/feedback"), { json: { movie_id: m.id, signal } });
        onGone(m, label);
      }) }, label)));
  return movieCard(m, [
    h("p", { class: "meta" }, h("span", { class: "score" }, `Score ${item.score.toFixed(2)}`), ` · ${item.cluster.label}`),
    h("p", { class: "why" }, item.justification),
    feedback, similarToggle(m),
  ]);
}

pages.recommendations = () => {
  if (!needKey()) return;
  const form = $("#filters"); const out = $("#f-diversity-out");
  form.elements.diversity.addEventListener("input", () => { out.textContent = Number(form.elements.diversity.value).toFixed(2); });
  form.addEventListener("reset", () => setTimeout(() => { out.textContent = "0.30"; }, 0));
  const list = $("#recs");
  const load = (button) => busy(button, async () => {
    status("Finding films for you…");
    const r = await api("POST", userPath("/recommendations"), { json: filterBody(form) });
    $("#taste-summary").textContent = [r.taste_summary, r.message].filter(Boolean).join(" ");
    showInterpreted(r.interpreted);
    const gone = (movie, label) => {
      const card = list.querySelector(`[data-movie-id="${movie.id}"]`);
      const next = card && (card.nextElementSibling || card.previousElementSibling);
      if (card) card.remove();
      status(`“${movie.title}”: ${label.toLowerCase()}, noted. It left the list.`);
      const focusTo = next && next.querySelector("h3 a");
      if (focusTo) focusTo.focus();
      if (!list.children.length) list.append(h("p", {}, "No more films here: change the filters or ask again."));
    };
    list.replaceChildren(...(r.items.length ? r.items.map((item) => recCard(item, gone))
      : [h("p", {}, "No film matches these filters.")]));
    status(`${r.items.length} recommendation${r.items.length === 1 ? "" : "s"}.`);
  });
  form.addEventListener("submit", (e) => { e.preventDefault(); load(form.querySelector("button[type=submit]")); });
  busy(null, async () => {
    const f = await api("GET", "/api/v1/filters", { auth: false });
    fillSelect($("#f-genres"), f.genres); fillSelect($("#f-exclude"), f.genres); fillSelect($("#f-countries"), f.countries);
    if (f.years.min) { form.elements.year_min.placeholder = f.years.min; form.elements.year_max.placeholder = f.years.max; }
    if (f.runtime.min !== null) { form.elements.runtime_min.placeholder = f.runtime.min; form.elements.runtime_max.placeholder = f.runtime.max; }
  }).then(() => load(null));
};

pages.search = () => {
  const form = $("#search-form"); const input = $("#search-q");
  const run = (q) => busy(form.querySelector("button"), async () => {
    const found = await api("GET", `/api/v1/movies/search?q=${encodeURIComponent(q)}&limit=20`, { auth: false });
    $("#search-results").replaceChildren(...(found.results.length ? found.results.map((hit) =>
      movieCard(hit.movie, [h("p", { class: "meta" }, `${hit.match} match`), similarToggle(hit.movie)]))
      : [h("p", {}, "No film found.")]));
    status(`${found.results.length} result${found.results.length === 1 ? "" : "s"} for “${q}”.`);
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = input.value.trim(); if (!q) return;
    history.replaceState(null, "", `/search?q=${encodeURIComponent(q)}`);
    run(q);
  });
  const q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; run(q); }
};

pages.movie = () => {
  const id = $("#movie").dataset.movieId;
  busy(null, async () => {
    const found = await api("GET", `/api/v1/movies/${id}/similar?limit=10`, { auth: false });
    const m = found.movie;
    document.title = `${m.title} · CinemAI`;
    $("#movie-title").textContent = m.year ? `${m.title} (${m.year})` : m.title;
    const facts = [["Directed by", m.directors.join(", ")], ["Cast", m.cast.slice(0, 8).join(", ")],
      ["Genres", m.genres.join(", ")], ["Countries", m.countries.join(", ")],
      ["Runtime", m.runtime ? `${m.runtime} min` : ""], ["Language", m.language],
      ["Votes", m.vote_count ? `${m.vote_count.toLocaleString()} (average ${m.vote_average ?? "?"})` : ""],
      ["IMDb", m.imdb_id]].filter(([, v]) => v);
    $("#movie").replaceChildren(poster(m), m.description ? h("p", { class: "lead" }, m.description) : "",
      h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])));
    $("#similar").replaceChildren(...found.similar.map((n) =>
      movieCard(n.movie, [h("p", { class: "meta" }, `Similarity ${n.similarity.toFixed(2)}`)])));
  });
};

pages.data = () => {
  if (!needKey()) return;
  $("#export-button").addEventListener("click", (e) => busy(e.target, async () => {
    const res = await api("GET", userPath("/export"), { raw: true });
    const blob = await res.blob();
    const data = JSON.parse(await blob.text());
    download(blob, "cinemai-export.json");
    const rows = Array.isArray(data.history) ? data.history.length : 0;
    $("#export-summary").textContent = `Downloaded cinemai-export.json: ${rows} history row${rows === 1 ? "" : "s"}.`;
  }));
  const dialog = $("#delete-dialog");
  $("#delete-button").addEventListener("click", () => dialog.showModal());
  dialog.addEventListener("close", () => {
    if (dialog.returnValue !== "delete") { $("#delete-button").focus(); return; }
    busy(null, async () => {
      await api("DELETE", userPath());
      session.clear(); renderSession();
      document.querySelectorAll("[data-needs-key]").forEach((el) => { el.hidden = true; });
      status("Everything about you was deleted from this server, and this browser forgot your key.");
      $("#main").focus();
    });
  });
};

pages.blend = () => {
  if (!needKey()) return;
  const form = $("#blend-form");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    busy(form.querySelector("button"), async () => {
      const body = { limit: Number($("#blend-limit").value || 10) };
      const partnerId = $("#partner-id").value.trim();
      if (partnerId) body.partner_id = partnerId;
      status("Blending your tastes…");
      const got = await api("POST", "/api/v1/blends", { json: body, extra: { "X-Partner-Key": $("#partner-key").value.trim() } });
      $("#blend-results-h").textContent = `For ${got.people[0]} and ${got.people[1]}`;
      const cards = $("#blend-cards");
      cards.textContent = "";
      got.items.forEach((item) => cards.append(movieCard(item.movie, [
        h("p", { class: "why" }, item.justification),
        h("ul", { class: "meta" }, item.for_each.map((p) =>
          h("li", {}, `${p.name}: ${Math.round(p.rank * 100)}th percentile of the pool`))),
      ])));
      const loved = $("#both-loved-list");
      loved.textContent = "";
      got.both_loved.forEach((x) => loved.append(h("li", {}, h("a", { href: `/movies/${x.movie.id}` }, x.movie.title),
        x.movie.year ? ` (${x.movie.year})` : "")));
      $("#both-loved").hidden = got.both_loved.length === 0;
      $("#blend-results").hidden = false;
      status(got.message || `${got.items.length} films for the two of you.`);
    });
  });
};

document.addEventListener("DOMContentLoaded", () => {
  renderSession();
  const page = pages[document.body.dataset.page];
  if (page) page();
});
