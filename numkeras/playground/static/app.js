// numkeras playground page: controls -> session API, server-sent events -> drawings.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const COLORS = ["#1f6feb", "#e2733b", "#2da44e", "#a371f7", "#d4a72c", "#cf222e", "#0e8a9c", "#7d8590"];
  let sessionId = null, source = null, options = null, config = null;
  let build = -1, history = {}, gradNorms = [], layerNames = [], data = null, state = "building";

  async function api(method, path, body) {
    const response = await fetch(path, {method, headers: {"Content-Type": "application/json"},
                                        body: body === undefined ? undefined : JSON.stringify(body)});
    let payload = null;
    try { payload = await response.json(); } catch (e) { payload = null; }
    return {status: response.status, body: payload};
  }

  // --- controls --------------------------------------------------------------------------------
  function fillSelect(select, values) {
    if (select.options.length) return;
    for (const value of values) select.add(new Option(value, value));
  }

  function showErrors(errors) {
    document.querySelectorAll(".error").forEach((el) => { el.textContent = ""; });
    document.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    for (const [field, message] of Object.entries(errors || {})) {
      const slot = $("error-" + field);
      if (slot) slot.textContent = message; else setStatus(message, "bad");
      const control = document.querySelector(`[data-field="${field}"]`) || (field === "hidden" ? $("layers") : null);
      if (control) control.setAttribute("aria-invalid", "true");
    }
  }

  function showConfig(cfg) {
    config = cfg;
    document.querySelectorAll("[data-field]").forEach((el) => {
      const value = cfg[el.dataset.field];
      if (el.type === "checkbox") el.checked = !!value;
      else if (document.activeElement !== el) el.value = value;
    });
    if (document.activeElement !== $("layers")) $("layers").value = cfg.hidden.length;
    drawUnitInputs(cfg.hidden);
    const toy = cfg.dataset !== "mnist";
    document.querySelectorAll(".toy-only").forEach((el) => { el.hidden = !toy; });
    document.querySelectorAll(".sgd-only").forEach((el) => { el.hidden = cfg.optimizer !== "sgd"; });
    $("boundary-view").hidden = !toy;
    $("mnist-view").hidden = toy;
  }

  function drawUnitInputs(hidden) {
    const box = $("units");
    const inputs = box.querySelectorAll("input");
    if (inputs.length === hidden.length) {
      inputs.forEach((input, i) => { if (document.activeElement !== input) input.value = hidden[i]; });
      return;
    }
    box.textContent = "";
    hidden.forEach((units, i) => {
      const input = document.createElement("input");
      input.type = "number"; input.min = 1; input.max = options.max_units; input.value = units;
      input.setAttribute("aria-label", `Units of hidden layer ${i + 1}`);
      input.addEventListener("change", sendHidden);
      box.appendChild(input);
    });
  }

  function sendHidden() {
    const count = $("layers").value.trim();
    const current = Array.from($("units").querySelectorAll("input")).map((el) => el.value.trim());
    const n = Number(count);
    if (!/^\d+$/.test(count) || n > options.max_hidden_layers) {
      showErrors({hidden: `hidden layers must be a whole number from 0 to ${options.max_hidden_layers}, got '${count}'.`});
      return;
    }
    const hidden = current.slice(0, n);
    while (hidden.length < n) hidden.push(hidden.length ? hidden[hidden.length - 1] : "4");
    send({hidden});
  }

  async function send(values) {
    if (!sessionId) return;
    const result = await api("POST", `/api/sessions/${sessionId}/config`, values);
    if (result.status === 422) { showErrors(result.body.errors); return; }
    if (result.status === 404) { await start(); return; }
    showErrors({});
    showConfig(result.body.config);
    $("code").textContent = result.body.code;
  }

  function readControl(el) {
    if (el.type === "checkbox") return el.checked;
    return el.value.trim();
  }

  async function control(action) {
    if (!sessionId) return;
    const result = await api("POST", `/api/sessions/${sessionId}/control`, {action});
    if (result.status === 409 || result.status === 422) setStatus(Object.values(result.body.errors)[0], "bad");
    else if (result.status === 404) await start();
    else showState(result.body.state);
  }

  function showState(newState) {
    state = newState;
    $("play").setAttribute("aria-pressed", String(state === "running"));
    $("pause").setAttribute("aria-pressed", String(state === "paused"));
  }

  function setStatus(text, kind) {
    const el = $("status");
    el.textContent = text || "";
    el.className = "status" + (text ? " " + (kind || "note") : "");
  }

  // --- the stream ------------------------------------------------------------------------------
  function onSnapshot(snap) {
    if (snap.build !== build) {
      build = snap.build; history = {}; gradNorms = []; data = snap.data || null;
      layerNames = snap.layer_names || [];
    }
    if (snap.layer_names) layerNames = snap.layer_names;
    for (const [key, values] of Object.entries(snap.history)) {
      history[key] = (history[key] || []).slice(0, snap.from_epoch).concat(values);
    }
    gradNorms = gradNorms.slice(0, snap.from_epoch).concat(snap.grad_norms);
    showState(snap.state);
    if (snap.message) setStatus(snap.message, snap.state === "stopped" ? "note" : "bad");
    else setStatus(snap.state === "building" ? "Building the model..." : "");
    if (!config || JSON.stringify(config) !== JSON.stringify(snap.config)) showConfig(snap.config);
    if ($("code").textContent !== snap.code) $("code").textContent = snap.code;
    const last = (key) => { const v = history[key] || []; return v.length ? v[v.length - 1] : null; };
    $("epoch").textContent = String(snap.epoch);
    $("loss-train").textContent = fmt(last("loss"));
    $("loss-test").textContent = fmt(last("val_loss"));
    $("acc-test").textContent = last("val_accuracy") === null ? "-" : last("val_accuracy").toFixed(3);
    drawLines($("loss-chart"), [history.loss || [], history.val_loss || []], [COLORS[0], COLORS[1]], false);
    drawLines($("grad-chart"), layerNames.map((_, i) => gradNorms.map((row) => row[i])), COLORS, true);
    drawLegend();
    if (snap.boundary) drawBoundary(snap.boundary);
    if (snap.neurons) drawNeurons(snap.neurons);
    if (snap.weights) drawHistograms(snap.weights);
    if (snap.mnist) drawMnist(snap.mnist);
  }

  function fmt(value) { return value === null || value === undefined ? "-" : value.toFixed(4); }

  function connect() {
    if (source) source.close();
    source = new EventSource(`/api/sessions/${sessionId}/events`);
    source.onmessage = (event) => onSnapshot(JSON.parse(event.data));
    source.addEventListener("closed", () => { source.close(); start(); });
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return;  // the browser retries by itself
      setStatus("Lost the connection to the playground server; retrying...", "bad");
      setTimeout(start, 2000);  // the server ended the session: start a new one with the same controls
    };
  }

  async function start() {
    if (source) { source.close(); source = null; }
    let result;
    try {
      result = await api("POST", "/api/sessions", config ? Object.assign({}, config) : {});
    } catch (error) {  // the server is not reachable (stopped, or the network is down)
      setStatus("Cannot reach the playground server; retrying...", "bad");
      setTimeout(start, 3000);
      return;
    }
    if (result.status !== 200) {
      if (result.body && result.body.errors) { showErrors(result.body.errors); }
      setStatus((result.body && (result.body.error || Object.values(result.body.errors || {})[0])) || "Could not start a session.", "bad");
      if (result.status === 422 && config) { config = null; return start(); }
      return;
    }
    sessionId = result.body.id; build = -1;
    showConfig(result.body.config);
    $("code").textContent = result.body.code;
    connect();
  }

  // --- drawing ---------------------------------------------------------------------------------
  function decode(b64) {
    const raw = atob(b64), out = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function mix(t) {  // 0 -> class-0 orange, 0.5 -> white, 1 -> class-1 blue
    const a = [226, 115, 59], b = [47, 127, 214], w = [255, 255, 255];
    const [from, to, s] = t < 0.5 ? [a, w, t * 2] : [w, b, (t - 0.5) * 2];
    return from.map((c, i) => Math.round(c + (to[i] - c) * s));
  }

  function paintImage(canvas, size, bytes, colormap) {
    canvas.width = size; canvas.height = size;
    const ctx = canvas.getContext("2d"), image = ctx.createImageData(size, size);
    for (let i = 0; i < size * size; i++) {
      const [r, g, b] = colormap(bytes[i] / 255);
      image.data.set([r, g, b, 255], i * 4);
    }
    ctx.putImageData(image, 0, 0);
  }

  const scratch = document.createElement("canvas");
  function drawBoundary(boundary) {
    paintImage(scratch, boundary.size, decode(boundary.values), mix);
    const canvas = $("boundary"), ctx = canvas.getContext("2d"), size = canvas.width;
    ctx.imageSmoothingEnabled = true;
    ctx.globalAlpha = 0.75;
    ctx.drawImage(scratch, 0, 0, size, size);
    ctx.globalAlpha = 1;
    if (!data) return;
    const toPixel = (v, flip) => ((flip ? -v : v) + boundary.extent) / (2 * boundary.extent) * size;
    for (const [set, filled] of [[data.train, true], [data.test, false]]) {
      for (const [x, y, label] of set) {
        ctx.beginPath();
        ctx.arc(toPixel(x, false), toPixel(y, true), 3.2, 0, 2 * Math.PI);
        const color = label > 0.5 ? "#2f7fd6" : "#e2733b";
        if (filled) { ctx.fillStyle = color; ctx.fill(); ctx.strokeStyle = "#fff"; }
        else { ctx.strokeStyle = color; ctx.lineWidth = 1.6; }
        ctx.stroke(); ctx.lineWidth = 1;
      }
    }
  }

  function drawNeurons(layers) {
    const box = $("neurons");
    box.textContent = "";
    if (!layers.length) { box.textContent = "No hidden layers."; return; }
    for (const layer of layers) {
      const row = document.createElement("div");
      row.className = "neuron-row";
      const name = document.createElement("span");
      name.textContent = `${layer.layer} (${layer.units})`;
      row.appendChild(name);
      for (const image of layer.images) {
        const canvas = document.createElement("canvas");
        paintImage(canvas, layer.size, decode(image), mix);
        row.appendChild(canvas);
      }
      box.appendChild(row);
    }
  }

  function drawHistograms(histograms) {
    const box = $("weights");
    box.textContent = "";
    histograms.forEach((h, index) => {
      const cell = document.createElement("div");
      const canvas = document.createElement("canvas");
      canvas.width = 140; canvas.height = 70;
      const ctx = canvas.getContext("2d"), top = Math.max(...h.counts, 1), w = 140 / h.counts.length;
      ctx.fillStyle = COLORS[index % COLORS.length];
      h.counts.forEach((c, i) => { const bar = (c / top) * 64; ctx.fillRect(i * w, 70 - bar, w - 1, bar); });
      cell.appendChild(canvas);
      const label = document.createElement("div");
      label.textContent = `${h.layer}: ${h.low.toPrecision(2)} .. ${h.high.toPrecision(2)}`;
      cell.appendChild(label);
      box.appendChild(cell);
    });
  }

  function drawLines(canvas, series, colors, logScale) {
    const ctx = canvas.getContext("2d"), W = canvas.width, H = canvas.height, pad = 34;
    ctx.clearRect(0, 0, W, H);
    const tf = (v) => (logScale ? Math.log10(v) : v);
    const values = series.flat().filter((v) => v !== null && v !== undefined && isFinite(v) && (!logScale || v > 0)).map(tf);
    const n = Math.max(...series.map((s) => s.length), 0);
    ctx.strokeStyle = "#d8dde3"; ctx.strokeRect(pad, 6, W - pad - 6, H - pad);
    if (!values.length || !n) return;
    let lo = Math.min(...values), hi = Math.max(...values);
    if (!logScale) lo = Math.min(lo, 0);
    if (hi - lo < 1e-9) { hi += 0.5; lo -= 0.5; }
    const x = (i) => pad + (n > 1 ? i / (n - 1) : 0) * (W - pad - 6);
    const y = (v) => 6 + (1 - (tf(v) - lo) / (hi - lo)) * (H - pad);
    ctx.fillStyle = "#5b6573"; ctx.font = "10px sans-serif";
    const label = (v) => (logScale ? Math.pow(10, v) : v).toPrecision(2);
    ctx.fillText(label(hi), 2, 14);
    ctx.fillText(label(lo), 2, H - pad + 6);
    ctx.fillText(`epoch ${n}`, W - 60, H - 8);
    series.forEach((s, k) => {
      ctx.strokeStyle = colors[k % colors.length]; ctx.lineWidth = 1.6; ctx.beginPath();
      let drawing = false;
      s.forEach((v, i) => {
        if (v === null || !isFinite(v) || (logScale && v <= 0)) { drawing = false; return; }
        if (drawing) ctx.lineTo(x(i), y(v)); else { ctx.moveTo(x(i), y(v)); drawing = true; }
      });
      ctx.stroke();
    });
  }

  function drawLegend() {
    const box = $("grad-legend");
    const text = layerNames.join("|");
    if (box.dataset.names === text) return;
    box.dataset.names = text; box.textContent = "";
    layerNames.forEach((name, i) => {
      const item = document.createElement("span");
      const swatch = document.createElement("i");
      swatch.style.background = COLORS[i % COLORS.length];
      item.appendChild(swatch); item.appendChild(document.createTextNode(`${i + 1}: ${name}`));
      box.appendChild(item);
    });
  }

  function drawMnist(result) {
    const table = $("confusion");
    table.textContent = "";
    const head = table.insertRow();
    head.insertCell().textContent = "";
    for (let j = 0; j < 10; j++) { const th = document.createElement("th"); th.textContent = j; head.appendChild(th); }
    const top = Math.max(...result.confusion.flat(), 1);
    result.confusion.forEach((row, i) => {
      const tr = table.insertRow();
      const th = document.createElement("th"); th.textContent = i; tr.appendChild(th);
      row.forEach((count, j) => {
        const td = tr.insertCell();
        td.textContent = count;
        const strength = count / top;
        td.style.background = i === j ? `rgba(47,127,214,${strength})` : `rgba(226,115,59,${Math.min(1, strength * 4)})`;
      });
    });
    const box = $("misclassified");
    box.textContent = "";
    for (const digit of result.misclassified) {
      const fig = document.createElement("figure");
      const canvas = document.createElement("canvas");
      paintImage(canvas, 28, decode(digit.image), (t) => { const v = Math.round(255 - t * 255); return [v, v, v]; });
      fig.appendChild(canvas);
      const cap = document.createElement("figcaption");
      cap.textContent = `${digit.true} as ${digit.predicted}`;
      fig.appendChild(cap);
      box.appendChild(fig);
    }
  }

  // --- wiring ----------------------------------------------------------------------------------
  async function init() {
    options = (await api("GET", "/api/options")).body;
    fillSelect($("activation"), options.activations);
    fillSelect($("optimizer"), options.optimizers);
    if (!options.mnist_available) {
      const mnist = $("dataset").querySelector('option[value="mnist"]');
      mnist.textContent = "MNIST (subset; not in your dataset cache)";
    }
    document.querySelectorAll("[data-field]").forEach((el) => {
      el.addEventListener("change", () => send({[el.dataset.field]: readControl(el)}));
    });
    $("layers").addEventListener("change", sendHidden);
    $("play").addEventListener("click", () => control("play"));
    $("pause").addEventListener("click", () => control("pause"));
    $("step").addEventListener("click", () => control("step"));
    $("reset").addEventListener("click", () => control("reset"));
    $("copy").addEventListener("click", () => {
      if (navigator.clipboard) navigator.clipboard.writeText($("code").textContent);
    });
    document.addEventListener("keydown", (event) => {
      const tag = (event.target.tagName || "").toLowerCase();
      if (["input", "select", "textarea", "button"].includes(tag) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "p") control(state === "running" ? "pause" : "play");
      else if (event.key === "s") control("step");
      else if (event.key === "r") control("reset");
    });
    window.addEventListener("pagehide", () => {
      if (sessionId) navigator.sendBeacon(`/api/sessions/${sessionId}/close`);
    });
    await start();
  }

  init();
})();
