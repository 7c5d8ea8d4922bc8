// Hourly usage history of one metric over a selectable range, drawn by chart.js (vendored from npm at build time).
// Hours without changes carry the value of the hour before; a data table beside the chart lists the hours that
// had changes, for people who cannot see the chart.
import {get, tenantPath} from './api.js';
import {h, replace, state, table} from './dom.js';
import {formatCount, formatHour, formatMetric, metricName} from './format.js';

const HOUR = 3_600_000;
export const RANGES = [
    {hours: 24, label: 'last 24 hours'},
    {hours: 24 * 7, label: 'last 7 days'},
    {hours: 24 * 30, label: 'last 30 days'},
    {hours: 24 * 90, label: 'last 90 days'},
];

export function historyChart(tenantId) {
    const metric = h('select', {id: 'history-metric', name: 'metric'},
        ['EVENTS', 'PARTICIPANTS', 'STORAGE_BYTES'].map(m => h('option', {value: m}, metricName(m))));
    const range = h('select', {id: 'history-range', name: 'range'},
        RANGES.map((r, i) => h('option', {value: i}, r.label.replace(/^./, c => c.toUpperCase()))));
    const canvas = h('canvas', {id: 'history-canvas', role: 'img', 'aria-label': 'Usage history chart'});
    const chartBox = h('div', {class: 'chart'}, canvas);
    const message = h('div', {class: 'chart__message'});
    const data = h('div', {class: 'chart__data'});
    const element = h('div', {},
        h('div', {class: 'filters'},
            h('div', {class: 'field'}, h('label', {for: 'history-metric'}, 'Metric'), metric),
            h('div', {class: 'field'}, h('label', {for: 'history-range'}, 'Range'), range)),
        message, chartBox, data);
    let chart = null;
    let limits = {};
    let usedNow = {};

    async function refresh() {
        const chosen = metric.value;
        const span = RANGES[Number(range.value)];
        const to = Math.ceil(Date.now() / HOUR) * HOUR;
        const from = to - span.hours * HOUR;
        let answer;
        try {
            answer = await get(`${tenantPath(tenantId)}/usage/history?metric=${chosen}`
                + `&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`);
        } catch (e) {
            replace(message, state('error', `The usage history could not be loaded: ${e.message}`));
            return;
        }
        if (chosen !== metric.value || span !== RANGES[Number(range.value)]) {
            return; // the choice changed while loading; its own refresh draws it
        }
        const points = series(answer.buckets, from, to, usedNow[chosen] ?? 0);
        const limit = limits[chosen];
        replace(message, answer.buckets.length === 0 ? state('empty', `No changes of ${metricName(chosen)} in the ${span.label}.`) : null);
        canvas.setAttribute('aria-label', `${metricName(chosen)} per hour over the ${span.label}: now `
            + `${formatMetric(chosen, points.closing.at(-1))}, highest ${formatMetric(chosen, Math.max(...points.peak))}`
            + (limit === undefined ? '' : `, limit ${formatMetric(chosen, limit)}`));
        draw(chosen, points, limit);
        replace(data, h('details', {},
            h('summary', {}, 'Hours with changes, as a table'),
            table(`${metricName(chosen)} per hour`, [
                {label: 'Hour', cell: b => formatHour(b.hour)},
                {label: 'Added', numeric: true, cell: b => formatMetric(chosen, b.increments)},
                {label: 'Removed', numeric: true, cell: b => formatMetric(chosen, b.decrements)},
                {label: 'Changes', numeric: true, cell: b => formatCount(b.changes)},
                {label: 'Peak', numeric: true, cell: b => formatMetric(chosen, b.peak)},
                {label: 'At the end', numeric: true, cell: b => formatMetric(chosen, b.closing)},
            ], answer.buckets.slice().reverse(), {empty: 'No changes in this range.'})));
    }

    function draw(chosen, points, limit) {
        if (typeof window.Chart !== 'function') {
            replace(chartBox, state('error', 'The chart library did not load; the table below has the same data.'));
            return;
        }
        const datasets = [
            {label: 'Used at the end of the hour', data: points.closing, borderColor: '#0969da',
                backgroundColor: 'rgba(9, 105, 218, 0.12)', fill: true, stepped: true, pointRadius: 0, borderWidth: 2},
            {label: 'Peak within the hour', data: points.peak, borderColor: '#8250df', borderDash: [5, 3],
                pointRadius: 0, borderWidth: 1.5},
        ];
        if (limit !== undefined) {
            datasets.push({label: 'Limit now', data: points.closing.map(() => limit), borderColor: '#cf222e',
                borderDash: [2, 3], pointRadius: 0, borderWidth: 1.5});
        }
        const format = value => formatMetric(chosen, value);
        if (chart === null) {
            chart = new window.Chart(canvas, {
                type: 'line',
                data: {labels: points.labels, datasets},
                options: {
                    animation: false, responsive: true, maintainAspectRatio: false,
                    interaction: {mode: 'index', intersect: false},
                    scales: {
                        x: {ticks: {autoSkip: true, maxTicksLimit: 8, maxRotation: 0}},
                        y: {beginAtZero: true, ticks: {precision: 0, callback: format}},
                    },
                    plugins: {tooltip: {callbacks: {label: c => `${c.dataset.label}: ${format(c.parsed.y)}`}}},
                },
            });
        } else {
            chart.data.labels = points.labels;
            chart.data.datasets = datasets;
            chart.options.scales.y.ticks.callback = format;
            chart.options.plugins.tooltip.callbacks.label = c => `${c.dataset.label}: ${format(c.parsed.y)}`;
            chart.update('none');
        }
    }

    metric.addEventListener('change', refresh);
    range.addEventListener('change', refresh);
    return {
        element,
        refresh,
        /** The limits and current values from the usage answer: the limit line, and the value of quiet ranges. */
        setUsage(usage) {
            limits = Object.fromEntries(usage.metrics.map(m => [m.metric, m.limit]));
            usedNow = Object.fromEntries(usage.metrics.map(m => [m.metric, m.used]));
        },
        destroy() {
            chart?.destroy();
        },
    };
}

/** Hour by hour from `from` to `to`: the value at the end of each hour and the peak within it. */
function series(buckets, from, to, usedNow) {
    const byHour = new Map(buckets.map(b => [Date.parse(b.hour), b]));
    const first = buckets[0];
    let value = first ? Math.max(0, first.closing - first.increments + first.decrements) : usedNow;
    const labels = [];
    const closing = [];
    const peak = [];
    for (let hour = from; hour < to; hour += HOUR) {
        const bucket = byHour.get(hour);
        labels.push(formatHour(hour));
        if (bucket) {
            closing.push(bucket.closing);
            peak.push(bucket.peak);
            value = bucket.closing;
        } else {
            closing.push(value);
            peak.push(value);
        }
    }
    return {labels, closing, peak};
}
