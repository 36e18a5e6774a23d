// -- preparing the data ---------------------------------------------------------------------
facts.forEach((f, i) => { f.i = i; f.evidence = f.evidence || {}; f.people = f.people || []; f.flags = f.flags || []; });
const indicatorSpans = new Map();
docs.forEach((d, di) => d.spans.forEach((s) => { if (s.type === 'IND') indicatorSpans.set(s.id, [di, s]); }));
for (const f of facts) {
  const doc = docs[f.doc];
  if (!doc) continue;
  const found = f.indicator_id && indicatorSpans.get(f.indicator_id);
  let s = found && found[0] === f.doc ? found[1] : null;
  if (!s && f.evidence.start != null) {  // indicators.jsonl lacks it: the fact's own evidence span
    s = {start: f.evidence.start, end: f.evidence.end, type: 'IND', id: f.indicator_id || f.id, subject: f.subject,
         value: f.value, value_max: f.value_max, unit: f.unit, qualifier: f.qualifier, change: f.change};
    doc.spans.push(s);
  }
  if (s) { s.fact = f.i; f.span = s; }
}
docs.forEach((d) => {
  d.spans.sort((a, b) => a.start - b.start || b.end - a.end);
  d.spans.forEach((s, k) => { s.k = k; });
  d.factCount = 0;
});
/* From/to pairs (由240万元减少到205万元): the 'to' fact's row shows the change, decisions cover both. */
for (let i = 0; i + 1 < facts.length; i++) {
  const a = facts[i], b = facts[i + 1];
  if (a.change === 'from' && b.change === 'to' && a.doc === b.doc && a.evidence.sent_id != null &&
      a.evidence.sent_id === b.evidence.sent_id && a.pairTo == null) { a.pairTo = b.i; b.pairFrom = a.i; }
}
const sentenceOf = (f) => f.evidence.sentence || (f.quote && f.quote.text) || '';
for (const f of facts) {
  if (docs[f.doc]) docs[f.doc].factCount++;
  const L = f.locality || {};
  f.hay = [f.subject, f.indicator, f.unit, L.text, L.canonical, L.path, f.body, f.time && f.time.text, f.number_text,
           sentenceOf(f), f.evidence.article_title, f.evidence.contributor, f.doc_id, f.id, docs[f.doc] && docs[f.doc].label,
           f.people.join(' '), f.flags.map((g) => named('flags', g.code)).join(' ')].filter(Boolean).join('\n').toLowerCase();
}
const members = (f) => (f.pairFrom != null ? [facts[f.pairFrom], f] : [f]);
const TOTAL_ROWS = facts.filter((f) => f.pairTo == null).length;

// -- formatting -------------------------------------------------------------------------------
const NUMBER = new Intl.NumberFormat('zh-CN', {maximumFractionDigits: 6});  // one formatter: toLocaleString makes one per call
function num(x) { return x == null ? '' : NUMBER.format(Number(x)); }
/* A large value as the text writes it (1060000000 -> 10.6亿, 758800 -> 75.88万) when that is
   exact with at most four decimals; else with thousands separators. */
function wan(x) {
  const n = Number(x), a = Math.abs(n);
  const [unit, scale] = a >= 1e8 ? ['亿', 1e8] : a >= 1e5 ? ['万', 1e4] : ['', 0];  // under 10万: as it is
  if (scale) { const r = Math.round(n / scale * 1e4) / 1e4; if (Math.abs(r * scale - n) < 1e-6) return NUMBER.format(r) + unit; }
  return num(x);
}
function valueText(value, valueMax, qualifier, compact = false) {
  if (value == null) return '—';
  const fmt = compact ? wan : num;
  let s = fmt(value);
  if (valueMax != null && valueMax !== value) s += '–' + fmt(valueMax);
  const q = QUALIFIER[qualifier];
  return (q && q[0] ? q[0] + ' ' : '') + s;
}
function changeText(f) {
  if (f.pairFrom == null) return null;
  const a = view(facts[f.pairFrom]), b = view(f);
  return `${valueText(a.value, a.value_max, a.qualifier)}${a.unit && a.unit !== b.unit ? a.unit : ''} → ${valueText(b.value, b.value_max, b.qualifier)}`;
}
function dateText(y, m, d) { return y == null && m == null && d == null ? '' : `${y != null ? y + '年' : ''}${m != null ? m + '月' : ''}${d != null ? d + '日' : ''}`; }
function docLabel(d) { return d ? d.label : '—'; }
/* The table names a bulletin by its title (the date apart, on the second line), so a narrow
   column does not show only the date. */
function docShort(d) { return d ? (d.title || d.publisher || d.id) : '—'; }
/* 1.2万, 3亿, 1,200, ５０: the number, computed on the digits so 0.7万 is 7000 exactly. */
const MULT = {'千': 3, '万': 4, '亿': 8, '万亿': 12};
function parseValue(s) {
  s = String(s).replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0)).replace(/[,，\s]/g, '');
  if (s === '') return null;
  const m = /^([-+]?)(\d*)(?:\.(\d+))?(千|万亿|万|亿)?$/.exec(s);
  if (!m || (m[2] === '' && !m[3])) return NaN;
  let ip = m[2] || '0', fp = m[3] || '';
  const shift = m[4] ? MULT[m[4]] : 0;
  fp = fp.padEnd(shift, '0');
  ip += fp.slice(0, shift); fp = fp.slice(shift);
  const n = Number(ip + (fp ? '.' + fp : ''));
  return m[1] === '-' ? -n : n;
}

// -- filters ----------------------------------------------------------------------------------
function fillSelect(el, label, options) {
  el.innerHTML = `<option value="">${esc(label)}</option>` +
    options.map(([v, text]) => `<option value="${esc(v)}">${esc(text)}</option>`).join('');
}
function countBy(keysOf) {
  const m = new Map();
  for (const f of facts) for (const k of keysOf(f, view(f))) if (k != null && k !== '') m.set(k, (m.get(k) || 0) + 1);
  return m;
}
/* The options with their counts, from the reviewed values (a corrected place or year is
   offered too); what is selected stays selected.  After a correction they are rebuilt when
   the reviewer next reaches for a filter (filtersStale), not at once. */
function buildFilters() {
  state.filtersStale = false;
  const keep = FILTERS.slice(1).map(([id]) => [id, $('#' + id).value]);
  const places = countBy((f, v) => v.places);
  const keys = [...places.keys()].sort((a, b) => (a[0] === '~') - (b[0] === '~') || collator.compare(a, b));
  fillSelect($('#f-locality'), '全部地点', keys.map((k) => {
    const parts = k[0] === '~' ? [k.slice(1)] : k.split('/');
    return [k, '\u3000'.repeat(parts.length - 1) + parts[parts.length - 1] + `（${places.get(k)}）`];
  }));
  const byCount = (m, name = (k) => k) => [...m.entries()].sort((a, b) => b[1] - a[1] || collator.compare(String(a[0]), String(b[0])))
    .map(([k, n]) => [k, `${name(k)}（${n}）`]);
  fillSelect($('#f-subject'), '全部主题', byCount(countBy((f, v) => [v.subject])));
  const indicators = countBy((f, v) => [v.indicator || '-']);
  fillSelect($('#f-indicator'), '全部指标', byCount(indicators, (k) => (k === '-' ? '不在指标目录中' : k)));
  fillSelect($('#f-unit'), '全部单位', byCount(countBy((f, v) => [v.unit])));
  fillSelect($('#f-status'), '全部状态', Object.entries(STATUS));
  const years = countBy((f, v) => [v.year == null ? '-' : String(v.year)]);
  fillSelect($('#f-year'), '全部年份', [...years.keys()].sort().map((y) => [y, `${y === '-' ? '无年份' : y + '年'}（${years.get(y)}）`]));
  const src = (m, table) => [...m.keys()].map((k) => [k, `${k === '-' ? '无' : named(table, k)}（${m.get(k)}）`]);
  fillSelect($('#f-locsrc'), '地点来源', src(countBy((f, v) => [v.locsrc || '-']), 'locality_source').map(([k, t]) => [k, '地点' + t]));
  fillSelect($('#f-timesrc'), '年份来源', src(countBy((f, v) => [v.timesrc || '-']), 'time_source').map(([k, t]) => [k, '年份' + t]));
  const kinds = countBy((f) => [kindOf(f)]);
  const optional = facts.filter((f) => kindOf(f) !== 'result').length;
  fillSelect($('#f-kind'), '全部数字', [['result', `只看统计结果（${facts.length - optional}）`], ['optional', `只看可选数字（${optional}）`],
    ...[...kinds.keys()].filter((k) => k !== 'result' && k !== 'optional').map((k) => [k, `${named('statistic', k)}（${kinds.get(k)}）`])]);
  const bands = countBy((f) => [confBand(f.confidence)]);
  fillSelect($('#f-conf'), '置信度', [...CONF_BANDS.map(([, , b]) => b), '-'].filter((b) => bands.has(b))
    .map((b) => [b, `${b === '-' ? '无置信度' : '置信 ' + b}（${bands.get(b)}）`]));
  const flags = countBy((f) => f.flags.map((g) => g.code));
  const flagged = facts.filter((f) => f.flags.length).length;
  fillSelect($('#f-flag'), '标记', [['*', `有标记（${flagged}）`], ['-', `无标记（${facts.length - flagged}）`],
    ...[...flags.keys()].sort().map((k) => [k, `⚑ ${named('flags', k)}（${flags.get(k)}）`])]);
  fillSelect($('#f-note'), '备注', [['yes', '有备注'], ['no', '无备注']]);
  fillSelect($('#f-doc'), '全部公报', docs.map((d, i) => [String(i), `${d.label}（${d.factCount}）`]));
  for (const [id, value] of keep) $('#' + id).value = value;
}
/* A correction changes the options' counts: count them again when the page is idle (or
   at once when the reviewer reaches for a filter first). */
function filtersStale() {
  if (state.filtersStale) return;
  state.filtersStale = true;
  idle(() => { if (state.filtersStale) buildFilters(); }, {timeout: 1500});
}
function matches(f, v, terms) {
  if (state.status && v.status !== state.status) return false;
  if (state.doc !== '' && f.doc !== Number(state.doc)) return false;
  if (state.unit && v.unit !== state.unit) return false;
  if (state.subject && v.subject !== state.subject) return false;
  if (state.indicator && (v.indicator || '-') !== state.indicator) return false;
  if (state.locality && !v.places.includes(state.locality)) return false;
  if (state.year && (v.year == null ? '-' : String(v.year)) !== state.year) return false;
  if (state.kind && (state.kind === 'optional' ? kindOf(f) === 'result' : state.kind === 'result' ? kindOf(f) !== 'result' : kindOf(f) !== state.kind)) return false;
  if (state.conf && confBand(f.confidence) !== state.conf) return false;
  if (state.locsrc && (v.locsrc || '-') !== state.locsrc) return false;
  if (state.timesrc && (v.timesrc || '-') !== state.timesrc) return false;
  if (state.flag && !(state.flag === '*' ? f.flags.length : state.flag === '-' ? !f.flags.length : f.flags.some((g) => g.code === state.flag))) return false;
  if (state.note && (state.note === 'yes') !== !!(v.note || drafts[f.id])) return false;
  for (const t of terms) if (!v.hay.includes(t)) return false;
  return true;
}
/* Strings sort by their rank in one collator-sorted list (rebuilt only when a new string
   appears), so a sort of 8,000 rows compares numbers. */
let rank = new Map();
function rankOf(values) {
  let fresh = false;
  for (const x of values) if (!rank.has(x)) { fresh = true; break; }
  if (fresh) {
    const all = [...new Set([...rank.keys(), ...values])].sort(collator.compare);
    rank = new Map(all.map((x, i) => [x, i]));
  }
  return rank;
}
const SORT_KEYS = {
  status: (f, v) => STATUS_ORDER[v.status], subject: (f, v) => v.subject || '', unit: (f, v) => v.unit || '',
  value: (f, v) => (v.value == null ? -Infinity : v.value), locality: (f, v) => v.locality || '',
  year: (f, v) => (v.year == null ? -Infinity : v.year), conf: (f) => (f.confidence == null ? -Infinity : f.confidence),
  doc: (f) => f.doc * 1e8 + (f.evidence.start || 0),
};
/* state.rows: the facts shown, in order.  A fact's place in it is f._row, valid while f._rv is
   the current rowsVersion (no wrapper objects or maps: 8,000 rows are sorted on every filter). */
let rowsVersion = 0;
function computeRows() {
  const terms = state.q.toLowerCase().split(/\s+/).filter(Boolean);
  const key = SORT_KEYS[state.sort] || SORT_KEYS.doc, rows = [];
  for (const f of facts) {
    if (f.pairTo != null) continue;  // shown in its pair's row
    const v = view(f);
    if (matches(f, v, terms) || (f.pairFrom != null && matches(facts[f.pairFrom], view(facts[f.pairFrom]), terms))) { f._k = key(f, v); rows.push(f); }
  }
  if (rows.length && typeof rows[0]._k === 'string') {
    const r = rankOf(rows.map((x) => x._k));
    for (const x of rows) x._k = r.get(x._k);
  }
  const dir = state.dir;
  rows.sort((a, b) => (a._k - b._k) * dir || a.doc - b.doc || (a.evidence.start || 0) - (b.evidence.start || 0));
  rowsVersion++;
  for (let n = 0; n < rows.length; n++) { rows[n]._row = n; rows[n]._rv = rowsVersion; }
  state.rows = rows;
}
/* The rows after decisions on these facts: when only their status changed (no note, no
   correction) and neither the sort nor a filter other than status looks at it, the rows stay
   in order and a status filter only drops the decided ones; else they are computed again. */
function rowsAfter(changed, statusOnly) {
  if (state.sort === 'status' || state.note || !statusOnly) { computeRows(); return; }
  if (!state.status) return;
  const shown = (f) => view(f).status === state.status;
  if (changed.some((f) => f.pairTo == null && shown(f) && rowIndex(f.i) < 0)) { computeRows(); return; }  // one joins
  const rows = state.rows.filter(shown);
  if (rows.length === state.rows.length) return;
  rowsVersion++;
  for (let n = 0; n < rows.length; n++) { rows[n]._row = n; rows[n]._rv = rowsVersion; }
  state.rows = rows;
}
const rowIndex = (i) => { const f = facts[i]; return f && f._rv === rowsVersion ? f._row : -1; };

// -- the table: only the rows in view are drawn ---------------------------------------------------
const short = (name) => name.replace(/^来自/, '');
function flagNames(f) { return f.flags.map((g) => '⚑ ' + named('flags', g.code)).join(' '); }
/* A row as its cells' HTML (a decision changes the status cell only: only that cell is replaced). */
function rowCells(f) {
  const v = view(f);
  const c = v.corrected, d = docs[f.doc];
  const was = (k, text) => (k in c ? `<span class="was">${esc(text)}</span>` : '');
  const county = v.path ? v.path.split('/').slice(0, -1).pop() : '';
  const change = changeText(f), q = QUALIFIER[v.qualifier];
  const sub = [v.indicator && v.indicator !== v.subject ? '指标：' + v.indicator : '', ].filter(Boolean).join(' ');
  const flags = f.flags.length ? `<span class="fl">${esc(flagNames(f))}</span>` : '';
  return [`<td><span class="badge s-${v.status}">${STATUS[v.status]}</span></td>`,
    `<td class="subj" title="${esc(v.subject || '')}">${esc(v.subject || '—')}${was('subject', f.subject || '—')}<span class="sec">${flags}${flags && sub ? ' · ' : ''}${esc(sub)}</span></td>`,
    `<td class="num" title="${esc(valueText(v.value, v.value_max, v.qualifier))}">${change ? `<span class="pair" title="一项变化：起始 → 结果">变化</span> ${esc(change)}` : esc(valueText(v.value, v.value_max, v.qualifier, true))}${was('value', num(f.value))}<span class="sec">${esc(v.unit || '')}${was('unit', f.unit)}${q && q[1] && !q[0] ? ' ' + esc(q[1]) : ''}</span></td>`,
    `<td title="${esc(v.path || '')}">${esc(v.locality || '—')}${was('locality', locName(f) || '—')}<span class="sec">${esc(county || '')}${county && v.locsrc ? ' · ' : ''}${esc(short(named('locality_source', v.locsrc)))}</span></td>`,
    `<td class="num c-year">${v.year == null ? '—' : v.year}${was('year', f.time && f.time.year != null ? f.time.year : '—')}<span class="sec">${esc(short(named('time_source', v.timesrc)))}</span></td>`,
    `<td class="num c-conf">${f.confidence == null ? '—' : Number(f.confidence).toFixed(2)}</td>`,
    `<td class="doc c-doc" title="${esc(docLabel(d))} · ${esc(f.doc_id)}">${esc(docShort(d))}<span class="sec">${esc(d && d.date || f.doc_id)}</span></td>`,
    `<td class="act c-act"><button data-act="accepted" title="接受">✓</button><button data-act="rejected" title="驳回">✕</button></td>`];
}
const rowHtml = (f, cells) => `<tr data-i="${f.i}" data-id="${esc(f.id)}">${cells.join('')}</tr>`;

let rowH = 0;
const wrapBox = {height: 0, head: 0};  // the table box's height and its header's (measured at start and on resize)
let drawn = new Map();  // fact index -> {tr, cells}: the rows in the document, and their cells' HTML
const padTop = document.createElement('tr'), padBottom = document.createElement('tr'), rowTpl = document.createElement('tbody');
const cellTpl = document.createElement('tr');
/* a spacer row has one cell: a colspan over hidden columns (a phone) would make columns of them */
for (const p of [padTop, padBottom]) { p.className = 'pad'; p.setAttribute('aria-hidden', 'true'); p.innerHTML = '<td></td>'; }
/* Draw the rows in view (and BUFFER more each side); rows already drawn with the same content
   are kept as they are, so a decision re-lays one row, not the table. */
function renderTable() {
  const rows = state.rows, tbody = $('#facts tbody'), h = rowH || 46;
  const viewH = wrapBox.height || 600, top = state.scrollTop;
  const first = Math.max(0, Math.min(rows.length, Math.floor(top / h) - BUFFER));
  const last = Math.min(rows.length, Math.ceil((top + viewH) / h) + BUFFER);
  state.win = [first, last];
  if (!rows.length) {
    drawn = new Map();
    tbody.innerHTML = `<tr class="empty-row"><td colspan="${PHONE.matches ? 4 : 8}">没有符合条件的事实</td></tr>`;
  } else {
    const want = rows.slice(first, last).map((f) => ({f, i: f.i, cells: rowCells(f)}));
    const kept = new Set(want.filter((w) => drawn.has(w.i)).map((w) => w.i));
    if (padTop.parentNode !== tbody || kept.size < want.length / 3) {  // mostly new: draw them all at once
      rowTpl.innerHTML = want.map((w) => rowHtml(w.f, w.cells)).join('');
      const trs = [...rowTpl.children];
      tbody.replaceChildren(padTop, ...trs, padBottom);
      drawn = new Map(want.map((w, k) => [w.i, {tr: trs[k], cells: w.cells}]));
    } else {
      for (const [i, d] of drawn) if (!kept.has(i)) d.tr.remove();
      const fresh = want.filter((w) => !kept.has(w.i));
      rowTpl.innerHTML = fresh.map((w) => rowHtml(w.f, w.cells)).join('');
      const made = new Map(fresh.map((w, k) => [w.i, rowTpl.children[k]]));
      const next = new Map();
      let prev = padTop;
      for (const w of want) {
        let tr = made.get(w.i);
        if (!tr) {  // drawn before: replace the cells that changed
          const old = drawn.get(w.i);
          tr = old.tr;
          for (let c = 0; c < w.cells.length; c++) {
            if (old.cells[c] === w.cells[c]) continue;
            cellTpl.innerHTML = w.cells[c];
            tr.children[c].replaceWith(cellTpl.firstChild);
          }
        }
        if (prev.nextSibling !== tr) prev.after(tr);
        next.set(w.i, {tr, cells: w.cells});
        prev = tr;
      }
      drawn = next;
    }
    padTop.firstChild.style.height = first * h + 'px';
    padBottom.firstChild.style.height = (rows.length - last) * h + 'px';
    padTop.hidden = !first; padBottom.hidden = last >= rows.length;
  }
  markSelected();
  if (!rowH && rows.length) {  // the first time: the height rows really have
    const tr = tbody.querySelector('tr[data-i]');
    const real = tr ? tr.getBoundingClientRect().height : 0;
    if (real > 0) { rowH = real; if (Math.abs(real - h) > 0.5) { renderTable(); return; } }
  }
  // only what changed: a change outside the table's box would re-lay the whole pane
  setText($('#shown'), rows.length === TOTAL_ROWS ? `共 ${TOTAL_ROWS} 行` : `显示 ${rows.length} / ${TOTAL_ROWS} 行`);
  document.querySelectorAll('#facts th[data-key]').forEach((th) => {
    const want = th.dataset.key === state.sort ? (state.dir > 0 ? 'ascending' : 'descending') : null;
    if (th.getAttribute('aria-sort') !== want) { if (want) th.setAttribute('aria-sort', want); else th.removeAttribute('aria-sort'); }
  });
  for (const [id, key] of FILTERS) { const el = $('#' + id), on = !!state[key]; if (el.classList.contains('on') !== on) el.classList.toggle('on', on); }
  const more = [...document.querySelectorAll('#more-filters select')].filter((el) => el.value).length;
  setText($('#more-count'), more ? String(more) : '');
}
/* Scrolled: draw again when the rows in view are no longer all drawn. */
function onTableScroll() {
  const wrap = $('#table-wrap');
  state.scrollTop = wrap.scrollTop;
  const h = rowH || 46, [a, b] = state.win, n = state.rows.length;
  const from = Math.floor(state.scrollTop / h), to = Math.ceil((state.scrollTop + wrapBox.height) / h);
  if ((a > 0 && from < a + 2) || (b < n && to > b - 2)) renderTable();
}
/* Scroll the table to a position and draw the rows there.  The position is set before the rows
   change (the layout is then still clean, so setting it costs nothing), clamped to the rows. */
function scrollTableTo(top) {
  const wrap = $('#table-wrap'), h = rowH || 46;
  state.scrollTop = Math.max(0, Math.min(top, state.rows.length * h + wrapBox.head - wrapBox.height));
  if (wrap.scrollTop !== state.scrollTop) wrap.scrollTop = state.scrollTop;
  renderTable();
}
/* Bring row i into view (drawing the table again only when it is not drawn). */
function revealRow(i) {
  const at = rowIndex(i);
  if (at < 0) return;
  const h = rowH || 46, head = wrapBox.head;
  const top = at * h, viewTop = state.scrollTop, viewBottom = state.scrollTop + wrapBox.height - head;
  if (top >= viewTop && top + h <= viewBottom) return;
  const inWindow = at >= state.win[0] && at < state.win[1];
  const target = top < viewTop ? top : top + h - (wrapBox.height - head);
  if (inWindow && Math.abs(target - viewTop) < wrapBox.height) { $('#table-wrap').scrollTop = target; state.scrollTop = target; onTableScroll(); }
  else scrollTableTo(top - (wrapBox.height - head - h) / 2);
}
let selTr = null;
function markSelected() {
  const tr = (drawn.get(state.selected) || {}).tr || null;
  if (tr === selTr && (!tr || tr.classList.contains('sel'))) return;
  if (selTr) selTr.classList.remove('sel');
  if (tr) tr.classList.add('sel');
  selTr = tr;
}
function setText(el, text) { if (el.textContent !== text) el.textContent = text; }

/* What the export holds: the latest decision of every fact on the page; an undo (status null)
   only when it undoes something --apply has seen (an exported decision, or one merged into
   facts.jsonl).  The ids exported so far are kept until the next export. */
let sentIds = null;
function exportable(id, d) {
  if (!factById.has(id)) return false;
  if (d.status != null) return true;
  if (!sentIds) { sentIds = new Set(); for (let k = 0; k < exported && k < log.length; k++) sentIds.add(log[k].fact_id); }
  const f = facts[factById.get(id)];
  return sentIds.has(id) || !!(f.review && f.review.status);
}
function exportLines() {
  return log.filter((d) => localLatest.get(d.fact_id) === d && exportable(d.fact_id, d));  // in the order decided
}
function exportCount() {
  let n = 0;
  for (const [id, d] of localLatest) if (exportable(id, d)) n++;
  return n;
}
function renderProgress() {
  const n = {pending: 0, accepted: 0, rejected: 0, corrected: 0};
  for (const f of facts) n[view(f).status]++;
  const total = facts.length || 1;
  const seg = ['accepted', 'corrected', 'rejected'].map((s) => `<i style="width:${100 * n[s] / total}%;background:${STATUS_COLOR[s]}"></i>`).join('');
  const html = `<div class="nums">` +
    ['accepted', 'corrected', 'rejected', 'pending'].map((s) => `<span><span class="dot" style="background:${s === 'pending' ? '#9ca3af' : STATUS_COLOR[s]}"></span>${STATUS[s]} <b>${n[s]}</b></span>`).join('') +
    `<span>已审 <b>${Math.round(100 * (facts.length - n.pending) / total)}%</b></span></div><div class="bar">${seg}</div>`;
  const el = $('#progress');
  if (el.dataset.html !== html) { el.innerHTML = html; el.dataset.html = html; }
  // the badge: how many decisions the export holds; amber while some are not exported yet
  const lines = exportCount(), fresh = log.length - exported;
  setText($('#export-count'), lines ? String(lines) : '');
  $('#export').classList.toggle('dirty', fresh > 0 && lines > 0);
  $('#export').title = `导出 ${lines} 条决定（每条事实最新的决定）` + (fresh > 0 ? `；自上次导出后有 ${fresh} 次新的操作` : '') +
    '，交给 bulletin-ie review DIR --apply';
}

