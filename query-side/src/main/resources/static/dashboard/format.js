// How numbers, sizes and times are shown. Counts get thousands separators; storage uses decimal units
// (1 GB = 10^9 bytes, as the plans define it).

const counts = new Intl.NumberFormat('en-US');
const decimals = new Intl.NumberFormat('en-US', {maximumFractionDigits: 2});
const percents = new Intl.NumberFormat('en-US', {maximumFractionDigits: 1});
const times = new Intl.DateTimeFormat('en-US', {dateStyle: 'medium', timeStyle: 'short'});
const hours = new Intl.DateTimeFormat('en-US', {month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'});
const BYTE_UNITS = [['TB', 1e12], ['GB', 1e9], ['MB', 1e6], ['kB', 1e3]];

export const METRIC_NAMES = {
    EVENTS: 'Events',
    PARTICIPANTS: 'Participants',
    STORAGE_BYTES: 'Storage',
    ADMINS: 'Admin seats',
};

export const STATUS_NAMES = {OK: 'OK', WARNING: 'Warning', AT_LIMIT: 'At limit', OVER_LIMIT: 'Over limit'};

export function formatCount(value) {
    return counts.format(value);
}

export function formatBytes(bytes) {
    for (const [unit, factor] of BYTE_UNITS) {
        if (Math.abs(bytes) >= factor) {
            return `${decimals.format(bytes / factor)} ${unit}`;
        }
    }
    return `${counts.format(bytes)} ${Math.abs(bytes) === 1 ? 'byte' : 'bytes'}`;
}

/** A metric's value in its own unit: bytes for storage, a count otherwise. */
export function formatMetric(metric, value) {
    return metric === 'STORAGE_BYTES' ? formatBytes(value) : formatCount(value);
}

export function formatPercent(percent) {
    return percent === null || percent === undefined ? 'no limit' : `${percents.format(percent)} %`;
}

export function formatTime(instant) {
    return instant ? times.format(new Date(instant)) : '–';
}

export function formatHour(instant) {
    return hours.format(new Date(instant));
}

export function metricName(metric) {
    return METRIC_NAMES[metric] ?? metric;
}

export function titleCase(word) {
    return word ? word.charAt(0) + word.slice(1).toLowerCase().replaceAll('_', ' ') : '';
}
