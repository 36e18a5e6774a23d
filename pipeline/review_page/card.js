// -- the selected fact ------------------------------------------------------------------------
/* The sentence with the figure marked by its offsets; a long one is clipped around the figure
   (at a clause break when there is one near) with a button to show it whole. */
function quoteHtml(f) {
  const q = f.quote;
  if (!q || !q.mark) return esc(sentenceOf(f) || f.evidence.text || '');
  const [a, b] = q.mark, text = q.text, n = text.length;
  const mark = `<mark>${esc(text.slice(a, b))}</mark>`;
  if (n <= CLIP) return esc(text.slice(0, a)) + mark + esc(text.slice(b));
  if (state.quoteOpen) return esc(text.slice(0, a)) + mark + esc(text.slice(b)) + '<button class="more" data-quote="0">收起</button>';
  let s = Math.max(0, a - SIDE), e = Math.min(n, b + SIDE);
  const head = text.slice(s, Math.max(s, a - 12)).search(/[，。；！？,;]/);
  if (s > 0 && head >= 0) s += head + 1;
  const tail = text.slice(Math.min(e, b + 12), e).search(/[，。；！？,;]/);
  if (e < n && tail >= 0) e = Math.min(e, b + 12) + tail + 1;
  return (s > 0 ? '…' : '') + esc(text.slice(s, a)) + mark + esc(text.slice(b, e)) + (e < n ? '…' : '') +
    `<button class="more" data-quote="1" title="显示整句">展开全句（${n} 字）</button>`;
}
/* Each flag by its Chinese name, with the other facts it compares: value, subject, place,
   year and a button that selects them. */
function flagsHtml(f) {
  if (!f.flags.length) return '';
  return '<div class="flags">' + f.flags.map((g) => {
    const e = (LABELS.flags || {})[g.code];
    const others = (g.with || []).map((id) => {
      const j = factById.get(id);
      if (j == null) return `<span class="gone">${esc(id)}（不在本页）</span>`;
      const o = facts[j], ov = view(o);
      const where = [ov.locality, ov.year != null ? ov.year + '年' : ''].filter(Boolean).join(' ');
      const other = o.doc !== f.doc ? ` · ${docShort(docs[o.doc])}` : '';
      return `<button class="partner" data-goto="${j}" title="转到这条事实">${esc(ov.subject || '（无主题）')} <b>${esc(valueText(ov.value, ov.value_max, ov.qualifier))}${esc(ov.unit || '')}</b>` +
        `${where ? ' · ' + esc(where) : ''}${esc(other)} →</button>`;
    }).join('');
    return `<div class="flag-row"><span class="flag" title="${esc(e ? e.hint : g.code)}">⚑ ${esc(named('flags', g.code))}</span>` +
      (others ? `<span>对比：</span>${others}` : `<span>${esc(e ? e.hint : '')}</span>`) + '</div>';
  }).join('') + '</div>';
}
function historyHtml(f) {
  const items = log.filter((d) => d.fact_id === f.id);
  if (f.review && f.review.decided_at && !items.some((d) => d.decided_at === f.review.decided_at)) items.unshift(f.review);
  if (!items.length) return '';
  return '<div class="history"><b>审阅记录</b>' + items.map((d) => `<div>${esc(new Date(d.decided_at).toLocaleString('zh-CN'))} · ${esc(STATUS[d.status || 'pending'])}` +
    (d.reviewer ? ` · ${esc(d.reviewer)}` : '') + (d.correction ? ` · 更正 ${esc(JSON.stringify(d.correction))}` : '') +
    (d.note ? ` · “${esc(d.note)}”` : '') + (d.reattached_from ? ` · 原编号 ${esc(d.reattached_from)}（原文改动后按内容找回）` : '') + '</div>').join('') + '</div>';
}
function renderCard() {
  const card = $('#card'), f = facts[state.selected];
  card.dataset.fact = f ? String(f.i) : '';
  card.classList.remove('correcting');
  if (!f) {
    card.innerHTML = `<div class="empty"><b>点击左侧表格中的一条事实</b>，右侧原文会滚动到它的出处并闪烁标出。<br>
      在这里接受、驳回或更正，决定保存在本浏览器中；完成后点击右上角“导出 reviews.jsonl”，
      交给 <code>bulletin-ie review DIR --apply reviews.jsonl</code> 合并。</div>`;
    return;
  }
  const v = view(f), ev = f.evidence, d = docs[f.doc];
  const q = QUALIFIER[v.qualifier], T = f.time || {};
  const cell = (k, base, text) => (k in v.corrected ? `${esc(text)} <span class="was">${esc(base)}</span>` : esc(text));
  const draft = drafts[f.id], change = changeText(f);
  const timeFixed = 'year' in v.corrected || 'month' in v.corrected || 'day' in v.corrected;
  const when = dateText(v.year, v.month, v.day);
  const kind = kindOf(f);
  card.innerHTML = `
    <div class="decide-bar">
      <div class="card-head"><span class="badge s-${v.status}">${STATUS[v.status]}</span>
        <b>${esc(v.subject || '（无主题）')}</b>${v.indicator ? `<span class="ind" title="指标目录中的名称">指标：${esc(v.indicator)}</span>` : ''}${change ? '<span class="pair">变化（两条事实）</span>' : ''}<span class="fid">${esc(f.id)}</span>
        <span class="nav"><button class="btn ghost" data-nav="-1" title="上一条 (k)">↑</button><button class="btn ghost" data-nav="1" title="下一条 (j)">↓</button></span></div>
      <div class="btns">
        <button class="btn ok" id="do-accept">接受 <kbd>a</kbd></button>
        <button class="btn bad" id="do-reject">驳回 <kbd>x</kbd></button>
        <button class="btn fix" id="do-correct">更正… <kbd>c</kbd></button>
        <button class="btn fix" id="do-subject" title="只改主题">改主题 <kbd>s</kbd></button>
        ${v.status !== 'pending' ? '<button class="btn ghost" id="do-undo" title="清除此条的决定">清除决定</button>' : ''}
        <textarea id="note" placeholder="备注（可选），随决定保存；Ctrl+Enter 接受，Ctrl+Shift+Enter 驳回"${draft != null ? ' class="draft"' : ''}>${esc(draft != null ? draft : (v.note || ''))}</textarea>
      </div>
    </div>
    <blockquote class="quote">${quoteHtml(f)}</blockquote>
    <form class="correct" id="correct-form" hidden></form>
    <dl class="fields">
      <dt>数值</dt><dd>${change ? esc(change) : cell('value', num(f.value), valueText(v.value, v.value_max, v.qualifier))}${!change && wan(v.value) !== num(v.value) ? `<small>${esc(valueText(v.value, v.value_max, null, true))}</small>` : ''}${q ? `<small>${esc(q[1])}</small>` : ''}${f.change ? `<small>${esc(CHANGE[f.change] || f.change)}</small>` : ''}${f.number_text ? `<small>原文 ${esc(f.number_text)}</small>` : ''}</dd>
      <dt>单位</dt><dd>${cell('unit', f.unit, v.unit || '—')}${f.unit_kind ? `<small>${esc(named('unit_kind', f.unit_kind))}</small>` : ''}</dd>
      <dt>地点</dt><dd class="f-place">${cell('locality', locName(f) || '—', v.locality || '—')}${v.locsrc ? `<small>${esc(named('locality_source', v.locsrc))}</small>` : ''}</dd>
      <dt>时间</dt><dd class="f-time">${esc(T.text || '—')}${when ? ` → ${timeFixed ? `${esc(when)} <span class="was">${esc(dateText(T.year, T.month, T.day) || '—')}</span>` : esc(when)}` : ''}${v.timesrc ? `<small>${esc(named('time_source', v.timesrc))}</small>` : ''}</dd>
    </dl>
    ${flagsHtml(f)}
    <dl class="fields">
      <dt>区划</dt><dd>${esc(v.path || '—')}</dd>
      <dt>置信度</dt><dd>${f.confidence == null ? '—' : Number(f.confidence).toFixed(2)}</dd>
      <dt>机构</dt><dd>${cell('body', f.body || '—', v.body || '—')}</dd>
      <dt>类型</dt><dd>${esc(named('statistic', kind))}${kind !== 'result' ? '<small>可选数字</small>' : ''}${f.statistic_cue ? `<small>依据“${esc(f.statistic_cue)}”</small>` : ''}</dd>
      <dt>人物</dt><dd>${cell('people', f.people.join('、') || '—', v.people.join('、') || '—')}</dd>
      <dt>篇名</dt><dd>${esc(ev.article_title || '—')}</dd>
      <dt>供稿</dt><dd>${esc(ev.contributor || '—')}</dd>
      <dt>公报</dt><dd title="${esc(d ? d.source : '')}">${esc(docLabel(d))} <small>${esc(f.doc_id)}</small></dd>
    </dl>
    ${historyHtml(f)}`;
  card.scrollTop = 0;
}
/* The correction form, made when it is opened (not with every card). */
function formHtml(f) {
  const v = view(f), from = f.pairFrom != null ? view(facts[f.pairFrom]) : null;
  const val = (x) => esc(x == null ? '' : x);
  return `
      <label class="w4">主题<input name="subject" value="${val(v.subject)}"></label>
      ${from ? `<label>起始值<input name="from_value" value="${val(from.value)}" title="可写 1.2万、3亿"></label>` : ''}
      <label${from ? '' : ' class="w2"'}>${from ? '结果值' : '数值'}<input name="value" value="${val(v.value)}" title="可写 1.2万、3亿、1,200"></label>
      <label class="w3">地点<input name="locality" list="place-list" autocomplete="off" value="${val(v.locality)}" placeholder="本县区划优先"><span class="hint" id="place-path">${esc(v.path || '')}</span></label>
      <label>年<input name="year" inputmode="numeric" value="${val(v.year)}"></label>
      <label>月<input name="month" inputmode="numeric" value="${val(v.month)}"></label>
      <label>日<input name="day" inputmode="numeric" value="${val(v.day)}"></label>
      <label>单位<input name="unit" value="${val(v.unit)}"></label>
      <label>上限<input name="value_max" value="${val(v.value_max)}"></label>
      <label>限定<select name="qualifier"><option value="">（无）</option>${Object.entries(QUALIFIER).map(([k, [, name]]) =>
        `<option value="${k}"${k === v.qualifier ? ' selected' : ''}>${esc(name)}</option>`).join('')}</select></label>
      <label class="w3">机构<input name="body" value="${val(v.body)}"></label>
      <label class="w3">人物<input name="people" value="${val(v.people.join('、'))}" placeholder="用、分隔"></label>
      <div class="row"><button class="btn fix" type="submit" id="do-save">保存更正 <span class="kb"><kbd>Ctrl</kbd>+<kbd>Enter</kbd></span></button><button class="btn ghost" type="button" id="do-cancel">取消 <kbd>Esc</kbd></button><span class="err" id="correct-err"></span></div>
`;
}
function reviewer() { return $('#reviewer').value.trim(); }

// -- decisions, undo, next ------------------------------------------------------------------
const undoStack = [];
/* Log decisions for several facts as one step (one undo); then move on. */
function record(items, label, {advance = true, from = state.selected} = {}) {
  const before = log.length, prev = new Map();
  const now = new Date().toISOString(), who = reviewer();
  touched(before);
  let statusOnly = true;  // no note or correction before or after: views change in place
  for (const {f, status, correction, note} of items) {
    if (!prev.has(f.id)) prev.set(f.id, reviewOf(f));
    const d = {kind: 'review', fact_id: f.id, status, note: note || null,
               correction: status === 'corrected' ? correction : null, decided_at: now};
    if (who) d.reviewer = who;
    if (f.anchor) d.anchor = f.anchor;
    log.push(d);
    localLatest.set(f.id, d);
    const v = views.get(f.i);
    if (v && v.corrected === NO_FIX && status !== 'corrected' && !d.note && !v.note) {  // only the status changes
      v.status = status || 'pending'; v.review = d;
    } else { views.delete(f.i); statusOnly = false; }
    if (f.id in drafts) delete drafts[f.id];
  }
  undoStack.push({before, added: log.length - before, prev, selected: from});
  if (items.length > SEG) saveSoon(); else save();
  saveDrafts();
  const oldRows = state.rows;
  if (items.some((it) => it.status === 'corrected' || (prev.get(it.f.id) || {}).status === 'corrected')) filtersStale();
  rowsAfter(items.map((it) => it.f), statusOnly);
  const was = state.selected;
  if (advance) state.selected = nextPending(oldRows, from);
  renderTable(); renderProgress();
  select(state.selected, {jump: state.selected !== was});  // the text moves only with the selection
  toast(label + '　（u 撤销）');
}
/* The first pending row after the decided one (in the order shown before), wrapping round. */
function nextPending(oldRows, from) {
  const at = oldRows.indexOf(facts[from]);
  if (at < 0) return from;
  for (let k = 1; k <= oldRows.length; k++) {
    const f = oldRows[(at + k) % oldRows.length];
    if (rowIndex(f.i) >= 0 && view(f).status === 'pending') return f.i;
  }
  return rowIndex(from) >= 0 ? from : (state.rows.length ? state.rows[0].i : -1);
}
function decide(f, status, correction, extra = []) {
  const noteEl = $('#card').dataset.fact === String(f.i) ? $('#note') : null;
  const note = noteEl ? noteEl.value.trim() : (drafts[f.id] || (view(f).note || ''));
  const items = members(f).map((m) => ({f: m, status, note,
    correction: status === 'corrected' ? (m === f ? correction : null) : null}));
  for (const it of items) if (it.f === f && status === 'corrected' && !correction) it.status = 'accepted';  // only the start value changed
  if (status === 'corrected') {  // a pair: the start fact is accepted, or corrected when its value changed
    for (const it of items) if (it.f !== f) {
      const fix = extra.find((x) => x.f === it.f);
      it.status = fix ? 'corrected' : 'accepted'; it.correction = fix ? fix.correction : null;
    }
  }
  record(items, `${status ? STATUS[status] : '已清除决定'}：${f.subject || f.id}`, {advance: status != null, from: f.i});
}
function undo() {
  const step = undoStack.pop();
  if (!step) { toast('没有可撤销的决定'); return; }
  const ids = [...step.prev.keys()];
  if (log.length === step.before + step.added && step.before >= exported) {
    log.length = step.before;  // not exported yet: the decisions go
    touched(step.before);
  } else {  // already exported: log the previous state again, so --apply undoes too
    const now = new Date().toISOString();
    touched(log.length);
    for (const [id, p] of step.prev) {
      const d = p && p.status ? {kind: 'review', fact_id: id, status: p.status, note: p.note || null,
        correction: p.correction || null, decided_at: now} : {kind: 'review', fact_id: id, status: null, note: null, correction: null, decided_at: now};
      if (reviewer()) d.reviewer = reviewer();
      const f = facts[factById.get(id)];
      if (f && f.anchor) d.anchor = f.anchor;
      log.push(d);
    }
  }
  rebuildLatest(ids);
  let statusOnly = true;
  for (const id of ids) {
    const i = factById.get(id), v = views.get(i), r = reviewOf(facts[i]);
    if (v && v.corrected === NO_FIX && !v.note && !(r && (r.note || r.status === 'corrected'))) { v.status = (r && r.status) || 'pending'; v.review = r; }
    else { views.delete(i); statusOnly = false; }
  }
  save();
  if ([...step.prev.values()].some((p) => p && p.status === 'corrected') || ids.some((id) => (localLatest.get(id) || {}).status === 'corrected')) filtersStale();
  rowsAfter(ids.map((id) => facts[factById.get(id)]), statusOnly);
  state.selected = step.selected;
  renderTable(); renderProgress();
  select(step.selected);
  toast(`已撤销 ${ids.length} 条决定`);
}
function bulkAccept() {
  const todo = state.rows.filter((f) => view(f).status === 'pending');
  if (!todo.length) { toast('筛选结果中没有待审的事实'); return; }
  const n = todo.reduce((s, f) => s + (f.pairFrom != null ? 2 : 1), 0);
  if (!window.confirm(`接受筛选出的 ${todo.length} 行（${n} 条）待审事实？已有决定的不变。可按 u 撤销。`)) return;
  const items = [];
  for (const f of todo) for (const m of members(f)) items.push({f: m, status: 'accepted', note: drafts[m.id] || null});
  record(items, `已接受 ${items.length} 条`, {advance: false});
}
/* The form takes most of the card, below the pinned bar, so every field is in view. */
function openCorrection(close, field = 'value') {
  const form = $('#correct-form'), card = $('#card');
  if (!form) return;
  if (!close && !form.firstChild) form.innerHTML = formHtml(facts[state.selected]);
  if (!close && state.quoteOpen) { state.quoteOpen = false; $('#card .quote').innerHTML = quoteHtml(facts[state.selected]); }  // the whole form in view
  form.hidden = close;
  card.classList.toggle('correcting', !close);
  if (close) { if (document.activeElement && card.contains(document.activeElement)) document.activeElement.blur(); return; }
  fillPlaceList(facts[state.selected], '');
  card.scrollTop = 0;
  const bar = card.querySelector('.decide-bar'), fr = form.getBoundingClientRect(), cr = card.getBoundingClientRect();
  const below = fr.bottom - cr.bottom;
  if (below > 0) card.scrollTop = Math.min(below + 8, fr.top - cr.top - (bar ? bar.offsetHeight : 0) - 4);
  const input = form.elements[field] || form.elements.value;
  input.focus({preventScroll: true});
  if (field === 'subject') input.select();
}
function saveCorrection(f) {
  const form = $('#correct-form'), err = $('#correct-err');
  const get = (n) => (form.elements[n] ? form.elements[n].value.trim() : '');
  const int = (s) => (s === '' ? null : /^\d{1,4}$/.test(s) ? Number(s) : NaN);
  const next = {value: parseValue(get('value')), value_max: parseValue(get('value_max')), unit: get('unit'),
                subject: get('subject') || null, qualifier: get('qualifier') || null, year: int(get('year')),
                month: int(get('month')), day: int(get('day')), body: get('body') || null,
                people: get('people').split(/[、，,;；\s]+/).filter(Boolean)};
  if (next.value == null || Number.isNaN(next.value)) { err.textContent = '数值必须是数字（可写 1.2万、3亿）'; return; }
  if (Number.isNaN(next.value_max)) { err.textContent = '上限必须是数字或留空'; return; }
  if (!next.unit) { err.textContent = '单位不能为空'; return; }
  if (Number.isNaN(next.year) || (next.year != null && (next.year < 1949 || next.year > 2100))) { err.textContent = '年份应为四位数字或留空'; return; }
  if (Number.isNaN(next.month) || (next.month != null && (next.month < 1 || next.month > 12))) { err.textContent = '月份应为 1–12 或留空'; return; }
  if (Number.isNaN(next.day) || (next.day != null && (next.day < 1 || next.day > 31))) { err.textContent = '日应为 1–31 或留空'; return; }
  if (next.day != null && next.month != null && next.year != null &&
      new Date(Date.UTC(next.year, next.month - 1, next.day)).getUTCDate() !== next.day) { err.textContent = `${next.year}年${next.month}月没有${next.day}日`; return; }
  const typed = get('locality');
  const place = resolvePlace(typed, f);
  if (place.error) { err.textContent = place.error; return; }
  if (place.ask) { err.textContent = '地点有几个可能：请在地点下方点选一个'; $('#place-path').innerHTML = placeHint(place, typed); $('#place-path').classList.add('ask'); return; }
  next.locality = typed ? (place.name || typed) : null;
  next.locality_path = typed ? place.path : null;
  const T = f.time || {};
  const base = {value: f.value, value_max: f.value_max == null ? null : f.value_max, unit: f.unit, subject: f.subject || null,
                qualifier: f.qualifier || null, year: T.year != null ? T.year : null, month: T.month != null ? T.month : null,
                day: T.day != null ? T.day : null, body: f.body || null, people: f.people,
                locality: locName(f), locality_path: (f.locality && f.locality.path) || null};
  const correction = {};
  for (const k of Object.keys(next)) {
    if (JSON.stringify(next[k]) !== JSON.stringify(base[k])) correction[k] = next[k];
  }
  if ('locality_path' in correction || 'locality' in correction) { correction.locality = next.locality; correction.locality_path = next.locality_path; }
  const extra = [];
  if (f.pairFrom != null) {
    const a = facts[f.pairFrom], fv = parseValue(get('from_value'));
    if (fv == null || Number.isNaN(fv)) { err.textContent = '起始值必须是数字'; return; }
    if (fv !== a.value) extra.push({f: a, correction: {value: fv}});
  }
  if (!Object.keys(correction).length && !extra.length) { err.textContent = '与抽取结果相同：请用“接受”'; return; }
  if (!Object.keys(correction).length) { decide(f, 'corrected', null, extra); return; }
  if (place.unknown) toast(`“${typed}”不在区划表中：区划路径留空`);
  decide(f, 'corrected', correction, extra);
}

