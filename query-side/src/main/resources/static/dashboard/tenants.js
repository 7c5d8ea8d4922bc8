// The tenant list (a member's own tenants; a platform admin's: all of them, with statistics and the tenants near
// their limits). Filters live in the address (#/?plan=…&status=…&name=…&page=…), so Back works.
import {get} from './api.js';
import {h, replace, section, state, table} from './dom.js';
import {formatCount, formatMetric, formatPercent, formatTime, metricName, STATUS_NAMES, titleCase} from './format.js';

const PLANS = ['FREE', 'STARTER', 'PROFESSIONAL', 'ENTERPRISE'];
const STATUSES = ['ACTIVE', 'SUSPENDED', 'ARCHIVED'];
const PAGE_SIZE = 25;

export async function renderTenants(main, {params, admin, signal}) {
    const filters = {
        plan: PLANS.includes(params.get('plan')) ? params.get('plan') : '',
        status: STATUSES.includes(params.get('status')) ? params.get('status') : '',
        name: (params.get('name') ?? '').slice(0, 120),
        page: Math.max(0, Number.parseInt(params.get('page') ?? '0', 10) || 0),
    };
    const list = h('div', {id: 'tenant-list'}, state('loading', 'Loading tenants…'));
    const adminSlot = admin ? h('div', {id: 'platform'}, state('loading', 'Loading platform statistics…')) : null;
    replace(main,
        h('h1', {}, admin ? 'All tenants' : 'Your tenants'),
        adminSlot,
        section('tenants', admin ? 'Tenants' : 'Tenants you belong to', filterForm(filters), list));
    const loads = [loadList(list, filters, admin, signal)];
    if (admin) {
        loads.push(loadStatistics(adminSlot, signal));
    }
    await Promise.all(loads);
}

function filterForm(filters) {
    const name = h('input', {id: 'filter-name', name: 'name', type: 'search', value: filters.name, maxlength: 120});
    const plan = select('filter-plan', 'plan', ['', ...PLANS], filters.plan, 'Any plan');
    const status = select('filter-status', 'status', ['', ...STATUSES], filters.status, 'Any status');
    const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter tenants'},
        h('div', {class: 'field'}, h('label', {for: 'filter-name'}, 'Name or slug'), name),
        h('div', {class: 'field'}, h('label', {for: 'filter-plan'}, 'Plan'), plan),
        h('div', {class: 'field'}, h('label', {for: 'filter-status'}, 'Status'), status),
        h('button', {type: 'submit', class: 'button'}, 'Apply filters'));
    form.addEventListener('submit', event => {
        event.preventDefault();
        location.hash = `#/?${query({plan: plan.value, status: status.value, name: name.value.trim(), page: 0})}`;
    });
    return form;
}

function select(id, name, values, selected, anyLabel) {
    return h('select', {id, name}, values.map(value =>
        h('option', {value, selected: value === selected}, value === '' ? anyLabel : titleCase(value))));
}

function query(filters) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) {
        if (value !== '' && !(key === 'page' && value === 0)) {
            params.set(key, value);
        }
    }
    return params.toString();
}

async function loadList(slot, filters, admin, signal) {
    const params = new URLSearchParams({page: filters.page, size: PAGE_SIZE});
    ['plan', 'status', 'name'].filter(k => filters[k]).forEach(k => params.set(k, filters[k]));
    try {
        const answer = await get(`/api/v1/tenants?${params}`, {signal});
        const filtered = filters.plan || filters.status || filters.name;
        const empty = filtered ? 'No tenant matches these filters.'
            : admin ? 'There are no tenants yet.'
                : 'You are not a member of any tenant yet. Create one with the command API (POST /api/v1/tenants) or ask an owner to add you.';
        replace(slot,
            table('Tenants', [
                {label: 'Name', cell: t => h('a', {href: `#/tenants/${t.tenantId}`}, t.name)},
                {label: 'Slug', breakable: true, cell: t => t.slug},
                {label: 'Plan', cell: t => titleCase(t.plan)},
                {label: 'Status', cell: t => h('span', {class: `badge badge--${t.status}`}, titleCase(t.status))},
                {label: 'Updated', cell: t => formatTime(t.updatedAt)},
            ], answer.tenants, {empty}),
            pager(filters, answer.tenants.length));
    } catch (e) {
        if (e.name !== 'AbortError') {
            replace(slot, state('error', `The tenants could not be loaded: ${e.message}`));
        }
    }
}

function pager(filters, shown) {
    if (filters.page === 0 && shown < PAGE_SIZE) {
        return null;
    }
    const to = page => `#/?${query({...filters, page})}`;
    return h('nav', {class: 'pager', 'aria-label': 'Pages'},
        filters.page > 0 ? h('a', {class: 'button', href: to(filters.page - 1)}, 'Previous page') : null,
        h('span', {}, `Page ${formatCount(filters.page + 1)}`),
        shown === PAGE_SIZE ? h('a', {class: 'button', href: to(filters.page + 1)}, 'Next page') : null);
}

async function loadStatistics(slot, signal) {
    try {
        const stats = await get('/api/v1/admin/statistics', {signal});
        replace(slot,
            section('statistics', 'Platform statistics',
                h('dl', {class: 'cards'},
                    card('Tenants', formatCount(stats.tenants)),
                    Object.entries(stats.usageTotals ?? {}).map(([metric, total]) =>
                        card(`${metricName(metric)} in use`, formatMetric(metric, total)))),
                byPlanAndStatus(stats.tenantsByPlanAndStatus ?? {})),
            section('near-limit', 'Tenants near their limits',
                table('Tenants at 80 % or more of a limit', [
                    {label: 'Tenant', cell: n => h('a', {href: `#/tenants/${n.tenantId}`}, n.name)},
                    {label: 'Metric', cell: n => metricName(n.usage.metric)},
                    {label: 'Used', numeric: true, cell: n => `${formatMetric(n.usage.metric, n.usage.used)} of ${formatMetric(n.usage.metric, n.usage.limit)}`},
                    {label: 'Share', numeric: true, cell: n => formatPercent(n.usage.percent)},
                    {label: 'Status', cell: n => h('span', {class: `badge badge--${n.usage.status}`}, STATUS_NAMES[n.usage.status])},
                ], stats.nearLimit ?? [], {empty: 'No tenant is at 80 % of a limit.'})));
    } catch (e) {
        if (e.name !== 'AbortError') {
            replace(slot, state('error', `The platform statistics could not be loaded: ${e.message}`));
        }
    }
}

function card(label, value) {
    return h('div', {class: 'card'}, h('dt', {}, label), h('dd', {}, value));
}

function byPlanAndStatus(counts) {
    const rows = Object.entries(counts).map(([plan, statuses]) => ({plan, statuses}));
    return table('Tenants by plan and status', [
        {label: 'Plan', cell: r => titleCase(r.plan)},
        ...STATUSES.map(status => ({label: titleCase(status), numeric: true, cell: r => formatCount(r.statuses[status] ?? 0)})),
    ], rows, {empty: 'No tenants yet.'});
}
