// The partner portal: sign in with the partner key (kept by the portal's server, never by this page),
// then the customer's tickets, authorised contacts, support hotlines and the live assistant, all
// through @nocdesk/client, with ticket changes arriving live over the ticketChanged stream.
import { AuthenticationError } from '@nocdesk/client';
import { chatView } from './chat-view.js';
import { contactsView } from './contacts-view.js';
import { h, show } from './dom.js';
import { hotlinesView } from './hotlines-view.js';
import { describeError, portalClients, textsFor, type PortalContext } from './portal-context.js';
import type { Language } from './texts.js';
import { ticketsView } from './tickets-view.js';

const root = document.getElementById('app')!;
const LANGUAGE_KEY = 'nocdesk-portal-language';

function chosenLanguage(): Language {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  if (saved === 'en' || saved === 'es') return saved;
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
}

let signOutOfStreams: (() => void) | undefined;

function languagePicker(language: Language, rerender: () => void): HTMLElement {
  const t = textsFor(language);
  const select = h(
    'select',
    {
      id: 'language',
      'aria-label': t.language,
      onchange: () => {
        localStorage.setItem(LANGUAGE_KEY, select.value);
        rerender();
      },
    },
    h('option', { value: 'en', selected: language === 'en' }, 'English'),
    h('option', { value: 'es', selected: language === 'es' }, 'Español'),
  );
  return select;
}

async function start(): Promise<void> {
  signOutOfStreams?.();
  signOutOfStreams = undefined;
  const language = chosenLanguage();
  document.documentElement.lang = language;
  const session = await fetch('/session', { headers: { accept: 'application/json' } });
  if (session.ok) {
    const { customer } = (await session.json()) as { customer: string };
    await portal(language, customer);
  } else {
    signInPage(language);
  }
}

function signInPage(language: Language, notice?: string): void {
  const t = textsFor(language);
  document.title = t.title;
  const message = h('p', { id: 'sign-in-error', class: 'error', role: 'alert' }, notice ?? '');
  const form = h(
    'form',
    {
      id: 'sign-in',
      class: 'panel narrow',
      onsubmit: (event) => {
        event.preventDefault();
        void (async () => {
          const key = (form.elements.namedItem('key') as HTMLInputElement).value;
          const answer = await fetch('/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
          if (answer.ok) return start();
          const { error } = (await answer.json().catch(() => ({}))) as { error?: keyof typeof t.signInRefused };
          show(message, t.signInRefused[error ?? 'DESK_UNREACHABLE'] ?? t.signInRefused.DESK_UNREACHABLE);
        })();
      },
    },
    h('h1', {}, t.signInTitle),
    h('p', { class: 'hint' }, t.signInHint),
    h('label', {}, t.keyLabel, h('input', { name: 'key', type: 'password', autocomplete: 'current-password', required: true, placeholder: 'ndp_…' })),
    h('button', { type: 'submit' }, t.signIn),
    message,
  );
  show(root, h('header', {}, h('strong', {}, t.title), languagePicker(language, () => signInPage(chosenLanguage()))), form);
}

async function portal(language: Language, customerName: string): Promise<void> {
  const t = textsFor(language);
  document.title = `${t.title} · ${customerName}`;
  const { client, live } = portalClients();
  const notices = h('div', { id: 'notices', 'aria-live': 'polite' });
  const viewer = await client.viewer();
  const ctx: PortalContext = {
    client,
    live,
    language,
    t,
    customerId: viewer.customer?.id ?? '',
    customerName,
    notify(message, kind = 'info') {
      notices.prepend(h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message));
      while (notices.childElementCount > 3) notices.lastElementChild?.remove();
    },
    describe(error) {
      if (error instanceof AuthenticationError) {
        void start();
        return t.sessionEnded;
      }
      return describeError(t, error);
    },
  };

  const contacts = contactsView(ctx);
  const tickets = ticketsView(ctx, contacts.current);
  const hotlines = hotlinesView(ctx);
  const chat = chatView(ctx, contacts.current);
  const views = { tickets: tickets.element, contacts: contacts.element, hotlines: hotlines.element, chat: chat.element } as const;
  type Tab = keyof typeof views;
  const main = h('main');
  const nav = h('nav', { role: 'tablist' });
  function select(tab: Tab): void {
    for (const button of nav.querySelectorAll('button')) button.setAttribute('aria-selected', String(button.dataset.tab === tab));
    show(main, views[tab]);
  }
  for (const tab of Object.keys(views) as Tab[]) nav.append(h('button', { type: 'button', role: 'tab', 'data-tab': tab, id: `tab-${tab}`, onclick: () => select(tab) }, t.tabs[tab]));

  const signOut = h(
    'button',
    {
      type: 'button',
      id: 'sign-out',
      onclick: () => {
        void fetch('/session', { method: 'DELETE' }).then(() => start());
      },
    },
    t.signOut,
  );
  show(root, h('header', {}, h('strong', {}, t.title), h('span', { id: 'customer' }, customerName), languagePicker(language, () => void start()), signOut), nav, notices, main);

  await contacts.refresh();
  await Promise.all([tickets.refresh(), hotlines.refresh()]);
  chat.refresh();
  select('tickets');

  // One stream for every ticket of the customer: the list and the open ticket follow it.
  const changes = new AbortController();
  signOutOfStreams = () => {
    changes.abort();
    chat.stop();
    live.close();
  };
  void (async () => {
    try {
      for await (const change of live.ticketChanged({}, { signal: changes.signal, onConnected: ({ reconnected }) => reconnected && void tickets.refresh() })) {
        await tickets.changed(change.type, change.ticket);
      }
    } catch (error) {
      if (!changes.signal.aborted) ctx.notify(ctx.describe(error), 'error');
    }
  })();
}

void start();
