// The dashboard: a hash router over three views (sign-in, tenant list, one tenant). Every view shows a loading,
// empty or error state of its own; anything unexpected ends in a visible message, never a blank page.
import {onUnauthorized} from './api.js';
import {h, replace, state} from './dom.js';
import {renderSignIn} from './signin.js';
import {renderTenant} from './tenant.js';
import {renderTenants} from './tenants.js';
import {claims, expired, signOut, token} from './session.js';

const main = document.getElementById('main');
const account = document.getElementById('account');
const TENANT_ROUTE = /^#\/tenants\/([0-9a-fA-F-]{36})$/;
let current = null;
let signInMessage = null;

function route() {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    document.title = 'HackOps dashboard';
    if (!token() || expired()) {
        const message = signInMessage ?? (token() ? 'Your token has expired. Sign in again.' : null);
        signInMessage = null;
        signOut();
        showAccount(null);
        return renderSignIn(main, {message, onSignedIn: () => navigate('#/')});
    }
    const who = claims();
    showAccount(who);
    const [path, search] = (location.hash || '#/').split('?');
    const tenant = TENANT_ROUTE.exec(path);
    if (tenant) {
        return renderTenant(main, {tenantId: tenant[1].toLowerCase(), signal: controller.signal});
    }
    if (path === '#/' || path === '#' || path === '') {
        return renderTenants(main, {params: new URLSearchParams(search ?? ''), admin: who?.platformAdmin === true,
            signal: controller.signal});
    }
    replace(main, h('h1', {}, 'Page not found'), state('error', 'There is no such page in the dashboard.'),
        h('p', {}, h('a', {href: '#/'}, 'Go to the tenant list')));
}

function navigate(hash) {
    if (location.hash === hash) {
        show();
    } else {
        location.hash = hash;
    }
}

function showAccount(who) {
    if (!who) {
        replace(account);
        return;
    }
    const signOutButton = h('button', {type: 'button', class: 'button button--quiet'}, 'Sign out');
    signOutButton.addEventListener('click', () => {
        signOut();
        navigate('#/');
    });
    replace(account,
        h('span', {class: 'account__who'}, 'Signed in as ', h('strong', {id: 'signed-in-user'}, who.userId),
            who.platformAdmin ? h('span', {class: 'badge badge--admin'}, 'Platform admin') : null),
        signOutButton);
}

function show() {
    Promise.resolve().then(route).catch(failure);
}

function failure(error) {
    console.error(error);
    replace(main, h('h1', {}, 'Something went wrong'),
        state('error', `The dashboard hit an unexpected error: ${error?.message ?? error}. Reload the page to try again.`));
}

onUnauthorized(() => {
    signInMessage = 'The service no longer accepts your token (it may have expired). Sign in again.';
    signOut();
    navigate('#/');
});
window.addEventListener('hashchange', () => {
    show();
    main.focus({preventScroll: true});
});
window.addEventListener('unhandledrejection', event => {
    if (event.reason?.name !== 'AbortError') {
        failure(event.reason);
    }
});
show();
