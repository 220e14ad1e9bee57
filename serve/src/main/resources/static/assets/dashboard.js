// The KPI dashboard: reads /metrics/aht and /metrics/kpi-daily from the server that serves this
// page and draws them with Chart.js (/assets/chart.umd.js, bundled at build time).
//
// The filters live in the page's query string (?start_date=&end_date=&interval=&skill=&queue=), so
// a view can be bookmarked or shared. Skills and queues are the ones in the data of the chosen
// dates; picking one filters the drawn series without asking the server again.
//
// When the charts are drawn, <body data-state> is "ready" ("empty" without data, "error" on a
// failure) and every chart's <figure> carries data-series and data-points: what was drawn.
"use strict";

(function () {
  const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#7f7f7f", "#bcbd22"];
  const HOUR_MS = 3600000;
  const DAY_MS = 24 * HOUR_MS;
  /** Hourly points of more days than this make the default interval daily. */
  const HOURLY_DEFAULT_MAX_DAYS = 7;

  const form = document.getElementById("filters");
  const status = document.getElementById("status");
  const charts = {};
  let data = null;
  /** A skill and a queue from the address, until the pickers have options to choose them by. */
  const pending = {skill: "", queue: ""};

  function isoDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  /**
   * Every bucket of the dates, as the API names them ("2024-01-15T10:00:00Z"; days as
   * "2024-01-15" when asDays): the x axis, so that hours or days without data show as gaps
   * instead of being left out of the axis.
   */
  function buckets(start, end, stepMs, asDays) {
    const xs = [];
    for (let t = Date.parse(start); t < Date.parse(end) + DAY_MS; t += stepMs) {
      xs.push(asDays ? isoDay(t) : new Date(t).toISOString().replace(".000Z", "Z"));
    }
    return xs;
  }

  function daysBetween(start, end) {
    return Math.round((Date.parse(end) - Date.parse(start)) / DAY_MS) + 1;
  }

  /** The filters from the page's address, with defaults: the last seven UTC days. */
  function initialFilters() {
    const params = new URLSearchParams(window.location.search);
    const end = params.get("end_date") || isoDay(Date.now());
    const start = params.get("start_date") || isoDay(Date.parse(end) - 6 * DAY_MS);
    const interval = params.get("interval")
        || (daysBetween(start, end) <= HOURLY_DEFAULT_MAX_DAYS ? "1h" : "1d");
    return {
      start_date: start, end_date: end, interval: interval,
      skill: params.get("skill") || "", queue: params.get("queue") || ""
    };
  }

  function readForm() {
    const filters = {};
    for (const name of ["start_date", "end_date", "interval", "skill", "queue"]) {
      filters[name] = form.elements[name].value || pending[name] || "";
    }
    return filters;
  }

  function writeAddress(filters) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(filters)) {
      if (value) {
        params.set(name, value);
      }
    }
    history.replaceState(null, "", "?" + params.toString());
  }

  function setState(state, message) {
    document.body.dataset.state = state;
    status.textContent = message;
  }

  async function getJson(path, params) {
    const response = await fetch(path + "?" + new URLSearchParams(params).toString(),
        {headers: {Accept: "application/json"}});
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(path + ": " + (body.error || "HTTP " + response.status));
    }
    return body;
  }

  /** Fetches both endpoints for the dates and interval, then draws. */
  async function load() {
    const filters = readForm();
    writeAddress(filters);
    if (!filters.start_date || !filters.end_date) {
      setState("error", "Choose both dates.");
      return;
    }
    if (filters.start_date > filters.end_date) {
      setState("error", "The start date is after the end date.");
      return;
    }
    setState("loading", "Loading…");
    const range = {start_date: filters.start_date, end_date: filters.end_date};
    try {
      const [aht, daily] = await Promise.all([
        getJson("/metrics/aht", {...range, interval: filters.interval}),
        getJson("/metrics/kpi-daily", range)
      ]);
      data = {aht: aht, daily: daily, interval: filters.interval,
        ahtBuckets: buckets(range.start_date, range.end_date,
            filters.interval === "1d" ? DAY_MS : HOUR_MS, false),
        days: buckets(range.start_date, range.end_date, DAY_MS, true)};
    } catch (e) {
      data = null;
      drawAll();
      setState("error", e.message);
      return;
    }
    fillPicker("skill", data.aht.map((p) => p.skill));
    fillPicker("queue", data.daily.map((r) => r.queue_id));
    writeAddress(readForm());
    drawAll();
  }

  /** Replaces a picker's options by the distinct values, keeping the choice when still there. */
  function fillPicker(name, values) {
    const select = form.elements[name];
    const chosen = select.value || pending[name];
    pending[name] = "";
    const distinct = [...new Set(values)].sort();
    while (select.options.length > 1) {
      select.remove(1);
    }
    for (const value of distinct) {
      select.add(new Option(value, value));
    }
    select.value = distinct.includes(chosen) ? chosen : "";
  }

  function bucketLabel(timestamp, interval) {
    // "2024-01-15T10:00:00Z": a day as 2024-01-15, an hour as 01-15 10:00.
    return interval === "1d" ? timestamp.slice(0, 10)
        : timestamp.slice(5, 10) + " " + timestamp.slice(11, 16);
  }

  /**
   * Series aligned on the x axis xs: rows grouped by seriesOf, each placed at the index of its
   * xOf in xs, null where a series has no row (a gap, not a zero).
   */
  function series(rows, xs, xOf, seriesOf, valueOf) {
    const index = new Map(xs.map((x, i) => [x, i]));
    const bySeries = new Map();
    for (const row of rows) {
      const key = seriesOf(row);
      if (!index.has(xOf(row))) {
        continue;
      }
      if (!bySeries.has(key)) {
        bySeries.set(key, new Array(xs.length).fill(null));
      }
      const value = valueOf(row);
      bySeries.get(key)[index.get(xOf(row))] = value === null || value === undefined ? null : value;
    }
    const keys = [...bySeries.keys()].sort();
    return {xs: xs, sets: keys.map((key) => ({key: key, values: bySeries.get(key)}))};
  }

  function draw(id, type, aligned, labelOf, format, colourKeys) {
    const figure = document.getElementById(id);
    const canvas = figure.querySelector("canvas");
    if (charts[id]) {
      charts[id].destroy();
      delete charts[id];
    }
    const points = aligned.sets.reduce(
        (n, set) => n + set.values.filter((v) => v !== null).length, 0);
    figure.dataset.series = String(aligned.sets.length);
    figure.dataset.points = String(points);
    figure.querySelector(".empty").hidden = points > 0;
    canvas.hidden = points === 0;
    if (points === 0) {
      return 0;
    }
    const datasets = aligned.sets.map((set) => {
      const colour = PALETTE[colourKeys.indexOf(set.key) % PALETTE.length];
      return {
        label: set.key, data: set.values, borderColor: colour,
        backgroundColor: type === "bar" ? colour + "cc" : colour,
        borderWidth: 2, pointRadius: aligned.xs.length > 48 ? 1.5 : 3, spanGaps: false
      };
    });
    charts[id] = new Chart(canvas, {
      type: type,
      data: {labels: aligned.xs.map(labelOf), datasets: datasets},
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: {mode: "index", intersect: false},
        scales: {
          x: {ticks: {maxRotation: 0, autoSkipPadding: 16}},
          y: {beginAtZero: true, ticks: {callback: (v) => format(v)}}
        },
        plugins: {
          legend: {position: "bottom"},
          tooltip: {callbacks: {label: (c) => c.dataset.label + ": " + format(c.parsed.y)}}
        }
      }
    });
    return points;
  }

  function seconds(v) {
    return v === null ? "-" : Math.round(v * 10) / 10 + " s";
  }

  function percent(v) {
    return v === null ? "-" : Math.round(v * 1000) / 10 + " %";
  }

  function count(v) {
    return v === null ? "-" : String(v);
  }

  /** Draws every chart from the data last fetched, filtered by the skill and queue pickers. */
  function drawAll() {
    const skill = form.elements.skill.value;
    const queue = form.elements.queue.value;
    const aht = data ? data.aht.filter((p) => !skill || p.skill === skill) : [];
    const daily = data ? data.daily.filter((r) => !queue || r.queue_id === queue) : [];
    // Colours follow the series' names among all of the data, so a filter keeps them.
    const skills = data ? [...new Set(data.aht.map((p) => p.skill))].sort() : [];
    const queueOf = (r) => r.queue_id + " · " + r.media_type;
    const queues = data ? [...new Set(data.daily.map(queueOf))].sort() : [];
    const interval = data ? data.interval : "1h";
    const byDay = (key) =>
      series(daily, data ? data.days : [], (r) => r.report_date, queueOf, (r) => r[key]);
    const day = (d) => d;

    const drawn =
        draw("aht-chart", "line",
            series(aht, data ? data.ahtBuckets : [], (p) => p.timestamp, (p) => p.skill,
                (p) => p.avg_handle_time),
            (t) => bucketLabel(t, interval), seconds, skills)
        + draw("volume-chart", "bar", byDay("interaction_volume"), day, count, queues)
        + draw("service-level-chart", "line", byDay("service_level"), day, percent, queues)
        + draw("abandon-rate-chart", "line", byDay("abandon_rate"), day, percent, queues);
    if (!data) {
      return;
    }
    if (drawn === 0) {
      setState("empty", "No data between " + form.elements.start_date.value + " and "
          + form.elements.end_date.value + ".");
    } else {
      setState("ready", aht.length + " AHT points, " + daily.length + " daily KPI rows.");
    }
  }

  if (typeof Chart === "undefined") {
    setState("error", "The chart library did not load (/assets/chart.umd.js).");
    return;
  }
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  const initial = initialFilters();
  for (const name of ["start_date", "end_date", "interval"]) {
    form.elements[name].value = initial[name];
  }
  pending.skill = initial.skill;
  pending.queue = initial.queue;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  for (const name of ["start_date", "end_date", "interval"]) {
    form.elements[name].addEventListener("change", load);
  }
  for (const name of ["skill", "queue"]) {
    form.elements[name].addEventListener("change", () => {
      writeAddress(readForm());
      drawAll();
    });
  }
  load();
})();
