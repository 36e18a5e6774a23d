'use strict';
const DATA = JSON.parse(document.getElementById('review-data').textContent);
const $ = (sel) => document.querySelector(sel);
const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g,
  (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
const collator = new Intl.Collator('zh-CN', {numeric: true});
const PHONE = window.matchMedia('(max-width: 700px)');
const idle = window.requestIdleCallback ? (fn, o) => window.requestIdleCallback(fn, o) : (fn) => setTimeout(fn, 200);
const BUFFER = 3;  // rows drawn above and below those in view
const SEG = 200;    // decisions per localStorage segment
const CLIP = 140, SIDE = 56;  // a quote longer than CLIP shows SIDE characters each side of the figure

const STATUS = {pending: '待审', accepted: '已接受', rejected: '已驳回', corrected: '已更正'};
const STATUS_ORDER = {pending: 0, corrected: 1, accepted: 2, rejected: 3};
const STATUS_COLOR = {accepted: 'var(--ok)', corrected: 'var(--fix)', rejected: 'var(--bad)', pending: '#4b5563'};
const QUALIFIER = {more_than: ['>', '多于（余、多）'], at_least: ['≥', '不少于'], about: ['≈', '约'],
                   nearly: ['近', '近'], at_most: ['≤', '不超过'], range: ['', '区间']};
const CHANGE = {increase: '增加', decrease: '减少', from: '从…', to: '达到'};
const TYPES = [['LOC', '地点'], ['ORG', '机构'], ['PER', '人物'], ['IND', '指标'], ['TIME', '时间']];
const TYPE_NAME = Object.fromEntries(TYPES);
const TYPE_COLOR = {LOC: '#7fd1b5', ORG: '#8ec3ea', PER: '#e7a9cb', IND: '#f5a66b', TIME: '#f0e442'};
/* The pipeline's codes by their Chinese names: the one table is review_labels.yml (DATA.labels). */
const LABELS = DATA.labels || {locality_source: {}, time_source: {}, flags: {}, statistic: {}, unit_kind: {}, fallback: '其他（{code}）'};
const named = (table, code) => {
  if (code == null || code === '') return '';
  const e = (LABELS[table] || {})[code];
  return e ? (typeof e === 'string' ? e : e.name) : LABELS.fallback.replace('{code}', code);
};
const CONF_BANDS = [[0.9, 1.01, '0.9–1'], [0.8, 0.9, '0.8–0.9'], [0.7, 0.8, '0.7–0.8'], [0.5, 0.7, '0.5–0.7'], [0, 0.5, '0–0.5']];
const FILTERS = [['q', 'q'], ['f-status', 'status'], ['f-locality', 'locality'], ['f-year', 'year'], ['f-subject', 'subject'],
                 ['f-indicator', 'indicator'], ['f-unit', 'unit'], ['f-doc', 'doc'], ['f-kind', 'kind'], ['f-conf', 'conf'],
                 ['f-locsrc', 'locsrc'], ['f-timesrc', 'timesrc'], ['f-flag', 'flag'], ['f-note', 'note']];

const docs = DATA.docs, facts = DATA.facts, PLACES = DATA.places || [];
const state = {sort: 'doc', dir: 1, selected: -1, shownDoc: -1, rows: [], pinned: false,
               win: [0, 0], scrollTop: 0, quoteOpen: false, filtersStale: false};
for (const [, key] of FILTERS) state[key] = '';

// -- storage: one key per output directory; decisions inside keyed by fact id -----------
const STORE = 'bulletin-ie:review:' + DATA.run.key;
const VIEW_STORE = STORE + ':view', DRAFT_STORE = STORE + ':drafts', SEG_STORE = STORE + ':log:';
const REVIEWER = 'bulletin-ie:reviewer';
const storage = (() => {
  try { localStorage.setItem('bulletin-ie:probe', '1'); localStorage.removeItem('bulletin-ie:probe'); return localStorage; }
  catch (e) { return null; }
})();
const readJson = (key, dflt) => { try { return JSON.parse((storage && storage.getItem(key)) || 'null') || dflt; } catch (e) { return dflt; } };
/* A decision is kept as an array (a day's decisions must fit the browser's quota). */
const pack = (d) => [d.fact_id, d.status, d.decided_at, d.note || 0, d.correction || 0, d.reviewer || 0, d.anchor || 0, d.reattached_from || 0];
function unpack(a) {
  if (!Array.isArray(a)) return a && a.fact_id ? a : null;
  const d = {kind: 'review', fact_id: a[0], status: a[1], note: a[3] || null, correction: a[4] || null, decided_at: a[2]};
  if (a[5]) d.reviewer = a[5];
  if (a[6]) d.anchor = a[6];
  if (a[7]) d.reattached_from = a[7];
  return d;
}
const saved = readJson(STORE, {});
let storedSegs = Number(saved.segs) || 0, log = [], dirtyFrom;
if (Array.isArray(saved.decisions)) { log = saved.decisions.filter((d) => d && d.fact_id); dirtyFrom = 0; }  // an older page's form
else {
  for (let k = 0; k < storedSegs; k++) for (const a of readJson(SEG_STORE + k, [])) { const d = unpack(a); if (d) log.push(d); }
  dirtyFrom = log.length;
}
let exported = Math.min(saved.exported || 0, log.length);
const touched = (k) => { dirtyFrom = Math.min(dirtyFrom, k); };
const drafts = readJson(DRAFT_STORE, {});
const factById = new Map(facts.map((f, i) => [f.id, i]));
const byAnchor = new Map();
for (const f of facts) if (f.anchor) byAnchor.set(f.anchor, f.id);
/* Pages of older versions kept decisions under a key made of the inputs' hashes: take
   over those whose fact is on this page, so a rebuilt page loses none. */
if (storage) {
  const have = new Set(log.map((d) => d.fact_id + '\t' + d.decided_at));
  for (let k = 0; k < storage.length; k++) {
    const key = storage.key(k);
    if (!key || !key.startsWith('bulletin-ie:review:') || key === STORE || key.includes(':', 19)) continue;
    const old = readJson(key, {});
    for (const d of Array.isArray(old.decisions) ? old.decisions : []) {
      if (d && factById.has(d.fact_id) && !have.has(d.fact_id + '\t' + d.decided_at)) {
        touched(log.length); log.push(d); have.add(d.fact_id + '\t' + d.decided_at);
      }
    }
  }
}
/* Decisions whose fact id is gone (an edit before the figure changed it) go back to the
   fact with the same anchor; decisions without an anchor get their fact's. */
let reattached = 0;
log.forEach((d, k) => {
  const at = factById.get(d.fact_id);
  if (at != null) {
    if (!d.anchor && facts[at].anchor) { d.anchor = facts[at].anchor; touched(k); }
    return;
  }
  const to = d.anchor && byAnchor.get(d.anchor);
  if (to) { d.reattached_from = d.reattached_from || d.fact_id; d.fact_id = to; touched(k); reattached++; }
});
let whenText = '', whenTime = -Infinity;  // the last time parsed: a bulk decision's 8,000 share one
const when = (d) => {
  if (!d || !d.decided_at) return -Infinity;
  if (d.decided_at !== whenText) { whenText = d.decided_at; whenTime = Date.parse(whenText); }
  return whenTime;
};
const localLatest = new Map();
function rebuildLatest(ids) {
  for (const id of ids) localLatest.delete(id);
  const want = new Set(ids);
  for (const d of log) if (want.has(d.fact_id) && when(d) >= when(localLatest.get(d.fact_id))) localLatest.set(d.fact_id, d);
}
for (const d of log) if (when(d) >= when(localLatest.get(d.fact_id))) localLatest.set(d.fact_id, d);

/* Writes only the segments from the first changed decision on.  After a large batch (bulk
   accept) the write waits for an idle moment (at most half a second; at once when the page
   is hidden or closed), so the reviewer sees the result first. */
let saveLater = 0;
function saveSoon() {
  if (saveLater) return;
  saveLater = idle(() => { saveLater = 0; save(); }, {timeout: 500});
}
function save() {
  if (saveLater) { (window.cancelIdleCallback || clearTimeout)(saveLater); saveLater = 0; }
  if (!storage) return;
  try {
    const segs = Math.ceil(log.length / SEG);
    for (let k = Math.floor(dirtyFrom / SEG); k < segs; k++) {
      storage.setItem(SEG_STORE + k, JSON.stringify(log.slice(k * SEG, (k + 1) * SEG).map(pack)));
    }
    for (let k = segs; k < storedSegs; k++) storage.removeItem(SEG_STORE + k);
    storedSegs = segs;
    dirtyFrom = log.length;
    storage.setItem(STORE, JSON.stringify({v: 2, segs, exported, dir: DATA.run.dir}));
  } catch (e) { banner('无法保存到浏览器存储（空间已满？）：请立即导出 reviews.jsonl。'); }
}
let draftTimer = 0;
function saveDrafts(now) {
  clearTimeout(draftTimer);
  const write = () => { if (storage) try { storage.setItem(DRAFT_STORE, JSON.stringify(drafts)); } catch (e) { /* full: kept in memory */ } };
  if (now) write(); else draftTimer = setTimeout(write, 300);
}
function saveView() {
  if (!storage) return;
  const v = {sort: state.sort, dir: state.dir};
  for (const [, key] of FILTERS) v[key] = state[key];
  try { storage.setItem(VIEW_STORE, JSON.stringify(v)); } catch (e) { /* not essential */ }
}

// -- what the reviewer sees: extracted values with the latest correction applied ----------
function reviewOf(f) {
  const embedded = f.review && f.review.status !== undefined ? f.review : null;
  const local = localLatest.get(f.id);
  return when(local) >= when(embedded) ? local : embedded;
}
function locName(f) { return f.locality ? (f.locality.canonical || f.locality.text) : null; }
function kindOf(f) { return f.statistic || (f.optional ? 'optional' : 'result'); }
function confBand(c) { if (c == null) return '-'; const b = CONF_BANDS.find(([lo, hi]) => c >= lo && c < hi); return b ? b[2] : '-'; }
/* What extraction gave (computed once per fact); a decision only changes status, or, for a
   correction, the fields it corrects. */
function baseOf(f) {
  if (f.base) return f.base;
  const L = f.locality || {}, T = f.time || {}, path = L.path || null, locality = locName(f);
  return (f.base = {subject: f.subject || null, value: f.value, value_max: f.value_max == null ? null : f.value_max, unit: f.unit,
    locality, path, qualifier: f.qualifier || null, body: f.body || null, people: f.people,
    year: T.year == null ? null : T.year, month: T.month == null ? null : T.month, day: T.day == null ? null : T.day,
    locsrc: L.source || '', timesrc: f.time_source || '', places: path ? prefixes(path) : (locality ? ['~' + locality] : []),
    indicator: f.indicator || null});
}
const NO_FIX = Object.freeze({});
const views = new Map();
function view(f) {
  let v = views.get(f.i);
  if (v) return v;
  const r = reviewOf(f), status = (r && r.status) || 'pending', b = baseOf(f);
  const c = (status === 'corrected' && r.correction) || NO_FIX;
  v = {...b, status, review: r, corrected: c, note: (r && r.note) || null};
  if (c !== NO_FIX) {
    for (const k of ['subject', 'value', 'value_max', 'unit', 'qualifier', 'body', 'people', 'year', 'month', 'day']) if (k in c) v[k] = c[k];
    if ('locality' in c) v.locality = c.locality;
    if ('locality_path' in c) v.path = c.locality_path;
    else if ('locality' in c) v.path = resolvePlace(c.locality, f).path || null;
    if ('locality' in c || 'locality_path' in c) { v.locsrc = 'review'; v.places = v.path ? prefixes(v.path) : (v.locality ? ['~' + v.locality] : []); }
    if ('year' in c || 'month' in c || 'day' in c) v.timesrc = 'review';
  }
  v.hay = r && (r.note || status === 'corrected')
    ? f.hay + '\n' + [v.subject, v.locality, v.path, v.unit, num(v.value), v.body, v.people.join(' '), v.note].filter(Boolean).join('\n').toLowerCase()
    : f.hay;
  views.set(f.i, v);
  return v;
}
function prefixes(path) {
  const parts = path.split('/'), out = [];
  for (let i = 1; i <= parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

// -- the gazetteer's places (shipped in the page) ---------------------------------------------
const placesByName = new Map();
for (const p of PLACES) { const name = p.slice(p.lastIndexOf('/') + 1); (placesByName.get(name) || placesByName.set(name, []).get(name)).push(p); }
const PLACE_SET = new Set(PLACES);
const depthOf = (p) => p.split('/').length;
/* The path of a place typed for a fact: a level of the fact's own path, else the one place of
   that name in its county, else a province, prefecture or county of that name nearest to it.
   A town outside the fact's county is never taken silently (the page knows only the towns of
   the counties its facts are in): the reviewer picks among the candidates (ask). */
function resolvePlace(text, f) {
  text = (text || '').trim();
  if (!text) return {path: null};
  if (text.includes('/')) return PLACE_SET.has(text) ? {path: text, name: text.slice(text.lastIndexOf('/') + 1)} : {error: '区划表中没有这个路径'};
  const own = (f.locality && f.locality.path) ? f.locality.path.split('/') : [];
  if (own.includes(text)) return {path: own.slice(0, own.indexOf(text) + 1).join('/'), name: text};
  const all = placesByName.get(text) || [];
  if (!all.length) return {path: null, name: text, unknown: true};
  const county = own.length >= 3 ? own.slice(0, 3).join('/') + '/' : null;
  const inCounty = county ? all.filter((p) => p.startsWith(county)) : [];
  if (inCounty.length === 1) return {path: inCounty[0], name: text};
  if (inCounty.length > 1) return {ask: inCounty, name: text, why: `${own[2]} 下有 ${inCounty.length} 个“${text}”`};
  const upper = all.filter((p) => depthOf(p) <= 3);  // complete in the page: every province, prefecture, county
  for (const depth of [2, 1]) {
    if (own.length < depth) continue;
    const near = upper.filter((p) => p.startsWith(own.slice(0, depth).join('/') + '/'));
    if (near.length === 1) return {path: near[0], name: text};
    if (near.length > 1) break;
  }
  if (upper.length === 1 && upper.length === all.length) return {path: upper[0], name: text};
  const where = own.length >= 3 ? `不在本县（${own[2]}）` : '本条事实没有县级地点';
  return {ask: all.slice(0, 12), name: text, why: `“${text}”${where}：请确认是哪一个`};
}
function placeHint(p, typed) {
  if (p.ask) return `<span>${esc(p.why)}：</span>` + p.ask.map((c) => `<button type="button" class="cand" data-place="${esc(c)}">${esc(c)}</button>`).join('');
  return esc(p.error || p.path || (typed.trim() ? '不在区划表中：路径留空' : ''));
}
function fillPlaceList(f, typed) {
  const own = f.locality && f.locality.path ? f.locality.path.split('/') : [];
  const county = own.slice(0, 3).join('/'), opts = [], seen = new Set();
  const add = (p, local) => { if (seen.has(p)) return; seen.add(p); const name = p.slice(p.lastIndexOf('/') + 1);
    opts.push(`<option value="${esc(local ? name : p)}">${esc(p)}</option>`); };
  if (own.length) for (let i = 1; i <= Math.min(3, own.length); i++) add(own.slice(0, i).join('/'), true);
  if (county) for (const p of PLACES) if (p.startsWith(county + '/')) add(p, true);
  const t = (typed || '').trim();
  if (t) {
    let n = 0;
    for (const p of PLACES) { if (n > 60) break; const name = p.slice(p.lastIndexOf('/') + 1); if (name.includes(t)) { add(p, false); n++; } }
  }
  $('#place-list').innerHTML = opts.join('');
}

