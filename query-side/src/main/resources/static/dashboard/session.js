// The signed-in user's bearer token, kept in this tab's sessionStorage only (gone when the tab closes).
// The claims are decoded for display and navigation only: the query API verifies the token on every request.

const KEY = 'hackops.token';

export function token() {
    return sessionStorage.getItem(KEY);
}

export function signIn(jwt) {
    sessionStorage.setItem(KEY, jwt.trim());
}

export function signOut() {
    sessionStorage.removeItem(KEY);
}

/** {userId, platformAdmin, email, expiresAt} of the current token, or null when there is none or it is unreadable. */
export function claims(jwt = token()) {
    if (!jwt) {
        return null;
    }
    try {
        const part = jwt.split('.')[1].replaceAll('-', '+').replaceAll('_', '/');
        const bytes = Uint8Array.from(atob(part.padEnd(Math.ceil(part.length / 4) * 4, '=')), c => c.charCodeAt(0));
        const payload = JSON.parse(new TextDecoder().decode(bytes));
        return {
            userId: String(payload.sub ?? ''),
            platformAdmin: payload.platform_admin === true,
            email: payload.email ?? null,
            expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
        };
    } catch {
        return null;
    }
}

/** True when the token's own expiry has passed (the server decides; this only spares a doomed request). */
export function expired(jwt = token()) {
    const c = claims(jwt);
    return c?.expiresAt != null && c.expiresAt.getTime() <= Date.now();
}
