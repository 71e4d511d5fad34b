// KPI dashboard charts (Chart.js, served from /lib). The data comes from the page's JSON block (the CSP forbids inline
// scripts); clicking a point or a bar opens the claims behind it.
(function () {
  const block = document.getElementById("kpi-data");
  if (!block || typeof Chart === "undefined") return;
  const data = JSON.parse(block.textContent || "{}");
  const palette = ["#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];
  const open = links => (event, elements) => {
    if (!elements.length) return;
    const e = elements[0];
    const url = links(e.datasetIndex, e.index);
    if (url) window.location.href = url;
  };

  function line(id, series, unit) {
    const canvas = document.getElementById(id);
    if (!canvas || !series) return;
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.months,
        datasets: series.map((s, i) => ({ label: s.name, data: s.values, borderColor: palette[i], backgroundColor: palette[i], spanGaps: true, tension: 0.2 })),
      },
      options: {
        responsive: true,
        animation: false,
        onClick: open((d, i) => series[d].links[i]),
        scales: { y: { beginAtZero: true, title: { display: true, text: unit } } },
      },
    });
  }

  line("chart-rates", data.rates, "%");
  line("chart-days", data.days, "days");

  const aging = document.getElementById("chart-aging");
  if (aging && data.aging) {
    const payers = data.aging.payers;
    new Chart(aging, {
      type: "bar",
      data: {
        labels: payers.map(p => p.name),
        datasets: data.aging.buckets.map((b, i) => ({ label: b + " days", data: payers.map(p => p.dollars[i]), backgroundColor: palette[i] })),
      },
      options: {
        responsive: true,
        animation: false,
        indexAxis: "y",
        onClick: open((d, i) => payers[i].links[d]),
        scales: { x: { stacked: true, title: { display: true, text: "$" } }, y: { stacked: true } },
      },
    });
  }
})();
