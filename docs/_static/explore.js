/* The explorable page (explore.md): sliders that pick precomputed values and draw them as SVG.
 *
 * Every number drawn here was computed by lossdocs.explorable when the site was built and is
 * embedded in the page as JSON (#lossdocs-explore-data). This script only selects the values of
 * the chosen width and maps them linearly onto the drawings: no loss formula lives here.
 */
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const WIDTH = 320;
  const HEIGHT = 240;
  const BOX = { left: 40, top: 10, right: 312, bottom: 196 };
  // matplotlib line styles (lossdocs.catalog) as SVG dash patterns.
  const DASHES = { "-": "", "--": "7 4", "-.": "7 3 2 3", ":": "2 3" };

  function element(name, attributes, parent, namespace) {
    const node = namespace === false
      ? document.createElement(name)
      : document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes || {})) {
      node.setAttribute(key, value);
    }
    if (parent) parent.appendChild(node);
    return node;
  }

  function html(name, attributes, parent, text) {
    const node = element(name, attributes, parent, false);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function round2(value) {
    return Math.round(value * 100) / 100;
  }

  function ticks(lo, hi, count) {
    const raw = (hi - lo) / count;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
    const out = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
      out.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
    }
    return out;
  }

  function extent(rows) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const row of rows) {
      for (const value of row) {
        if (value < lo) lo = value;
        if (value > hi) hi = value;
      }
    }
    return [lo, hi];
  }

  let uid = 0;

  /* One drawing: axes with ticks, a clip region, and linear maps from data to the viewBox. */
  function panel(parent, title, xlim, ylim, xlabel) {
    uid += 1;
    const figure = html("figure", { class: "lossdocs-explore-panel" }, parent);
    const svg = element("svg", {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: "img",
      "aria-label": title,
      "data-xlim": xlim.join(" "),
      "data-ylim": ylim.join(" "),
      "data-box": [BOX.left, BOX.top, BOX.right, BOX.bottom].join(" "),
    }, figure);
    html("figcaption", {}, figure, title);
    const x = (v) => round2(BOX.left + ((v - xlim[0]) / (xlim[1] - xlim[0])) * (BOX.right - BOX.left));
    const y = (v) => round2(BOX.bottom - ((v - ylim[0]) / (ylim[1] - ylim[0])) * (BOX.bottom - BOX.top));
    const clip = `lossdocs-explore-clip-${uid}`;
    const defs = element("defs", {}, svg);
    element("rect", {
      x: BOX.left, y: BOX.top, width: BOX.right - BOX.left, height: BOX.bottom - BOX.top,
    }, element("clipPath", { id: clip }, defs));
    const axes = element("g", { class: "axes" }, svg);
    for (const t of ticks(xlim[0], xlim[1], 5)) {
      element("line", { class: "grid", x1: x(t), x2: x(t), y1: BOX.top, y2: BOX.bottom }, axes);
      const label = element("text", { x: x(t), y: BOX.bottom + 16, "text-anchor": "middle" }, axes);
      label.textContent = String(t);
    }
    for (const t of ticks(ylim[0], ylim[1], 4)) {
      element("line", { class: "grid", x1: BOX.left, x2: BOX.right, y1: y(t), y2: y(t) }, axes);
      const label = element("text", { x: BOX.left - 4, y: y(t) + 4.5, "text-anchor": "end" }, axes);
      label.textContent = String(t);
    }
    element("rect", {
      class: "frame", x: BOX.left, y: BOX.top,
      width: BOX.right - BOX.left, height: BOX.bottom - BOX.top,
    }, axes);
    const xname = element("text", {
      x: (BOX.left + BOX.right) / 2, y: HEIGHT - 5, "text-anchor": "middle",
    }, axes);
    xname.textContent = xlabel;
    const plot = element("g", { "clip-path": `url(#${clip})` }, svg);
    return { svg, plot, x, y };
  }

  function path(points) {
    return "M" + points.map(([px, py]) => `${px},${py}`).join(" L");
  }

  function marker(group, outlier) {
    return outlier
      ? element("path", { class: "datum outlier" }, group)
      : element("circle", { class: "datum", r: 2.6 }, group);
  }

  function place(node, outlier, px, py) {
    if (outlier) {
      node.setAttribute("d", `M${px - 3.5},${py - 3.5} L${px + 3.5},${py + 3.5} M${px - 3.5},${py + 3.5} L${px + 3.5},${py - 3.5}`);
    } else {
      node.setAttribute("cx", px);
      node.setAttribute("cy", py);
    }
    node.setAttribute("data-x", px);
    node.setAttribute("data-y", py);
  }

  function styled(node, color, linestyle, width) {
    node.setAttribute("stroke", color);
    node.setAttribute("stroke-width", width);
    node.setAttribute("fill", "none");
    if (DASHES[linestyle]) node.setAttribute("stroke-dasharray", DASHES[linestyle]);
    return node;
  }

  /* A curve panel (loss or gradient): the curve, the data on it, and the width marked ±w. */
  function curvePanel(parent, data, sweep, key, title, ylim) {
    const residuals = data.residuals;
    const p = panel(parent, title, [residuals[0], residuals[residuals.length - 1]], ylim,
      "residual r = line(x) − y");
    if (ylim[0] < 0) {
      element("line", { class: "zero", x1: BOX.left, x2: BOX.right, y1: p.y(0), y2: p.y(0) }, p.plot);
    }
    const bounds = [-1, 1].map(() => element("line", { class: "width-mark" }, p.plot));
    const curve = styled(element("path", { class: "curve" }, p.plot), sweep.color, sweep.linestyle, 2.5);
    const dots = element("g", { class: "data" }, p.plot);
    const markers = data.outlier.map((outlier) => marker(dots, outlier));
    p.svg.setAttribute("data-key", key);
    return function draw(i) {
      curve.setAttribute("d", path(residuals.map((r, j) => [p.x(r), p.y(sweep[key][i][j])])));
      curve.setAttribute("data-index", i);
      const w = sweep.widths[i];
      [-w, w].forEach((at, side) => {
        const line = bounds[side];
        line.setAttribute("x1", p.x(at));
        line.setAttribute("x2", p.x(at));
        line.setAttribute("y1", BOX.top);
        line.setAttribute("y2", BOX.bottom);
      });
      markers.forEach((node, j) => {
        place(node, data.outlier[j], p.x(sweep.data_residuals[i][j]), p.y(sweep["data_" + key][i][j]));
      });
    };
  }

  /* The data and the fitted lines: L1 and L2 fixed, the swept loss's line for the chosen width. */
  function linePanel(parent, data, sweep, title) {
    const [xlo, xhi] = extent([data.x]);
    const [ylo, yhi] = extent([data.y]);
    const xpad = 0.04 * (xhi - xlo);
    const ypad = 0.08 * (yhi - ylo);
    const xlim = [xlo - xpad, xhi + xpad];
    const p = panel(parent, title, xlim, [ylo - ypad, yhi + ypad], "x");
    const ends = [xlim[0], xlim[1]];
    const segment = (fit) => path(ends.map((v) => [p.x(v), p.y(fit.intercept + fit.slope * v)]));
    for (const reference of data.references) {
      const node = styled(element("path", { class: "reference" }, p.plot), reference.color,
        reference.linestyle, 1.5);
      node.setAttribute("d", segment(reference));
      node.setAttribute("data-name", reference.name);
    }
    const line = styled(element("path", { class: "fit" }, p.plot), sweep.color, sweep.linestyle, 3);
    const dots = element("g", { class: "data" }, p.plot);
    data.x.forEach((v, j) => place(marker(dots, data.outlier[j]), data.outlier[j], p.x(v), p.y(data.y[j])));
    return function draw(i) {
      line.setAttribute("d", segment(sweep.lines[i]));
      line.setAttribute("data-index", i);
    };
  }

  function legend(parent, data, sweep) {
    const list = html("ul", { class: "lossdocs-explore-legend" }, parent);
    const entry = (color, linestyle, text) => {
      const item = html("li", {}, list);
      const swatch = element("svg", { viewBox: "0 0 28 8", width: 28, height: 8, "aria-hidden": "true" }, item);
      styled(element("line", { x1: 0, x2: 28, y1: 4, y2: 4 }, swatch), color, linestyle, 2.5);
      return html("span", {}, item, text);
    };
    const current = entry(sweep.color, sweep.linestyle, "");
    for (const reference of data.references) {
      entry(reference.color, reference.linestyle, `${reference.name} line`);
    }
    const item = html("li", {}, list);
    html("span", { class: "legend-datum", "aria-hidden": "true" }, item, "●");
    html("span", {}, item, " data, ");
    html("span", { class: "legend-datum", "aria-hidden": "true" }, item, "×");
    html("span", {}, item, " outliers");
    return current;
  }

  function widget(root, data, sweep) {
    const id = `lossdocs-explore-${sweep.parameter}`;
    const section = html("div", { class: "lossdocs-explore-widget", role: "group", "aria-labelledby": `${id}-title` }, root);
    html("p", { class: "lossdocs-explore-title", id: `${id}-title` }, section,
      `${sweep.name}: its width ${sweep.symbol}`);
    const controls = html("div", { class: "lossdocs-explore-controls" }, section);
    html("label", { for: id }, controls, `${sweep.symbol} (${sweep.parameter})`);
    const input = html("input", {
      type: "range", id, min: 0, max: sweep.widths.length - 1, step: 1, value: sweep.default,
    }, controls);
    const output = html("output", { for: id, id: `${id}-value` }, controls);
    const panels = html("div", { class: "lossdocs-explore-panels" }, section);
    const draws = [
      curvePanel(panels, data, sweep, "loss", `${sweep.name} loss`, [0, 1.05 * extent(sweep.loss)[1]]),
      curvePanel(panels, data, sweep, "grad", `${sweep.name} gradient`,
        (() => { const m = 1.1 * Math.max(...extent(sweep.grad).map(Math.abs)); return [-m, m]; })()),
      linePanel(panels, data, sweep, `Line fitted under ${sweep.name}`),
    ];
    const current = legend(section, data, sweep);
    function update() {
      const i = Number(input.value);
      const text = `${sweep.symbol} = ${sweep.labels[i]}`;
      input.setAttribute("aria-valuetext", text);
      output.textContent = text;
      const fit = sweep.lines[i];
      current.textContent = `${sweep.name} line, ${text}: slope ${fit.slope.toFixed(3)}, intercept ${fit.intercept.toFixed(3)}`;
      draws.forEach((draw) => draw(i));
      section.setAttribute("data-index", i);
    }
    input.addEventListener("input", update);
    update();
  }

  function start() {
    const root = document.getElementById("lossdocs-explore");
    const source = document.getElementById("lossdocs-explore-data");
    if (!root || !source) return;
    const data = JSON.parse(source.textContent);
    for (const sweep of data.sweeps) widget(root, data, sweep);
    root.setAttribute("data-ready", "true");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
