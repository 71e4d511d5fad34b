// Denial analytics charts: data from the page's JSON block (CSP forbids inline scripts).
(function () {
    const block = document.getElementById('denial-chart-data');
    if (!block || typeof Chart === 'undefined') return;
    const data = JSON.parse(block.textContent);
    const line = (id, series, suffix) => {
        const canvas = document.getElementById(id);
        if (!canvas) return;
        new Chart(canvas, {
            type: 'line',
            data: { labels: data.months, datasets: series.map(s => ({ label: s.label, data: s.data, tension: 0.2 })) },
            options: { responsive: true, scales: { y: { beginAtZero: true, ticks: { callback: v => v + (suffix || '') } } } }
        });
    };
    const bars = (id, series) => {
        const canvas = document.getElementById(id);
        if (!canvas) return;
        new Chart(canvas, {
            type: 'bar',
            data: { labels: data.months, datasets: series.map(s => ({ label: s.label, data: s.data })) },
            options: { responsive: true, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
        });
    };
    line('chart-rate', data.rate, ' %');
    bars('chart-carc', data.carc);
    bars('chart-category', data.category);
})();
