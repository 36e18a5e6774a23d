// -- the document -------------------------------------------------------------------------------
/* The text cut at every span boundary; each piece lists the spans covering it (data-s);
   a figure's first piece gets b0 and its last b1, which draw the ends of its box. */
function docHtml(d) {
  if (d.html) return d.html;
  const text = d.text, n = text.length, cuts = new Set([0, n]);
  for (const s of d.spans) { cuts.add(Math.min(Math.max(s.start, 0), n)); cuts.add(Math.min(Math.max(s.end, 0), n)); }
  const points = [...cuts].sort((a, b) => a - b);
  let out = '', active = [], next = 0;
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i], b = points[i + 1];
    active = active.filter((s) => s.end > a);
    while (next < d.spans.length && d.spans[next].start <= a) {
      if (d.spans[next].end > a) active.push(d.spans[next]);
      next++;
    }
    const piece = esc(text.slice(a, b));
    if (!active.length) { out += piece; continue; }
    const inner = active.reduce((x, s) => (s.end - s.start < x.end - x.start ? s : x));
    const ind = active.find((s) => s.type === 'IND');
    let cls = 't-' + inner.type + (inner.type !== 'IND' && ind ? ' t-IND' : '');
    if (ind) cls += (ind.start === a ? ' b0' : '') + (ind.end === b ? ' b1' : '');
    out += `<span class="hl ${cls}" data-s="${active.map((s) => s.k).join(' ')}">${piece}</span>`;
  }
  return (d.html = `<div class="inner">${out}</div>`);
}
function showDoc(i) {
  if (i === state.shownDoc) return;
  const d = docs[i];
  state.shownDoc = i;
  $('#doc-select').value = d ? String(i) : '';
  $('#doc-text').innerHTML = d ? docHtml(d) : '';
  $('#doc-meta').textContent = d ? [d.date, d.publisher, d.title, d.id, d.source].filter(Boolean).join(' · ') : '';
  $('#doc-text').scrollTop = 0;
  hideTip(true);
}
function jumpToEvidence(f) {
  showDoc(f.doc);
  const text = $('#doc-text');
  text.querySelectorAll('.hl.current').forEach((el) => el.classList.remove('current', 'flash'));
  if (!f.span) return;
  const els = [];
  for (const m of members(f)) if (m.span) els.push(...text.querySelectorAll(`[data-s~="${m.span.k}"]`));
  if (!els.length) return;
  scrollInside(text, els[0], 'center');
  els.forEach((el) => el.classList.add('current'));
  void text.offsetWidth;  // one restart of the flash for all pieces
  els.forEach((el) => el.classList.add('flash'));
}
/* Scroll only this box (scrollIntoView would also scroll the panes around it). */
function scrollInside(box, el, how) {
  const b = box.getBoundingClientRect(), r = el.getBoundingClientRect();
  const head = box.querySelector('thead, .decide-bar');
  const top = b.top + (head ? head.offsetHeight : 0);
  if (how === 'center') box.scrollTop += r.top - b.top - (box.clientHeight - r.height) / 2;
  else if (r.top < top) box.scrollTop -= top - r.top;
  else if (r.bottom > b.bottom) box.scrollTop += r.bottom - b.bottom;
}
function select(i, {jump = true, reveal = true} = {}) {
  if (i !== state.selected) state.quoteOpen = false;
  state.selected = i;
  if (reveal) revealRow(i);
  markSelected();
  renderCard();
  if (jump && facts[i]) jumpToEvidence(facts[i]);
}
function move(step) {
  const rows = state.rows;
  if (!rows.length) return;
  const at = rowIndex(state.selected);
  const to = at < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, at + step));
  select(rows[to].i);
}

// -- tooltip ------------------------------------------------------------------------------------
function spanHtml(d, s) {
  const rows = [], add = (k, v) => { if (v != null && v !== '') rows.push(`<div><span class="k">${k}</span>${esc(v)}</div>`); };
  const head = `<span class="ty" style="background:${TYPE_COLOR[s.type]}">${TYPE_NAME[s.type]}</span><b>${esc(d.text.slice(s.start, s.end))}</b>`;
  if (s.type === 'IND') {
    const f = s.fact != null ? facts[s.fact] : null, v = f ? view(f) : s;
    add('数值', valueText(v.value, v.value_max, v.qualifier) + (v.qualifier ? `（${(QUALIFIER[v.qualifier] || [, v.qualifier])[1]}）` : ''));
    add('单位', v.unit); add('主题', v.subject); add('变化', CHANGE[s.change] || s.change); add('量纲', named('unit_kind', s.unit_kind));
    if (s.optional || (s.statistic && s.statistic !== 'result')) add('类型', named('statistic', s.statistic || 'optional') + '（可选数字）');
    if (f) {
      const T = f.time || {};
      add('地点', (v.locality || '—') + (v.path ? `（${v.path}）` : '') + (v.locsrc ? ` · ${named('locality_source', v.locsrc)}` : ''));
      add('时间', (T.text || '—') + (v.year != null ? ` → ${dateText(v.year, v.month, v.day)}` : '') + (v.timesrc ? ` · ${named('time_source', v.timesrc)}` : ''));
      add('指标', v.indicator); if (f.flags.length) add('标记', flagNames(f));
      add('机构', v.body); add('审阅', STATUS[v.status]);
    }
  } else if (s.type === 'TIME') {
    add('年', s.year); add('月', s.month); add('日', s.day); add('相对', s.relative);
  } else {
    add('规范名', s.canonical); add('区划', s.path); add('职务', s.role); add('单位', s.affiliation);
    add('来源', s.source + (s.confidence != null ? ` · ${Number(s.confidence).toFixed(2)}` : ''));
  }
  return `<div class="item">${head}${rows.join('')}</div>`;
}
function showTip(el) {
  const d = docs[state.shownDoc];
  if (!d) return;
  const spans = el.dataset.s.split(' ').map((k) => d.spans[Number(k)]).sort((a, b) => (a.end - a.start) - (b.end - b.start));
  const tip = $('#tip');
  tip.innerHTML = spans.map((s) => spanHtml(d, s)).join('');
  tip.hidden = false;
  const r = el.getBoundingClientRect(), w = tip.offsetWidth, h = tip.offsetHeight;
  tip.style.left = Math.max(8, Math.min(r.left, innerWidth - w - 8)) + 'px';
  tip.style.top = (r.bottom + h + 12 < innerHeight ? r.bottom + 6 : Math.max(8, r.top - h - 6)) + 'px';
}
function hideTip(force) {
  if (state.pinned && !force) return;
  state.pinned = false;
  $('#tip').hidden = true;
  $('#tip').classList.remove('pinned');
}

// -- misc UI -----------------------------------------------------------------------------------
let toastTimer = 0;
function toast(msg) {
  const t = $('#toast');
  t.textContent = msg; t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 2200);
}
function banner(msg) { const b = $('#banner'); b.textContent = msg; b.hidden = false; }
function download(lines, name) {
  const blob = new Blob([lines.map((d) => JSON.stringify(d)).join('\n') + '\n'], {type: 'application/x-ndjson'});
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
}
function exportLog() {
  const lines = exportLines();
  if (!lines.length) { toast('本页还没有审阅决定'); return; }
  download(lines, 'reviews.jsonl');
  exported = log.length;
  sentIds = null;
  save();
  renderProgress();
  toast(`已导出 ${lines.length} 条决定`);
}
/* Stored decisions whose fact is not on the page and could not be found by content (its
   sentence or figure changed, or the bulletin is gone): say so, offer them. */
function orphans() { return log.filter((d) => !factById.has(d.fact_id)); }
function renderOrphans() {
  const gone = orphans(), el = $('#orphans');
  const ids = new Set(gone.map((d) => d.fact_id));
  el.hidden = !gone.length && !reattached;
  if (el.hidden) return;
  const back = reattached ? `原文改动后事实编号变了：已按内容（公报、原句、数字及其位置、数值、单位）找回 <b>${reattached}</b> 条决定。` : '';
  el.innerHTML = back + (gone.length ? `本浏览器为这个输出目录保存的 <b>${ids.size}</b> 条事实的 ${gone.length} 条决定，其事实已不在本页，也无法按内容找回（原句或数字已改动）。
    <button class="btn" id="orphans-export">导出这些决定</button>` : '') + '<button class="btn ghost" id="orphans-hide">知道了</button>';
}
function buildLegend() {
  $('#legend').innerHTML = TYPES.map(([t, name]) =>
    `<button aria-pressed="true" data-type="${t}" title="显示/隐藏${name}"><span class="sw sw-${t}"></span>${name}</button>`).join('');
}

// -- events ------------------------------------------------------------------------------------
function filtersChanged() { computeRows(); scrollTableTo(0); saveView(); }
$('#q').addEventListener('input', (e) => { state.q = e.target.value.trim(); filtersChanged(); });
for (const [id, key] of FILTERS.slice(1)) {
  $('#' + id).addEventListener('change', (e) => { state[key] = e.target.value; filtersChanged(); });
}
/* Options are counted again (after corrections) when the reviewer reaches for a filter. */
for (const type of ['pointerdown', 'focusin', 'keydown']) {
  $('#filters').addEventListener(type, (e) => { if (state.filtersStale && e.target.tagName === 'SELECT') buildFilters(); }, true);
}
function showMore(open) {
  $('#more-filters').hidden = !open;
  $('#f-more').setAttribute('aria-expanded', String(open));
}
$('#f-more').addEventListener('click', () => showMore($('#more-filters').hidden));
$('#f-reset').addEventListener('click', () => {
  for (const [id, key] of FILTERS) { $('#' + id).value = ''; state[key] = ''; }
  filtersChanged();
});
$('#bulk-accept').addEventListener('click', bulkAccept);
$('#facts thead').addEventListener('click', (e) => {
  const th = e.target.closest('th[data-key]');
  if (!th) return;
  if (state.sort === th.dataset.key) state.dir = -state.dir; else { state.sort = th.dataset.key; state.dir = 1; }
  computeRows(); scrollTableTo(0); saveView();
});
$('#facts tbody').addEventListener('click', (e) => {
  const tr = e.target.closest('tr[data-i]');
  if (!tr) return;
  const f = facts[Number(tr.dataset.i)], act = e.target.closest('button[data-act]');
  if (act) { e.stopPropagation(); decide(f, act.dataset.act, null); return; }
  select(f.i, {reveal: false});
  if (PHONE.matches) $('#card').scrollIntoView({block: 'start'});  // one column: the card is below the table
});
$('#table-wrap').addEventListener('scroll', onTableScroll, {passive: true});
function measureTable() { wrapBox.height = $('#table-wrap').clientHeight; wrapBox.head = $('#facts thead').offsetHeight; }
/* The table's box changes with the window, the further filters and the banners: draw the rows
   that then come into view (before the frame is painted). */
if (window.ResizeObserver) {
  new ResizeObserver(() => {
    const h = wrapBox.height;
    measureTable();
    if (wrapBox.height !== h) renderTable();
  }).observe($('#table-wrap'));
} else window.addEventListener('resize', () => { measureTable(); renderTable(); });
$('#card').addEventListener('click', (e) => {
  const f = facts[state.selected];
  const b = e.target.closest('button');
  if (!f || !b) return;
  if (b.dataset.nav) move(Number(b.dataset.nav));
  else if (b.dataset.goto) select(Number(b.dataset.goto));
  else if (b.dataset.quote) { state.quoteOpen = b.dataset.quote === '1'; $('#card .quote').innerHTML = quoteHtml(f); }
  else if (b.dataset.place) {
    const input = $('#correct-form').elements.locality;
    input.value = b.dataset.place;
    const p = resolvePlace(input.value, f);
    $('#place-path').classList.remove('ask');
    $('#place-path').innerHTML = placeHint(p, input.value);
    $('#correct-err').textContent = '';
  }
  else if (b.id === 'do-accept') decide(f, 'accepted', null);
  else if (b.id === 'do-reject') decide(f, 'rejected', null);
  else if (b.id === 'do-undo') decide(f, null, null);
  else if (b.id === 'do-correct') openCorrection(!$('#correct-form').hidden);
  else if (b.id === 'do-subject') openCorrection(false, 'subject');
  else if (b.id === 'do-cancel') openCorrection(true);
});
$('#card').addEventListener('input', (e) => {
  const f = facts[state.selected];
  if (!f) return;
  if (e.target.id === 'note') { drafts[f.id] = e.target.value; e.target.classList.add('draft'); saveDrafts(); }
  else if (e.target.name === 'locality') {
    fillPlaceList(f, e.target.value);
    const p = resolvePlace(e.target.value, f), hint = $('#place-path');
    hint.classList.toggle('ask', !!p.ask);
    hint.innerHTML = placeHint(p, e.target.value);
  }
});
$('#card').addEventListener('submit', (e) => { e.preventDefault(); if (facts[state.selected]) saveCorrection(facts[state.selected]); });
$('#doc-select').addEventListener('change', (e) => { if (e.target.value !== '') showDoc(Number(e.target.value)); });
$('#legend').addEventListener('click', (e) => {
  const b = e.target.closest('button[data-type]');
  if (!b) return;
  const on = b.getAttribute('aria-pressed') !== 'true';
  b.setAttribute('aria-pressed', String(on));
  $('#doc-text').classList.toggle('hide-' + b.dataset.type, !on);
});
$('#orphans').addEventListener('click', (e) => {
  if (e.target.id === 'orphans-export') { download(orphans(), 'reviews-orphaned.jsonl'); toast('已导出不在本页的决定'); }
  else if (e.target.id === 'orphans-hide') $('#orphans').hidden = true;
});
const text = $('#doc-text');
text.addEventListener('mouseover', (e) => { const el = e.target.closest('.hl'); if (el && !state.pinned) showTip(el); });
text.addEventListener('mouseout', (e) => { if (e.target.closest('.hl') && !state.pinned) hideTip(); });
text.addEventListener('scroll', () => hideTip(true), {passive: true});
text.addEventListener('click', (e) => {
  const el = e.target.closest('.hl');
  if (!el) { hideTip(true); return; }
  const d = docs[state.shownDoc];
  const ind = el.dataset.s.split(' ').map((k) => d.spans[Number(k)]).find((s) => s.fact != null);
  if (ind) { const f = facts[ind.fact]; select(f.pairTo != null ? f.pairTo : f.i, {jump: false}); }
  showTip(el);
  state.pinned = true;
  $('#tip').classList.add('pinned');
});
document.addEventListener('click', (e) => { if (!e.target.closest('#doc-text') && !e.target.closest('#tip')) hideTip(true); });
$('#export').addEventListener('click', exportLog);
$('#reviewer').addEventListener('change', (e) => { if (storage) storage.setItem(REVIEWER, e.target.value.trim()); });
window.addEventListener('pagehide', () => { if (saveLater) save(); saveDrafts(true); });
document.addEventListener('visibilitychange', () => { if (document.hidden && saveLater) save(); });
document.addEventListener('keydown', (e) => {
  const f = facts[state.selected];
  const inCard = e.target.closest && e.target.closest('#card');
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && f && inCard) {  // decide from the note box or the form
    e.preventDefault();
    if (!$('#correct-form').hidden) saveCorrection(f);
    else decide(f, e.shiftKey ? 'rejected' : 'accepted', null);
    return;
  }
  if (e.key === 'Escape') {
    hideTip(true);
    if (inCard && e.target.closest('#correct-form')) { openCorrection(true); return; }
    if (document.activeElement) document.activeElement.blur();
    return;
  }
  if (e.target.closest && e.target.closest('input, textarea, select')) return;  // typing: the browser's own undo
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'z') { e.preventDefault(); undo(); return; }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === 'j') move(1);
  else if (e.key === 'k') move(-1);
  else if (e.key === 'u') undo();
  else if (e.key === '/') { e.preventDefault(); $('#q').focus(); }
  else if (f && e.key === 'a') decide(f, 'accepted', null);
  else if (f && e.key === 'x') decide(f, 'rejected', null);
  else if (f && e.key === 'c') { e.preventDefault(); openCorrection(false); }
  else if (f && e.key === 's') { e.preventDefault(); openCorrection(false, 'subject'); }
});

// -- start ---------------------------------------------------------------------------------------
$('#run-info').textContent = [`${docs.length} 篇公报`, `${facts.length} 条事实`, DATA.run.dir,
  DATA.run.version ? 'v' + DATA.run.version : '', '生成于 ' + new Date(DATA.run.generated).toLocaleString('zh-CN')].filter(Boolean).join(' · ');
$('#run-info').title = DATA.run.dir;
if (!storage) banner('此浏览器不允许本地存储：审阅决定不会在刷新后保留，请在关闭前导出 reviews.jsonl。');
if (storage) $('#reviewer').value = storage.getItem(REVIEWER) || '';
buildFilters();
fillSelect($('#doc-select'), '选择公报…', docs.map((d, i) => [String(i), d.label === d.id ? d.id : `${d.label} · ${d.id}`]));
buildLegend();
const kept = readJson(VIEW_STORE, {});  // filters and sort survive a reload
for (const [id, key] of FILTERS) {
  const el = $('#' + id), value = typeof kept[key] === 'string' ? kept[key] : '';
  el.value = value;
  state[key] = el.value === value ? value : '';  // an option this run lacks is dropped
}
if ([...document.querySelectorAll('#more-filters select')].some((el) => el.value)) showMore(true);
if (SORT_KEYS[kept.sort]) { state.sort = kept.sort; state.dir = kept.dir === -1 ? -1 : 1; }
if (dirtyFrom < log.length || !storedSegs) save();
measureTable();
computeRows();
renderTable();
renderProgress();
renderCard();
renderOrphans();
if (docs.length) showDoc(state.rows.length ? state.rows[0].doc : 0);
/* Search strings are built by concatenation; flatten them while the reviewer reads, not
   on the first keystroke. */
idle(() => { for (const f of facts) f.hay.includes('\u0000'); });
// for tests and bench/review_page.py
window.bulletinReview = {state, view, computeRows, renderTable, renderProgress, buildFilters, renderCard, select, save, exportLines,
                         log: () => log};
