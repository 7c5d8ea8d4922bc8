// One tenant: profile, usage bars, history chart, alerts, members, plan history and billing, kept current by the
// live stream: each usage message redraws the bars at once, then the other panels reload.
import {ApiError, get, tenantPath} from './api.js';
import {billingPanel} from './billing.js';
import {h, replace, section, state, table} from './dom.js';
import {formatCount, formatMetric, formatTime, metricName, titleCase} from './format.js';
import {historyChart} from './history-chart.js';
import {connectLive} from './live.js';
import {renderUsageBars} from './usage-bars.js';

const ALERTS = {
    THRESHOLD_80: 'reached 80 % of its limit',
    THRESHOLD_100: 'reached its limit',
    OVER_LIMIT_ENTERED: 'went over its limit',
    OVER_LIMIT_CLEARED: 'is back within its limit',
};
const LIVE_STATES = {
    connecting: () => 'Connecting to live updates…',
    live: () => 'Live: usage updates as it happens.',
    stopped: seconds => `Live updates interrupted; trying again in ${seconds} s.`,
};

export async function renderTenant(main, {tenantId, signal}) {
    const heading = h('h1', {id: 'tenant-name'}, 'Tenant');
    const live = h('p', {id: 'live-status', class: 'live', role: 'status', 'aria-live': 'polite', dataset: {state: 'connecting'}},
        LIVE_STATES.connecting());
    const profile = h('div', {}, state('loading', 'Loading the profile…'));
    const bars = h('div', {id: 'usage-bars'}, state('loading', 'Loading usage…'));
    const chart = historyChart(tenantId);
    const alerts = h('div', {}, state('loading', 'Loading alerts…'));
    const members = h('div', {}, state('loading', 'Loading members…'));
    const plans = h('div', {}, state('loading', 'Loading the plan history…'));
    replace(main,
        h('p', {class: 'crumbs'}, h('a', {href: '#/'}, '← All tenants')),
        heading, live,
        h('div', {class: 'grid'},
            section('profile', 'Profile', profile),
            section('usage', 'Usage against the plan\'s limits', bars)),
        section('history', 'Usage history', chart.element),
        h('div', {class: 'grid'},
            section('members', 'Members and roles', members),
            section('alerts', 'Recent alerts', alerts)),
        section('plans', 'Plan history', plans),
        section('billing', 'Billing statement', billingPanel(tenantId)));

    const base = tenantPath(tenantId);
    const failed = (slot, what) => e => replace(slot, state('error', `${what} could not be loaded: ${e.message}`));

    async function loadProfile() {
        try {
            const tenant = await get(base);
            replace(heading, tenant.name);
            if (!signal.aborted) {
                document.title = `${tenant.name} · HackOps dashboard`;
            }
            replace(profile, profileFacts(tenant));
        } catch (e) {
            if (e instanceof ApiError && e.status === 404) {
                replace(signal.aborted ? h('div') : main, h('h1', {}, 'Tenant not found'),
                    state('error', 'There is no such tenant, or you are not one of its members.'),
                    h('p', {}, h('a', {href: '#/'}, 'Back to your tenants')));
                throw e;
            }
            failed(profile, 'The profile')(e);
        }
    }
    const loadUsage = () => get(`${base}/usage`).then(showUsage, failed(bars, 'The usage'));
    const loadAlerts = () => get(`${base}/usage/alerts`).then(a => replace(alerts, alertList(a.alerts)), failed(alerts, 'The alerts'));
    const loadMembers = () => get(`${base}/members`).then(m => replace(members, memberTable(m.members)), failed(members, 'The members'));
    const loadPlans = () => get(`${base}/plans`).then(p => replace(plans, planTable(p.plans)), failed(plans, 'The plan history'));

    function showUsage(usage) {
        renderUsageBars(bars, usage);
        chart.setUsage(usage);
    }

    let pending = null;
    let running = false;
    let again = false;
    /** After a live message: reload everything else once, soon; messages arriving meanwhile cause one more reload. */
    function reloadSoon() {
        if (running) {
            again = true;
        } else if (pending === null) {
            pending = setTimeout(async () => {
                pending = null;
                running = true;
                await Promise.allSettled([loadProfile(), chart.refresh(), loadAlerts(), loadMembers(), loadPlans()]);
                running = false;
                if (again) {
                    again = false;
                    reloadSoon();
                }
            }, 50);
        }
    }

    try {
        await loadProfile();
    } catch {
        return;
    }
    await loadUsage();
    if (signal.aborted) {
        return;
    }
    const stop = connectLive(tenantId, {
        onUsage: usage => {
            showUsage(usage);
            reloadSoon();
        },
        onState: (name, detail) => {
            live.dataset.state = name;
            replace(live, LIVE_STATES[name](detail));
        },
    });
    signal.addEventListener('abort', () => {
        stop();
        clearTimeout(pending);
        chart.destroy();
    });
    await Promise.allSettled([chart.refresh(), loadAlerts(), loadMembers(), loadPlans()]);
}

function profileFacts(t) {
    return h('dl', {class: 'facts'},
        h('dt', {}, 'Slug'), h('dd', {}, t.slug),
        h('dt', {}, 'Status'), h('dd', {}, h('span', {class: `badge badge--${t.status}`, id: 'tenant-status'}, titleCase(t.status))),
        h('dt', {}, 'Plan'), h('dd', {id: 'tenant-plan'}, titleCase(t.plan)),
        h('dt', {}, 'Features'), h('dd', {},
            t.features.length === 0 ? 'None beyond the basics'
                : h('ul', {class: 'chips'}, t.features.map(f => h('li', {class: 'chip'}, titleCase(f))))),
        h('dt', {}, 'Created'), h('dd', {}, formatTime(t.createdAt)),
        h('dt', {}, 'Last change'), h('dd', {}, `${formatTime(t.updatedAt)} (version ${formatCount(t.version)})`),
        h('dt', {}, 'Tenant id'), h('dd', {}, h('code', {}, t.tenantId)));
}

function alertList(alerts) {
    if (alerts.length === 0) {
        return state('empty', 'No limit has been approached yet.');
    }
    return h('ul', {class: 'alerts'}, alerts.slice(0, 10).map(a => h('li', {class: `alert alert--${a.kind}`},
        h('strong', {}, metricName(a.metric)), ` ${ALERTS[a.kind] ?? titleCase(a.kind)}: `,
        `${formatMetric(a.metric, a.used)} of ${formatMetric(a.metric, a.limit)}`,
        h('span', {class: 'when'}, formatTime(a.occurredAt)))));
}

function memberTable(members) {
    return table('Members', [
        {label: 'User', breakable: true, cell: m => m.userId},
        {label: 'Name', breakable: true, cell: m => m.displayName ?? '–'},
        {label: 'E-mail', breakable: true, cell: m => m.email ?? '–'},
        {label: 'Role', cell: m => h('span', {class: 'role'}, titleCase(m.role))},
        {label: 'Member since', cell: m => formatTime(m.addedAt)},
    ], members, {empty: 'This tenant has no members.'});
}

function planTable(plans) {
    return table('Plan history, newest first', [
        {label: 'When', cell: p => formatTime(p.changedAt)},
        {label: 'Plan', cell: p => p.previousPlan ? `${titleCase(p.previousPlan)} → ${titleCase(p.plan)}` : titleCase(p.plan)},
        {label: 'Limits', cell: p => Object.entries(p.limits).map(([m, v]) => `${metricName(m)} ${formatMetric(m, v)}`).join(', ')},
        {label: 'Features', cell: p => p.features.length === 0 ? 'none' : p.features.map(titleCase).join(', ')},
        {label: 'Over limit', cell: p => p.overLimit.length === 0 ? '–' : p.overLimit.map(metricName).join(', ')},
        {label: 'By', breakable: true, cell: p => p.changedBy},
    ], plans.slice().reverse(), {empty: 'No plan recorded yet.'});
}
