// The query API, called with the signed-in user's token. Errors become ApiError with the problem document's
// detail (RFC 9457), so views can say what went wrong instead of failing silently.
import {token} from './session.js';

export class ApiError extends Error {
    constructor(status, problem) {
        super(problem?.detail || problem?.title || `The server answered ${status}.`);
        this.status = status;
        this.type = problem?.type ?? null;
        this.problem = problem;
    }
}

const listeners = new Set();

/** Called with every 401: the token was refused (expired, revoked, wrong issuer or audience). */
export function onUnauthorized(listener) {
    listeners.add(listener);
}

export async function get(path, {signal, jwt = token()} = {}) {
    let response;
    try {
        response = await fetch(path, {
            headers: {Accept: 'application/json', ...(jwt ? {Authorization: `Bearer ${jwt}`} : {})},
            signal,
        });
    } catch (e) {
        if (e.name === 'AbortError') {
            throw e;
        }
        throw new ApiError(0, {detail: 'The query service cannot be reached. Is it running?'});
    }
    return answer(response, jwt);
}

export async function post(path, body) {
    let response;
    try {
        response = await fetch(path, {
            method: 'POST',
            headers: {Accept: 'application/json', 'Content-Type': 'application/json'},
            body: JSON.stringify(body),
        });
    } catch {
        throw new ApiError(0, {detail: 'The query service cannot be reached. Is it running?'});
    }
    return answer(response, null);
}

async function answer(response, jwt) {
    const text = await response.text();
    let body = null;
    if (text) {
        try {
            body = JSON.parse(text);
        } catch {
            body = {detail: text.slice(0, 200)};
        }
    }
    if (!response.ok) {
        if (response.status === 401 && jwt) {
            listeners.forEach(listener => listener());
        }
        throw new ApiError(response.status, body);
    }
    return body;
}

export const tenantPath = id => `/api/v1/tenants/${encodeURIComponent(id)}`;
