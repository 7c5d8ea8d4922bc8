// A month's billing statement, computed by the service from the event store (OWNERs, ADMINs and platform admins),
// with its fingerprint: the same events always give the same statement and the same fingerprint.
import {ApiError, get, tenantPath} from './api.js';
import {h, replace, state, table} from './dom.js';
import {formatCount, formatMetric, formatTime, metricName, titleCase} from './format.js';

const UNIT_HOURS = {bytes: 'byte-hours', seats: 'seat-hours', count: 'unit-hours'};

export function billingPanel(tenantId) {
    const now = new Date();
    const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const period = h('input', {id: 'billing-period', name: 'period', type: 'month', value: month, required: true,
        'aria-describedby': 'billing-help'});
    const result = h('div', {id: 'billing-result', 'aria-live': 'polite'});
    const form = h('form', {class: 'filters'},
        h('div', {class: 'field'}, h('label', {for: 'billing-period'}, 'Month (UTC)'), period),
        h('button', {type: 'submit', class: 'button'}, 'Show statement'));
    form.addEventListener('submit', async event => {
        event.preventDefault();
        if (!/^\d{4}-\d{2}$/.test(period.value)) {
            replace(result, state('error', 'Choose a month.'));
            return;
        }
        replace(result, state('loading', 'Computing the statement from the event store…'));
        try {
            const statement = await get(`${tenantPath(tenantId)}/billing/statement?period=${period.value}`);
            replace(result, render(statement));
        } catch (e) {
            replace(result, state('error', e instanceof ApiError && e.status === 403
                ? 'Billing statements are for the tenant\'s owners and admins.'
                : `The statement could not be computed: ${e.message}`));
        }
    });
    return h('div', {},
        h('p', {id: 'billing-help', class: 'hint'},
            'Replayed from the immutable event history; a closed month\'s statement never changes.'),
        form, result);
}

function render(s) {
    return h('div', {class: 'statement'},
        h('dl', {class: 'facts'},
            h('dt', {}, 'Period'), h('dd', {}, `${formatTime(s.from)} – ${formatTime(s.to)}`),
            h('dt', {}, 'Events in the period'), h('dd', {}, formatCount(s.events?.count ?? 0)),
            h('dt', {}, 'Fingerprint'), h('dd', {}, h('code', {class: 'fingerprint', id: 'billing-fingerprint'}, s.fingerprint))),
        h('h3', {}, 'Plans in force'),
        table('Plans in force during the period', [
            {label: 'Plan', cell: p => titleCase(p.plan)},
            {label: 'From', cell: p => formatTime(p.effectiveFrom)},
            {label: 'To', cell: p => p.effectiveTo ? formatTime(p.effectiveTo) : 'end of period'},
            {label: 'Changed by', cell: p => p.changedBy ?? '–'},
        ], s.plans ?? [], {empty: 'The tenant had no plan in this period.'}),
        h('h3', {}, 'Usage'),
        table('Usage per metric in the period', [
            {label: 'Metric', cell: m => metricName(m.metric)},
            {label: 'Opening', numeric: true, cell: m => formatMetric(m.metric, m.opening)},
            {label: 'Closing', numeric: true, cell: m => formatMetric(m.metric, m.closing)},
            {label: 'Peak', numeric: true, cell: m => formatMetric(m.metric, m.peak)},
            {label: 'Average', numeric: true, cell: m => m.timeWeightedAverage},
            {label: 'Unit-hours', numeric: true, cell: m => `${m.unitHours} ${UNIT_HOURS[m.unit] ?? 'unit-hours'}`},
            {label: 'Over limit', cell: m => (m.overLimit?.length ?? 0) === 0 ? 'never' : `${m.overLimit.length} interval(s)`},
        ], s.metrics ?? [], {empty: 'No usage in this period.'}));
}
