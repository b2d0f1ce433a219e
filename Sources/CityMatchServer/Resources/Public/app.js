// CityMatch's page: plain JavaScript against the JSON API (/openapi.json). Every text from the
// server is inserted with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const palette = ["#1f6feb", "#2da44e", "#bf8700", "#8250df", "#cf222e", "#0a7f8c", "#6e7781", "#e16f24", "#4d2d8c", "#57ab5a"];
const facetColours = new Map();
const colourOf = (facet) => {
  if (!facetColours.has(facet)) facetColours.set(facet, palette[facetColours.size % palette.length]);
  return facetColours.get(facet);
};

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "class") node.className = value;
    else if (name === "style") node.style.cssText = value;
    else node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const fixed = (x, digits = 3) => Number(x).toFixed(digits);

// --- API ---------------------------------------------------------------------------------

const keyInput = $("api-key");
keyInput.value = sessionStorage.getItem("citymatch-key") || "";
keyInput.addEventListener("change", () => sessionStorage.setItem("citymatch-key", keyInput.value.trim()));
$("key-form").addEventListener("submit", (event) => event.preventDefault());

async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  const key = keyInput.value.trim();
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let payload = null;
  try { payload = text ? JSON.parse(text) : null; } catch { payload = null; }
  if (!response.ok) {
    const detail = payload && (payload.detail || payload.title) ? `${payload.title || response.status}: ${payload.detail || ""}` : `HTTP ${response.status}`;
    throw new Error(detail);
  }
  return payload;
}

function setStatus(node, message, isError = false) {
  node.textContent = message;
  node.classList.toggle("error", isError);
}

// --- Shared pieces ------------------------------------------------------------------------

/// A stacked bar of contributions: the segments' widths add up to the score (out of 1).
function contributionBar(breakdown) {
  const bar = el("div", { class: "bar", role: "img" });
  const legend = el("div", { class: "legend" });
  const parts = [];
  for (const c of breakdown.contributions) {
    if (c.contribution <= 0) continue;
    const title = `${c.facet}${c.imputed ? " (imputed)" : ""}: ${fixed(c.weight)} × ${fixed(c.value)} = ${fixed(c.contribution, 4)}`;
    bar.append(el("span", { style: `width:${(c.contribution * 100).toFixed(2)}%;background:${colourOf(c.facet)}`, title }));
    legend.append(el("span", {}, el("i", { style: `background:${colourOf(c.facet)}` }), `${c.facet} ${fixed(c.contribution, 3)}`));
    parts.push(title);
  }
  bar.setAttribute("aria-label", parts.join("; "));
  return [bar, legend];
}

function evidenceList(breakdown) {
  if (!breakdown.evidence || breakdown.evidence.length === 0) return null;
  return el("ul", { class: "evidence" }, breakdown.evidence.map((e) =>
    el("li", {}, el("q", {}, e.need_clause), " ↔ ", el("q", {}, e.startup_statement), ` (${fixed(e.similarity, 2)})`)));
}

// --- Search (cities) ----------------------------------------------------------------------

function renderResult(result) {
  const fit = result.fit || result.breakdown.fit;
  return el("li", { class: "result", "data-startup": result.startup },
    el("h3", {}, el("span", {}, `${result.rank}. ${result.name || result.startup}`), el("span", { class: "score" }, fixed(result.score))),
    el("div", { class: "meta" }, `${result.startup} · city→startup fit ${fixed(fit.city_to_startup, 2)} · startup→city fit ${fixed(fit.startup_to_city, 2)}`),
    el("ul", { class: "reasons" }, result.breakdown.reasons.map((r) => el("li", {}, r))),
    contributionBar(result.breakdown),
    evidenceList(result.breakdown));
}

$("search-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const status = $("search-status");
  const body = { text: $("need-text").value, k: Number($("k").value) || 5 };
  const city = $("city").value.trim();
  if (city) body.city = city;
  const languages = $("languages").value.split(/[\s,]+/).filter(Boolean);
  if (languages.length) body.languages = languages;
  if ($("budget").value !== "") body.budget_usd = Number($("budget").value);
  setStatus(status, "Searching…");
  $("results").replaceChildren();
  $("understood").replaceChildren();
  try {
    const response = await api("POST", "/v1/search", body);
    const c = response.constraints || {};
    const understood = [];
    if (c.languages) understood.push(`languages: ${c.languages.join(", ")}`);
    if (c.budget_usd !== undefined && c.budget_usd !== null) understood.push(`budget: $${Number(c.budget_usd).toLocaleString("en-US")}`);
    if (c.domains && c.domains.length) understood.push(`domains: ${c.domains.join(", ")}`);
    if (understood.length) $("understood").append(el("p", {}, `Understood — ${understood.join(" · ")}`));
    $("results").replaceChildren(...response.results.map(renderResult));
    setStatus(status, `${response.results.length} provider(s), best first.`);
  } catch (error) {
    setStatus(status, error.message, true);
  }
});

// --- Fit report (startups) ----------------------------------------------------------------

function renderFit(report) {
  const parts = [el("h2", {}, `Fit report: ${report.startup}`)];
  if (report.counterfactuals.length) {
    parts.push(el("h3", {}, "What would raise your fit"),
      el("ul", { class: "counterfactuals" }, report.counterfactuals.map((c) => el("li", {}, c.summary))));
  }
  parts.push(el("h3", {}, "Your best needs"));
  const rows = report.best_needs.map((n, i) => el("tr", { "data-need": n.need },
    el("td", { class: "num" }, i + 1), el("td", {}, n.city), el("td", {}, n.title),
    el("td", { class: "num" }, fixed(n.score)), el("td", { class: "num" }, `${n.rank} of ${n.of}`),
    el("td", { class: "num" }, fixed(n.fit.city_to_startup, 2)), el("td", { class: "num" }, fixed(n.fit.startup_to_city, 2)),
    el("td", { class: "blocker" }, n.blockers.map((b) => b.message).join("; "))));
  parts.push(el("table", {},
    el("thead", {}, el("tr", {}, ["#", "city", "need", "score", "rank", "city→startup", "startup→city", "blockers"].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows)));
  for (const n of report.best_needs) {
    parts.push(el("div", { class: "result" }, el("h3", {}, el("span", {}, `${n.city}: ${n.title}`), el("span", { class: "score" }, fixed(n.score))),
      contributionBar(n.breakdown), evidenceList(n.breakdown),
      n.unaddressed_clauses.length ? el("p", { class: "meta" }, `Not addressed: ${n.unaddressed_clauses.join(" · ")}`) : null));
  }
  return parts;
}

$("fit-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const status = $("fit-status");
  const id = $("startup-id").value.trim();
  const k = Number($("fit-k").value) || 5;
  setStatus(status, "Loading…");
  $("fit-report").replaceChildren();
  try {
    const report = await api("GET", `/v1/startups/${encodeURIComponent(id)}/fit?k=${k}`);
    $("fit-report").replaceChildren(...renderFit(report));
    setStatus(status, `${report.best_needs.length} need(s).`);
  } catch (error) {
    setStatus(status, error.message, true);
  }
});

// --- Tabs and deep links ------------------------------------------------------------------

function showTab(name) {
  for (const tab of ["search", "fit"]) {
    $(`tab-${tab}`).setAttribute("aria-selected", String(tab === name));
    $(`panel-${tab}`).hidden = tab !== name;
  }
}
$("tab-search").addEventListener("click", () => showTab("search"));
$("tab-fit").addEventListener("click", () => showTab("fit"));

// `/#q=…` runs a search and `/#startup=…` opens a fit report, so a link can share a result.
const params = new URLSearchParams(location.hash.slice(1));
if (params.get("key")) { keyInput.value = params.get("key"); }
if (params.get("q")) {
  $("need-text").value = params.get("q");
  if (params.get("k")) $("k").value = params.get("k");
  $("search-form").requestSubmit();
} else if (params.get("startup")) {
  showTab("fit");
  $("startup-id").value = params.get("startup");
  $("fit-form").requestSubmit();
}
