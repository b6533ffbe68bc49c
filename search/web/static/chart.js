// Coverage chart: matching articles per day, stacked by source, drawn as inline SVG
// from /api/histogram with the page's own query. No library, no build step.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#9a9a9a"];
  const WIDTH = 900, HEIGHT = 220, LEFT = 40, BOTTOM = 22, TOP = 8;

  function element(name, attributes, text) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;  // text, never markup
    return node;
  }

  function message(container, text) {
    const p = document.createElement("p");
    p.className = "note";
    p.textContent = text;
    container.replaceChildren(p);
  }

  function draw(container, data) {
    const days = data.periods, series = data.series;
    if (!days.length) {
      message(container, "No dated articles match.");
      container.dataset.drawn = "empty";
      return;
    }
    const totals = days.map((_, i) => series.reduce((sum, s) => sum + s.counts[i], 0));
    const highest = Math.max(1, ...totals);
    const plotWidth = WIDTH - LEFT, plotHeight = HEIGHT - TOP - BOTTOM;
    const step = plotWidth / days.length;
    const barWidth = Math.max(1, step * 0.85);
    const svg = element("svg", {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", class: "chart",
                                "aria-label": `${data.articles} articles over ${days.length} ${data.interval}s`});
    const unit = document.getElementById("chart-unit");
    if (unit) unit.textContent = data.interval;
    svg.appendChild(element("line", {x1: LEFT, y1: TOP + plotHeight, x2: WIDTH, y2: TOP + plotHeight, class: "axis"}));
    svg.appendChild(element("text", {x: LEFT - 4, y: TOP + 10, "text-anchor": "end", class: "label"}, String(highest)));
    svg.appendChild(element("text", {x: LEFT - 4, y: TOP + plotHeight, "text-anchor": "end", class: "label"}, "0"));
    svg.appendChild(element("text", {x: LEFT, y: HEIGHT - 4, class: "label"}, days[0]));
    if (days.length > 1) {
      svg.appendChild(element("text", {x: WIDTH, y: HEIGHT - 4, "text-anchor": "end", class: "label"}, days[days.length - 1]));
    }
    days.forEach((day, i) => {
      let y = TOP + plotHeight;
      series.forEach((s, n) => {
        const count = s.counts[i];
        if (!count) return;
        const h = count / highest * plotHeight;
        y -= h;
        const bar = element("rect", {x: LEFT + i * step, y: y, width: barWidth, height: h,
                                     fill: COLOURS[n % COLOURS.length], class: "bar"});
        const label = data.interval === "day" ? day : `${data.interval} of ${day}`;
        bar.appendChild(element("title", {}, `${label} · ${s.source}: ${count}`));
        svg.appendChild(bar);
      });
    });
    const legend = document.createElement("ul");
    legend.className = "legend";
    series.forEach((s, n) => {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = COLOURS[n % COLOURS.length];  // CSSOM, allowed by the page's CSP
      item.append(swatch, document.createTextNode(`${s.source} (${s.counts.reduce((a, b) => a + b, 0)})`));
      legend.appendChild(item);
    });
    const total = document.createElement("p");
    total.className = "note";
    total.id = "chart-total";
    total.textContent = `${data.articles} matching article${data.articles === 1 ? "" : "s"}`;
    container.replaceChildren(svg, legend, total);
    container.dataset.drawn = "true";
    performance.mark("newssearch:chart-drawn");  // for the benchmark's time-to-chart
  }

  const container = document.getElementById("chart");
  if (!container) return;
  fetch("/api/histogram?" + container.dataset.query)
    .then((response) => response.json().then((body) => ({ok: response.ok, body: body})))
    .then(({ok, body}) => {
      if (!ok) throw new Error(body.error || "the chart could not be loaded");
      draw(container, body);
    })
    .catch((error) => {
      message(container, String(error.message || error));
      container.dataset.drawn = "error";
    });
})();
