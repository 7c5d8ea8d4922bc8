// One bar per metric: used against the limit, coloured by status (OK, WARNING ≥ 80 %, AT_LIMIT, OVER_LIMIT) and
// always also said in words, for people who do not see the colour.
import {h, replace, state} from './dom.js';
import {formatMetric, formatPercent, metricName, STATUS_NAMES} from './format.js';

export function renderUsageBars(slot, usage) {
    if (!usage.metrics || usage.metrics.length === 0) {
        replace(slot, state('empty', 'No usage has been recorded for this tenant yet.'));
        return;
    }
    replace(slot, h('ul', {class: 'bars'}, usage.metrics.map(bar)));
}

function bar(m) {
    const labelId = `metric-${m.metric}`;
    const words = `${formatMetric(m.metric, m.used)} of ${formatMetric(m.metric, m.limit)}`;
    const fill = h('div', {class: 'bar__fill'});
    fill.style.width = `${Math.min(100, m.limit === 0 ? (m.used > 0 ? 100 : 0) : (m.used * 100) / m.limit)}%`;
    return h('li', {class: `usage usage--${m.status}`, dataset: {metric: m.metric, used: m.used, limit: m.limit, status: m.status}},
        h('div', {class: 'usage__head'},
            h('span', {class: 'usage__name', id: labelId}, metricName(m.metric)),
            h('span', {class: 'usage__value'}, words)),
        h('div', {
            class: 'bar', role: 'meter', 'aria-labelledby': labelId,
            'aria-valuemin': 0, 'aria-valuemax': m.limit, 'aria-valuenow': Math.min(m.used, m.limit),
            'aria-valuetext': `${words} (${formatPercent(m.percent)}), ${STATUS_NAMES[m.status]}`,
        }, fill),
        h('div', {class: 'usage__foot'},
            h('span', {class: `badge badge--${m.status}`}, STATUS_NAMES[m.status] ?? m.status),
            h('span', {class: 'usage__percent'}, formatPercent(m.percent))));
}
