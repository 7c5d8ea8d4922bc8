// Sign-in: paste a bearer token, or (where the service enables it, i.e. under infra/run) mint a local one.
import {ApiError, get, post} from './api.js';
import {h, replace, state} from './dom.js';
import {claims, signIn} from './session.js';

export async function renderSignIn(main, {message, onSignedIn}) {
    const tokenError = h('p', {id: 'token-error', class: 'field-error', role: 'alert'});
    const tokenInput = h('textarea', {
        id: 'token', name: 'token', rows: 4, required: true, spellcheck: 'false', autocomplete: 'off',
        'aria-describedby': 'token-help token-error',
    });
    const tokenForm = h('form', {class: 'form', 'aria-labelledby': 'token-heading'},
        h('h2', {id: 'token-heading'}, 'Sign in with a token'),
        h('label', {for: 'token'}, 'Bearer token (JWT)'),
        tokenInput,
        h('p', {id: 'token-help', class: 'hint'}, 'Locally, ', h('code', {}, 'infra/token <userId> [--admin]'),
            ' prints one. The token stays in this browser tab only.'),
        tokenError,
        h('button', {type: 'submit', class: 'button button--primary'}, 'Sign in'));
    tokenForm.addEventListener('submit', async event => {
        event.preventDefault();
        await attempt(tokenInput.value.trim(), tokenError, onSignedIn);
    });

    const devSlot = h('div');
    replace(main,
        h('h1', {}, 'Sign in'),
        message ? state('info', message) : null,
        h('div', {class: 'columns'}, tokenForm, devSlot));
    main.focus();
    if (await devSignInAvailable()) {
        replace(devSlot, devForm(onSignedIn));
    }
}

async function attempt(jwt, errorElement, onSignedIn) {
    errorElement.textContent = '';
    if (!jwt || claims(jwt) === null) {
        errorElement.textContent = 'This is not a JWT (three base64url parts separated by dots).';
        return;
    }
    try {
        await get('/api/v1/tenants?size=1', {jwt});
    } catch (e) {
        errorElement.textContent = e instanceof ApiError && e.status === 401
            ? 'The service refused this token: it is expired, or its signature, issuer or audience is wrong.'
            : `Could not check the token: ${e.message}`;
        return;
    }
    signIn(jwt);
    onSignedIn();
}

async function devSignInAvailable() {
    try {
        const settings = await get('/dashboard/settings', {jwt: null});
        return settings?.devSignIn === true;
    } catch {
        return false;
    }
}

function devForm(onSignedIn) {
    const error = h('p', {id: 'dev-error', class: 'field-error', role: 'alert'});
    const user = h('input', {id: 'dev-user', name: 'userId', type: 'text', required: true, autocomplete: 'username',
        value: 'demo-owner', 'aria-describedby': 'dev-help dev-error'});
    const admin = h('input', {id: 'dev-admin', name: 'platformAdmin', type: 'checkbox'});
    const form = h('form', {class: 'form form--dev', 'aria-labelledby': 'dev-heading'},
        h('h2', {id: 'dev-heading'}, 'Development sign-in'),
        h('p', {id: 'dev-help', class: 'hint'},
            'Only on a local service started by infra/run: mints a token for any user id.'),
        h('label', {for: 'dev-user'}, 'User id'),
        user,
        h('div', {class: 'check'}, admin, h('label', {for: 'dev-admin'}, 'Platform administrator')),
        error,
        h('button', {type: 'submit', class: 'button'}, 'Sign in as this user'));
    form.addEventListener('submit', async event => {
        event.preventDefault();
        error.textContent = '';
        try {
            const signedIn = await post('/dev/sign-in', {userId: user.value.trim(), platformAdmin: admin.checked});
            signIn(signedIn.token);
            onSignedIn();
        } catch (e) {
            error.textContent = e.message;
        }
    });
    return form;
}
