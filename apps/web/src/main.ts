import { ApiError, getJson } from './api-client';
import { type MeAnswer } from './api-types';
import { h } from './dom';
import { filtersFrom } from './filters';
import {
  finishSignIn,
  refreshNow,
  scheduleRefresh,
  signInConfig,
  signOutEverywhere,
  startSignIn,
} from './oidc';
import { currentToken, providerSession, signIn, signOut } from './session';
import { approvalsView } from './views/approvals.view';
import { catalogueView } from './views/catalogue.view';
import { changeRequestView } from './views/change-request.view';
import { deploymentsView } from './views/deployments.view';
import { operationsView } from './views/operations.view';
import { overviewView } from './views/overview.view';

/**
 * The built-in dashboard page: sign in through the company's identity provider (OIDC, where the
 * API names one) or with a token (an API token or an OIDC access token), then views routed by the location's hash. Every number comes from the
 * public API with that token, so the page shows only what the role may read.
 */
const NAV = [
  { route: 'overview', label: 'Overview' },
  { route: 'approvals', label: 'Approvals' },
  { route: 'deployments', label: 'Deployments' },
  { route: 'catalogue', label: 'Standard changes' },
  { route: 'operations', label: 'Operations' },
] as const;

const main = document.getElementById('main')!;
const status = document.getElementById('status')!;
const account = document.getElementById('account')!;
const nav = document.getElementById('nav')!;
let me: MeAnswer | null = null;
/**
 * Renders overlap: a view still loading when the hash changes must not paint over the view that
 * replaced it. Each render takes a number; only the latest one writes to the page.
 */
let latestRender = 0;

function announce(message: string): void {
  status.textContent = message;
}

async function render(minPosition?: string): Promise<void> {
  const renderNumber = ++latestRender;
  const superseded = () => renderNumber !== latestRender;
  if (!currentToken()) return showSignIn();
  try {
    me ??= await getJson<MeAnswer>('/api/v1/me');
    if (superseded()) return;
  } catch (error) {
    if (superseded()) return;
    // An access token that expired while the tab slept: one refresh, then the sign-in.
    if (error instanceof ApiError && error.status === 401 && (await refreshNow())) return render();
    signOut();
    me = null;
    return showSignIn(
      error instanceof ApiError && error.status === 401
        ? 'That token was not accepted. Check it and sign in again.'
        : `The API did not answer: ${String(error)}`,
    );
  }
  const [path = '', query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [route = 'overview', ...rest] = path.split('/');
  const filters = filtersFrom(new URLSearchParams(query), new Date());
  showChrome(me, route);
  const title =
    route === 'changes'
      ? decodeURIComponent(rest.join('/'))
      : (NAV.find((item) => item.route === route)?.label ?? 'Overview');
  const heading = h('h1', { tabindex: -1 }, title);
  main.replaceChildren(heading, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  document.title = `${title} · Change Ledger`;
  try {
    const content =
      route === 'approvals'
        ? await approvalsView(me, {
            minPosition,
            announce,
            rerender: (position) => void render(position),
          })
        : route === 'deployments'
          ? await deploymentsView(filters)
          : route === 'catalogue'
            ? await catalogueView()
            : route === 'operations'
              ? await operationsView()
              : route === 'changes'
                ? await changeRequestView(title, me, {
                    heading,
                    announce,
                    rerender: (position) => void render(position),
                  })
                : await overviewView(filters);
    if (superseded()) return;
    main.replaceChildren(heading, ...content);
  } catch (error) {
    if (superseded()) return;
    main.replaceChildren(
      heading,
      h(
        'p',
        { class: 'error', role: 'alert' },
        error instanceof ApiError ? `${error.title}: ${error.detail}` : String(error),
      ),
    );
  }
  // Keyboard and screen-reader users land on the new view's heading.
  if (!minPosition) heading.focus();
}

function showChrome(who: MeAnswer, route: string): void {
  nav.replaceChildren(
    h(
      'ul',
      {},
      NAV.map((item) =>
        h(
          'li',
          {},
          h(
            'a',
            { href: `#/${item.route}`, 'aria-current': item.route === route ? 'page' : null },
            item.label,
          ),
        ),
      ),
    ),
  );
  const out = h('button', { type: 'button', class: 'link' }, 'Sign out');
  out.addEventListener('click', () => {
    const viaProvider = providerSession() !== null;
    me = null;
    location.hash = '';
    if (viaProvider) return void signOutEverywhere().then(() => render());
    signOut();
    void render();
  });
  account.replaceChildren(
    h(
      'span',
      { id: 'signed-in-as' },
      `${who.principal} · ${who.roles.join(', ') || 'no role'}${who.read_only ? ' (read only)' : ''}`,
    ),
    ' ',
    out,
  );
}

function showSignIn(message?: string): void {
  nav.replaceChildren();
  account.replaceChildren();
  const token = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'token-help',
  });
  const remember = h('input', { id: 'remember', name: 'remember', type: 'checkbox' });
  const form = h(
    'form',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('label', { for: 'token' }, 'Token'),
    token,
    h(
      'p',
      { id: 'token-help', class: 'hint' },
      'An API token (LEDGER_TOKENS_FILE, or the local tokens `npm start` prints) or an OIDC access token for this ledger. It stays in this browser tab; it is never put in a link.',
    ),
    h('label', { class: 'check' }, remember, ' Stay signed in in this tab (session storage)'),
    h('button', { type: 'submit' }, 'Sign in'),
    message ? h('p', { class: 'error', role: 'alert' }, message) : null,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    signIn(token.value.trim(), remember.checked);
    me = null;
    void render();
  });
  main.replaceChildren(h('h1', { id: 'sign-in-title' }, 'Sign in'), form);
  document.title = 'Sign in · Change Ledger';
  token.focus();
  // Where the API names an identity provider, signing in through it comes first.
  void signInConfig()
    .catch(() => null)
    .then((settings) => {
      if (!settings || !main.contains(form)) return;
      const provider = h(
        'button',
        { type: 'button', id: 'sign-in-with-provider' },
        `Sign in with ${new URL(settings.issuer).host}`,
      );
      provider.addEventListener('click', () => {
        void startSignIn(settings).catch((error: unknown) =>
          showSignIn(`The identity provider did not answer: ${String(error)}`),
        );
      });
      main.replaceChildren(
        h('h1', { id: 'sign-in-title' }, 'Sign in'),
        h('p', { class: 'sign-in-provider' }, provider),
        h('h2', {}, 'Or with a token'),
        form,
      );
      provider.focus();
    });
}

// The skip link moves focus itself: following `#main` would change the route.
document.querySelector('.skip')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', () => {
  // A message belongs to the view it was said on.
  announce('');
  void render();
});
// Back from the identity provider: finish the sign-in (and clean the address bar) first.
void finishSignIn().then((problem) => {
  scheduleRefresh();
  if (problem) return showSignIn(problem);
  void render();
});
