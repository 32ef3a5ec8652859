// Flowspect operator page: polls the service's REST API (/api/v1) and draws what it says.
// Plain browser JavaScript, no libraries, nothing fetched from anywhere but this service.
'use strict';

(() => {
  const POLL_MS = 2000;
  const ALERTS_SHOWN = 24;
  const RATE_WINDOW_MS = 30000;
  const HISTOGRAM_BINS = 40;
  // core's Heatmap draws the image panel, GAP white pixels, then the map panel (Heatmap.GAP).
  const HEATMAP_GAP = 4;
  const OVERLAY_ALPHA = 0.55;
  // Defect regions of a frame, outlined on the overlay in a colour the heatmap's palette lacks.
  const REGION_COLOUR = '#00e5ff';

  const state = {
    models: [],
    modelId: null,
    detail: null,
    histogram: null,
    preview: null,
    previewSeq: 0,
    previewTimer: null,
    thresholdEdited: false,
    lineSamples: [],
    alertKeys: new Set(),
    firstAlerts: true,
  };

  const $ = (id) => document.getElementById(id);

  // ---------- REST ----------

  async function api(path, options = {}) {
    const response = await fetch(path, {
      ...options,
      headers: { Accept: 'application/json', ...(options.headers || {}) },
      cache: 'no-store',
    });
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const message = body && body.error ? body.error : `HTTP ${response.status}`;
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  const modelPath = (id) => `/api/v1/models/${encodeURIComponent(id)}`;

  // ---------- formatting ----------

  function num(x, digits = 4) {
    if (x === null || x === undefined || Number.isNaN(x)) return '–';
    if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
    const a = Math.abs(x);
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(2);
    return Number(x.toFixed(digits)).toString();
  }

  function percent(x) {
    if (x === null || x === undefined || !Number.isFinite(x)) return '–';
    const p = x * 100;
    return (p !== 0 && p < 0.1 ? p.toFixed(3) : p.toFixed(2)) + '%';
  }

  function pValue(p) {
    if (p === null || p === undefined) return '–';
    return p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
  }

  function clock(iso) {
    if (!iso) return '–';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString([], { hour12: false });
  }

  function ago(iso) {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return '';
    const s = Math.max(0, Math.round((Date.now() - t) / 1000));
    return s < 60 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c !== null && c !== undefined) node.append(c);
    }
    return node;
  }

  function setValue(id, value, text) {
    const node = $(id);
    node.dataset.value = value === null || value === undefined ? '' : String(value);
    node.textContent = text;
  }

  function setStatus(stateName, text) {
    const s = $('status');
    s.dataset.state = stateName;
    s.textContent = text;
  }

  // ---------- models ----------

  async function refreshModels() {
    const models = await api('/api/v1/models');
    state.models = models;
    const select = $('model-select');
    const ids = models.map((m) => m.id);
    if (select.options.length !== ids.length || ids.some((id, i) => select.options[i].value !== id)) {
      select.replaceChildren(
        ...models.map((m) => el('option', { value: m.id, text: `${m.id} ${m.version}` + (m.default_model ? ' (default)' : '') })));
    }
    if (!state.modelId || !ids.includes(state.modelId)) {
      const preferred = models.find((m) => m.default_model) || models[0];
      state.modelId = preferred ? preferred.id : null;
      state.thresholdEdited = false;
    }
    select.value = state.modelId || '';
  }

  async function refreshModel() {
    if (!state.modelId) return;
    const detail = await api(modelPath(state.modelId));
    state.detail = detail;
    renderModel(detail);
  }

  function renderModel(detail) {
    const m = detail.model;
    const c = detail.calibration;
    const input = detail.manifest && detail.manifest.input;
    const rows = [
      ['id', m.id],
      ['version', m.version],
      ['family', m.family],
      ['lines', m.lines.length ? m.lines.join(', ') : ''],
      ['default model', m.default_model ? 'yes (every other line)' : 'no'],
      ['input', input ? `${input.width} × ${input.height} × ${input.channels}` : '–'],
      ['bundle', m.dir],
      ['loaded', `${clock(m.loaded_at)} (${ago(m.loaded_at)})`],
      ['decision score', m.decision_score],
      ['threshold', `${num(m.threshold)} (${m.calibration === 'api' ? 'set through the API, not written' : m.calibration})`],
      ['alpha', num(m.alpha, 6)],
    ];
    if (c) {
      rows.push(
        ['calibration images', String(c.n)],
        ['normal values', `min ${num(c.decision_min)}, median ${num(c.decision_median)}, max ${num(c.decision_max)}`],
        ['calibrated', c.created_at],
        ['data fingerprint', c.data_fingerprint || '–']);
      if (c.labelled) {
        rows.push(['labelled anomalies', `${c.labelled.n_anomalous}: AUROC ${num(c.labelled.auroc)}, best F1 ${num(c.labelled.f1)}`]);
      }
      if (c.maps) rows.push(['evidence map', c.maps]);
    } else {
      rows.push(['calibration', 'none: scores only, no threshold']);
    }
    $('model-details').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));

    const thr = m.threshold;
    setValue('current-threshold', thr, num(thr));
    setValue('current-alpha', m.alpha, num(m.alpha, 6));
    const input2 = $('threshold-input');
    if (!state.thresholdEdited && thr !== null && document.activeElement !== input2) {
      input2.value = String(thr);
    }
    const calibrated = !!c && thr !== null;
    $('apply-threshold').disabled = !c;
    $('threshold-input').disabled = !c;
    $('threshold-slider').disabled = !c;
    if (!calibrated) setValue('current-fpr', null, '–');
  }

  // ---------- histogram ----------

  async function refreshHistogram() {
    if (!state.modelId || !state.detail || !state.detail.calibration) {
      state.histogram = null;
      drawHistogram();
      return;
    }
    state.histogram = await api(`${modelPath(state.modelId)}/histogram?bins=${HISTOGRAM_BINS}`);
    const h = state.histogram;
    const slider = $('threshold-slider');
    slider.min = String(h.edges[0]);
    slider.max = String(h.edges[h.edges.length - 1]);
    if (!state.thresholdEdited && h.threshold !== null) slider.value = String(h.threshold);
    $('hist-score').textContent = h.score;
    const live = h.recent;
    $('hist-note').textContent =
      `${Math.round(h.calibration.n)} calibration images; ${live.n} recent images` +
      (live.above ? `, ${live.above} of them beyond the largest normal value (off the right edge)` : '') +
      (live.below ? `, ${live.below} below the smallest` : '') + '.';
    drawHistogram();
  }

  function drawHistogram() {
    const canvas = $('histogram');
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(200, canvas.clientWidth || 560);
    const hgt = canvas.clientHeight || 220;
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(hgt * ratio);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, hgt);
    const h = state.histogram;
    if (!h) {
      ctx.fillStyle = '#8b98a5';
      ctx.fillText('no calibration: nothing to draw', 12, 20);
      return;
    }
    const pad = { l: 52, r: 14, t: 10, b: 24 };
    const pw = w - pad.l - pad.r;
    const ph = hgt - pad.t - pad.b;
    const lo = h.edges[0];
    const hi = h.edges[h.edges.length - 1];
    const x = (v) => pad.l + ((v - lo) / (hi - lo)) * pw;
    const share = (c, n) => c.map((v) => (n > 0 ? v / n : 0));
    const cal = share(h.calibration.counts, h.calibration.n);
    const live = share(h.recent.counts, h.recent.n);
    const top = Math.max(1e-9, ...cal, ...live);
    const y = (f) => pad.t + ph - (f / top) * ph;

    ctx.fillStyle = 'rgba(76, 141, 255, 0.55)';
    cal.forEach((f, i) => {
      const x0 = x(h.edges[i]);
      const x1 = x(h.edges[i + 1]);
      ctx.fillRect(x0, y(f), Math.max(1, x1 - x0 - 1), pad.t + ph - y(f));
    });
    if (h.recent.n > 0) {
      ctx.strokeStyle = '#f0883e';
      ctx.lineWidth = 2;
      ctx.beginPath();
      live.forEach((f, i) => {
        const x0 = x(h.edges[i]);
        const x1 = x(h.edges[i + 1]);
        if (i === 0) ctx.moveTo(x0, y(0));
        ctx.lineTo(x0, y(f));
        ctx.lineTo(x1, y(f));
      });
      ctx.lineTo(x(hi), y(0));
      ctx.stroke();
    }
    // axes
    ctx.strokeStyle = '#2a333d';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(pad.l, pad.t + ph + 0.5);
    ctx.lineTo(pad.l + pw, pad.t + ph + 0.5);
    ctx.stroke();
    ctx.fillStyle = '#8b98a5';
    ctx.font = '11px system-ui, sans-serif';
    for (let k = 0; k <= 4; k++) {
      const v = lo + ((hi - lo) * k) / 4;
      ctx.textAlign = k === 0 ? 'left' : k === 4 ? 'right' : 'center';
      ctx.fillText(num(v, 2), x(v), hgt - 8);
    }
    ctx.textAlign = 'right';
    ctx.fillText(percent(top).replace('.00', ''), pad.l - 4, pad.t + 8);
    ctx.fillText('0', pad.l - 4, pad.t + ph);

    const vline = (v, color, dashed) => {
      if (v === null || v === undefined || !Number.isFinite(v)) return;
      const xv = Math.min(pad.l + pw, Math.max(pad.l, x(v)));
      ctx.save();
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      if (dashed) ctx.setLineDash([5, 4]);
      ctx.beginPath();
      ctx.moveTo(xv, pad.t);
      ctx.lineTo(xv, pad.t + ph);
      ctx.stroke();
      ctx.restore();
    };
    vline(h.threshold, '#ff5b4f', false);
    if (state.preview && state.preview.threshold !== h.threshold) vline(state.preview.threshold, '#ffb000', true);
  }

  // ---------- threshold preview and apply ----------

  function schedulePreview() {
    clearTimeout(state.previewTimer);
    state.previewTimer = setTimeout(runPreview, 200);
  }

  async function runPreview() {
    const raw = $('threshold-input').value.trim();
    if (!state.modelId || raw === '') return;
    const seq = ++state.previewSeq;
    const box = $('preview');
    try {
      const p = await api(`${modelPath(state.modelId)}/threshold/preview?threshold=${encodeURIComponent(raw)}`);
      if (seq !== state.previewSeq) return; // a newer request is on its way
      state.preview = p;
      renderPreview(p);
      box.dataset.state = 'ready';
    } catch (e) {
      if (seq !== state.previewSeq) return;
      state.preview = null;
      box.dataset.state = 'error';
      $('preview-problem').textContent = e.message;
    }
    drawHistogram();
  }

  function renderPreview(p) {
    setValue('preview-fpr', p.false_positive_rate, percent(p.false_positive_rate));
    $('preview-flagged').textContent = `${num(p.flagged, 1)} of ${p.n} normal images above ${num(p.threshold)}`;
    setValue('preview-alpha', p.alpha, num(p.alpha, 6));
    $('preview-recent').textContent = p.recent.n
      ? `${p.recent.flagged} of the last ${p.recent.n} (${percent(p.recent.share)})`
      : 'no images scored yet';
    $('preview-problem').textContent = p.applicable
      ? ''
      : 'below every normal value: every image would be an anomaly; the service refuses it';
    $('preview').dataset.threshold = String(p.threshold);
    if (p.current) {
      setValue('current-fpr', p.current.false_positive_rate, percent(p.current.false_positive_rate));
    }
  }

  async function applyThreshold(event) {
    event.preventDefault();
    const result = $('apply-result');
    const raw = $('threshold-input').value.trim();
    const threshold = Number(raw);
    if (raw === '' || !Number.isFinite(threshold)) {
      result.dataset.state = 'error';
      result.textContent = 'enter a number';
      return;
    }
    const token = $('admin-token').value.trim();
    if (!token) {
      result.dataset.state = 'error';
      result.textContent = 'the admin token is needed to change the threshold';
      return;
    }
    const button = $('apply-threshold');
    button.disabled = true;
    result.dataset.state = 'pending';
    result.textContent = 'applying…';
    try {
      const m = await api(`${modelPath(state.modelId)}/threshold`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ threshold, persist: $('persist').checked }),
      });
      result.dataset.state = 'ok';
      result.dataset.threshold = String(m.threshold);
      result.textContent =
        `threshold ${num(m.threshold)} in force (alpha ${num(m.alpha, 6)})` +
        (m.calibration === 'file' ? ', written to calibration.json' : ', until the next reload');
      state.thresholdEdited = false;
      await refreshModel();
      await refreshHistogram();
      await runPreview();
    } catch (e) {
      result.dataset.state = 'error';
      result.textContent = e.status === 401 || e.status === 403 ? `refused: ${e.message}` : e.message;
    } finally {
      button.disabled = false;
    }
  }

  // ---------- alerts ----------

  const alertKey = (a) => `${a.image_id}|${a.source ? `${a.source.topic}/${a.source.partition}/${a.source.offset}` : a.alerted_at}`;

  async function refreshAlerts() {
    const alerts = await api(`/api/v1/alerts?limit=${ALERTS_SHOWN}`);
    const container = $('alerts');
    const known = new Map([...container.children].map((c) => [c.dataset.key, c]));
    const cards = alerts.map((a) => {
      const key = alertKey(a);
      let card = known.get(key);
      if (!card) {
        card = alertCard(a, key);
        if (!state.firstAlerts) card.classList.add('fresh');
      }
      const time = card.querySelector('.alert-ago');
      if (time) time.textContent = ago(a.alerted_at);
      return card;
    });
    container.replaceChildren(...cards);
    state.firstAlerts = false;
    $('alert-count').textContent = String(alerts.length);
    $('alerts-empty').hidden = alerts.length > 0;
  }

  function alertCard(a, key) {
    const card = el('article', { class: 'alert-card', 'data-key': key, 'data-image-id': a.image_id || '' });
    if (!$('overlay-toggle').checked) card.classList.add('side-by-side');
    card.append(alertVisual(a), alertMeta(a));
    return card;
  }

  function alertVisual(a) {
    if (a.signal && a.signal.trace) {
      // A sensor recording: its signal and per-sample evidence, the hottest span shaded.
      const box = el('div', { class: 'alert-visual signal' });
      const canvas = el('canvas', {
        class: 'signal-trace', width: '464', height: '160', 'aria-label': `signal and evidence of ${a.image_id}`,
      });
      drawSignal(canvas, a.signal);
      box.append(canvas);
      return box;
    }
    const box = el('div', { class: 'alert-visual' });
    const ex = a.explanation || {};
    const png = ex.heatmap_png;
    if (typeof png === 'string' && /^[A-Za-z0-9+/=]+$/.test(png)) {
      const img = el('img', { class: 'alert-heatmap side', alt: `image and ${ex.method} heatmap of ${a.image_id}` });
      const canvas = el('canvas', { class: 'alert-overlay', 'aria-label': `heatmap over ${a.image_id}` });
      img.addEventListener('load', () => drawOverlay(img, canvas, a.regions, ex.width));
      img.src = `data:image/png;base64,${png}`;
      box.append(canvas, img);
    } else {
      box.append(el('div', {
        class: 'alert-noimage',
        text: ex.method && ex.method !== 'none' ? `no picture (${ex.method})` : 'no per-pixel map from this model: no picture',
      }));
    }
    return box;
  }

  // The PNG holds the image panel and the heatmap panel side by side; the overlay blends the
  // heatmap over the image, on a canvas of one panel's size, and outlines a frame's defect regions
  // (boxes in frame pixels; the panel may be drawn at a half or a quarter of the frame's size).
  function drawOverlay(img, canvas, regions, frameWidth) {
    const panel = (img.naturalWidth - HEATMAP_GAP) / 2;
    const height = img.naturalHeight;
    if (!(panel > 0) || !Number.isInteger(panel)) {
      canvas.remove();
      img.classList.remove('side');
      return;
    }
    canvas.width = panel;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(img, 0, 0, panel, height, 0, 0, panel, height);
    ctx.globalAlpha = OVERLAY_ALPHA;
    ctx.drawImage(img, panel + HEATMAP_GAP, 0, panel, height, 0, 0, panel, height);
    ctx.globalAlpha = 1;
    let outlined = 0;
    if (Array.isArray(regions) && frameWidth > 0) {
      const scale = panel / frameWidth;
      ctx.strokeStyle = REGION_COLOUR;
      ctx.lineWidth = Math.max(1, Math.round(panel / 128));
      // Whole pixels, and half a pixel in for odd widths, so that the line is crisp, not blended.
      const half = (ctx.lineWidth % 2) / 2;
      for (const r of regions) {
        const b = r && r.box;
        if (!b || ![b.x0, b.y0, b.x1, b.y1].every(Number.isFinite)) continue;
        const x0 = Math.round(b.x0 * scale) + half;
        const y0 = Math.round(b.y0 * scale) + half;
        const x1 = Math.max(x0 + 1, Math.round(b.x1 * scale) - half);
        const y1 = Math.max(y0 + 1, Math.round(b.y1 * scale) - half);
        ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
        outlined++;
      }
    }
    canvas.dataset.regions = String(outlined);
    canvas.dataset.drawn = 'true';
  }

  function alertMeta(a) {
    const ex = a.explanation || {};
    const hot = ex.hottest && ex.hottest[0];
    const model = a.model ? `${a.model.id} ${a.model.version}` : '–';
    const extra = Object.entries(a.scores || {})
      .filter(([k, v]) => k !== a.score_name && v !== null)
      .map(([k, v]) => `${k} ${num(v, 3)}`)
      .join(', ');
    return el('div', { class: 'alert-meta' },
      el('div', { class: 'alert-id', text: a.image_id || '(no id)' }),
      el('div', {}, el('span', { class: 'alert-line', text: a.line === null ? 'no line' : a.line }), ' ',
        el('span', { class: 'alert-model muted', text: model })),
      el('div', { class: 'alert-score' }, `${a.score_name} `, el('strong', { text: num(a.score) }),
        ` > ${num(a.threshold)}`),
      el('div', { class: 'alert-p', 'data-value': String(a.p_value), text: `p = ${pValue(a.p_value)}` }),
      extra ? el('div', { class: 'alert-scores muted', text: extra }) : null,
      hot ? el('div', { class: 'alert-hot muted', text: `hottest (${hot.x}, ${hot.y}) ${num(hot.value, 2)} ${ex.unit || ''}` }) : null,
      el('div', { class: 'alert-time muted' },
        el('span', { text: `captured ${clock(a.captured_at)}, alerted ${clock(a.alerted_at)} (` }),
        el('span', { class: 'alert-ago', text: ago(a.alerted_at) }), ')'));
  }

  // ---------- sensor lines ----------

  async function refreshSignals() {
    const records = await api('/api/v1/signals');
    $('signals-panel').hidden = records.length === 0;
    $('signals').replaceChildren(...records.map(signalCard));
  }

  function signalCard(r) {
    const s = r.signal || {};
    const h = s.hottest || {};
    const verdict = r.anomaly === true ? 'anomaly' : r.anomaly === false ? 'normal' : 'unknown';
    const canvas = el('canvas', {
      class: 'signal-trace', width: '1000', height: '180', 'aria-label': `signal and evidence of ${r.image_id}`,
    });
    drawSignal(canvas, s);
    const span = Number.isFinite(h.start_seconds)
      ? `hottest ${seconds(h.start_seconds)}–${seconds(h.end_seconds)} (samples ${h.start_sample}–${h.end_sample}) on channel ${h.channel}`
      : 'no hottest span';
    return el('article', { class: 'signal-card', 'data-line': r.line || '', 'data-image-id': r.image_id || '', 'data-verdict': verdict },
      el('div', { class: 'signal-head' },
        el('span', { class: 'alert-line', text: r.line === null ? 'no line' : r.line }), ' ',
        el('span', { class: `signal-verdict ${verdict}`, text: verdict }), ' ',
        el('span', { class: 'alert-id muted', text: r.image_id || '(no id)' })),
      canvas,
      el('div', { class: 'muted small', text:
        `${s.channels} channel(s) × ${s.samples} samples at ${s.sample_rate_hz} Hz in ${(s.windows || []).length} windows`
        + ` of ${s.window_samples}; ${span}; ${r.score_name} ${num(r.score)} vs ${num(r.threshold)}, p = ${pValue(r.p_value)}` }));
  }

  // Seconds as a person reads them: milliseconds with a tenth below 10 s.
  function seconds(t) {
    return t < 10 ? `${(t * 1000).toFixed(1)} ms` : `${t.toFixed(2)} s`;
  }

  // The channel of the hottest span: its samples (each point a column from the lowest to the highest
  // sample it covers) over the top three fifths, its per-sample evidence below, the span shaded over
  // both. The evidence axis stops at the largest finite value below 1e30 (a non-finite model value
  // is sent as the largest float).
  function drawSignal(canvas, s) {
    const t = s && s.trace;
    const ch = (s && s.hottest && s.hottest.channel) || 0;
    if (!t || !Array.isArray(t.low) || !Array.isArray(t.low[ch]) || t.low[ch].length === 0) {
      canvas.dataset.trace = 'none';
      return;
    }
    const low = t.low[ch];
    const high = t.high[ch];
    const ev = (t.evidence && t.evidence[ch]) || [];
    const n = low.length;
    const W = canvas.width;
    const H = canvas.height;
    const top = Math.round(H * 0.6);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#0b0f13';
    ctx.fillRect(0, 0, W, H);
    const x = (p) => (p / n) * W;
    const h = s.hottest || {};
    let hx0 = NaN;
    let hx1 = NaN;
    if (Number.isFinite(h.start_sample) && Number.isFinite(h.end_sample) && t.step > 0) {
      hx0 = Math.floor(x(h.start_sample / t.step));
      hx1 = Math.max(hx0 + 2, Math.ceil(x(h.end_sample / t.step)));
      ctx.fillStyle = 'rgba(255, 91, 79, 0.28)';
      ctx.fillRect(hx0, 0, hx1 - hx0, H);
    }
    let amp = 0;
    for (let p = 0; p < n; p++) amp = Math.max(amp, Math.abs(low[p]), Math.abs(high[p]));
    amp = amp > 0 ? amp : 1;
    const mid = top / 2;
    ctx.strokeStyle = '#4c8dff';
    ctx.lineWidth = Math.max(1, W / n);
    ctx.beginPath();
    for (let p = 0; p < n; p++) {
      const xp = x(p + 0.5);
      ctx.moveTo(xp, mid - (high[p] / amp) * (mid - 2));
      ctx.lineTo(xp, mid - (low[p] / amp) * (mid - 2) + 1);
    }
    ctx.stroke();
    const finite = ev.filter((v) => Number.isFinite(v) && v < 1e30);
    let drawnEvidence = 0;
    if (finite.length > 0) {
      const lo = Math.min(...finite);
      const hi = Math.max(...finite);
      const span = hi > lo ? hi - lo : 1;
      const base = H - 2;
      const room = H - top - 6;
      ctx.strokeStyle = '#f0883e';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      for (let p = 0; p < n; p++) {
        const v = Number.isFinite(ev[p]) ? Math.min(ev[p], hi) : hi;
        const y = base - ((v - lo) / span) * room;
        if (p === 0) ctx.moveTo(x(p + 0.5), y); else ctx.lineTo(x(p + 0.5), y);
        drawnEvidence++;
      }
      ctx.stroke();
    }
    ctx.strokeStyle = '#2a333d';
    ctx.beginPath();
    ctx.moveTo(0, top + 0.5);
    ctx.lineTo(W, top + 0.5);
    ctx.stroke();
    ctx.fillStyle = '#8b98a5';
    ctx.font = '11px sans-serif';
    ctx.fillText(`signal, channel ${ch} (±${num(amp, 3)})`, 4, 12);
    ctx.fillText('per-sample evidence', 4, top + 13);
    canvas.dataset.points = String(n);
    canvas.dataset.evidence = String(drawnEvidence);
    canvas.dataset.hotX0 = String(hx0);
    canvas.dataset.hotX1 = String(hx1);
    // Not data-drawn: that marks an image's overlay, which tests and tools look for.
    canvas.dataset.trace = 'drawn';
  }

  // ---------- lines ----------

  async function refreshLines() {
    const reading = await api('/api/v1/lines');
    const t = Date.parse(reading.at);
    state.lineSamples.push({ t, lines: new Map(reading.lines.map((l) => [l.line, l])) });
    while (state.lineSamples.length > 2 && t - state.lineSamples[0].t > RATE_WINDOW_MS) {
      state.lineSamples.shift();
    }
    const first = state.lineSamples[0];
    const seconds = (t - first.t) / 1000;
    const rate = (line, field) => {
      const before = first.lines.get(line.line);
      if (seconds <= 0) return null;
      return (line[field] - (before ? before[field] : 0)) / seconds;
    };
    $('lines').replaceChildren(...reading.lines.map((l) => {
      const ips = rate(l, 'images');
      const apm = rate(l, 'alerts');
      return el('tr', { class: 'line-row', 'data-line': l.line },
        el('td', { text: l.line }),
        el('td', { text: String(l.images) }),
        el('td', { class: 'line-rate', text: ips === null ? '–' : ips.toFixed(1) }),
        el('td', { text: String(l.anomaly) }),
        el('td', { text: percent(l.anomaly_share) }),
        el('td', { text: apm === null ? '–' : (apm * 60).toFixed(1) }),
        el('td', { text: l.drift_ks === null ? '–' : l.drift_ks.toFixed(3) }));
    }));
    $('dead-letters').textContent = String(reading.dead_letters);
  }

  // ---------- loop ----------

  async function poll() {
    try {
      await refreshModels();
      await refreshModel();
      await Promise.all([refreshAlerts(), refreshLines(), refreshHistogram(), refreshSignals()]);
      if (!state.preview && $('threshold-input').value) await runPreview();
      setStatus('ok', `updated ${new Date().toLocaleTimeString([], { hour12: false })}`);
    } catch (e) {
      setStatus('error', `cannot reach the service: ${e.message}`);
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  function init() {
    $('model-select').addEventListener('change', (e) => {
      state.modelId = e.target.value;
      state.thresholdEdited = false;
      state.preview = null;
      $('threshold-input').value = '';
      refreshModel().then(refreshHistogram).then(runPreview).catch((err) => setStatus('error', err.message));
    });
    $('threshold-input').addEventListener('input', () => {
      state.thresholdEdited = true;
      const v = Number($('threshold-input').value);
      if (Number.isFinite(v)) $('threshold-slider').value = String(v);
      schedulePreview();
    });
    $('threshold-slider').addEventListener('input', () => {
      state.thresholdEdited = true;
      $('threshold-input').value = Number($('threshold-slider').value).toPrecision(6);
      schedulePreview();
    });
    $('threshold-form').addEventListener('submit', applyThreshold);
    $('overlay-toggle').addEventListener('change', (e) => {
      for (const card of $('alerts').children) card.classList.toggle('side-by-side', !e.target.checked);
    });
    window.addEventListener('resize', drawHistogram);
    poll();
  }

  init();
})();
