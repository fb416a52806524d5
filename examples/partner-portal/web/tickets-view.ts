// The customer's tickets: a list (newest first), one ticket with its messages and history, adding
// information, escalating (step 2 of the procedure), reporting a new problem; all kept current by
// the ticketChanged stream.
import type { Contact, Ticket, TicketDetail } from '@nocdesk/client';
import { field, h, show, when } from './dom.js';
import type { PortalContext } from './portal-context.js';

export interface TicketsView {
  readonly element: HTMLElement;
  /** A change the desk announced: refresh what shows it. */
  changed(type: string, ticket: Ticket): Promise<void>;
  refresh(): Promise<void>;
}

export function ticketsView(ctx: PortalContext, contacts: () => readonly Contact[]): TicketsView {
  const { t, client } = ctx;
  const list = h('tbody');
  const detail = h('section', { id: 'ticket-detail', class: 'panel', hidden: true });
  let openNumber: string | undefined;
  /** What the open ticket shows besides itself: the last live change and the escalation's outcome; kept across re-renders. */
  let notes: { live?: string; escalation?: string } = {};

  function row(ticket: Ticket): HTMLTableRowElement {
    return h(
      'tr',
      { 'data-ticket': ticket.number, class: ticket.number === openNumber ? 'selected' : undefined, onclick: () => void open(ticket.number) },
      h('td', {}, h('a', { href: `#${ticket.number}`, onclick: (e) => e.preventDefault() }, ticket.displayNumber)),
      h('td', {}, ticket.subject),
      h('td', { class: `status status-${ticket.status}` }, t.statuses[ticket.status]),
      h('td', {}, `${ticket.priority.level} · ${t.levels[ticket.priority.level]}`),
      h('td', {}, when(ticket.updatedAt, ctx.language)),
    );
  }

  async function refresh(): Promise<void> {
    const page = await client.tickets.list({ first: 50 });
    show(list, ...(page.nodes.length === 0 ? [h('tr', {}, h('td', { colspan: '5' }, t.noTickets))] : page.nodes.map(row)));
  }

  function renderDetail(ticket: TicketDetail): void {
    const messageForm = h(
      'form',
      {
        id: 'add-message',
        onsubmit: (event) => {
          event.preventDefault();
          const body = field(messageForm, 'body');
          if (body) void addMessage(ticket, body);
        },
      },
      h('label', {}, t.addInformation, h('textarea', { name: 'body', rows: '3', required: true })),
      h('button', { type: 'submit' }, t.add),
    );
    const escalation = h('p', { id: 'escalation', role: 'status' }, notes.escalation ?? '');
    show(
      detail,
      h('h2', {}, `${ticket.displayNumber} · ${ticket.subject}`),
      notes.live ? h('p', { id: 'live-note', class: 'live', role: 'status' }, notes.live) : null,
      h(
        'p',
        { class: 'facts' },
        h('span', { id: 'detail-status', class: `status status-${ticket.status}` }, t.statuses[ticket.status]),
        ` · ${ticket.priority.level} ${t.levels[ticket.priority.level]}`,
        ticket.sof ? ` · ${ticket.sof}` : '',
        ticket.sla?.dueAt ? ` · ${t.slaTarget(when(ticket.sla.dueAt, ctx.language))}` : '',
        ticket.escalationCount > 0 ? h('span', { id: 'escalation-count' }, ` · ${t.escalations(ticket.escalationCount)}`) : null,
      ),
      h('h3', {}, t.messages),
      h(
        'ol',
        { id: 'messages', class: 'messages' },
        ...ticket.messages.map((m) => h('li', { class: m.direction === 'IN' ? 'in' : 'out' }, h('div', { class: 'meta' }, `${m.from ?? ''} · ${when(m.createdAt, ctx.language)}`), h('pre', {}, m.body))),
      ),
      messageForm,
      ticket.status === 'RESOLVED' || ticket.status === 'CLOSED' ? null : h('button', { id: 'escalate', type: 'button', onclick: () => void escalate(ticket) }, t.escalate),
      escalation,
      h('h3', {}, t.history),
      h('ol', { id: 'history', class: 'history' }, ...ticket.events.map((e) => h('li', {}, h('code', {}, e.type), ` ${e.actor} · ${when(e.createdAt, ctx.language)}`, e.reason ? ` · ${e.reason}` : ''))),
    );
    detail.hidden = false;
  }

  async function open(number: string, liveNote?: string): Promise<void> {
    if (number !== openNumber) notes = {};
    if (liveNote) notes.live = liveNote;
    openNumber = number;
    for (const tr of list.querySelectorAll('tr')) tr.classList.toggle('selected', tr.getAttribute('data-ticket') === number);
    const ticket = await client.tickets.get(number);
    if (ticket && number === openNumber) renderDetail(ticket);
  }

  async function addMessage(ticket: TicketDetail, body: string): Promise<void> {
    try {
      const after = await client.tickets.addMessage({ ticketId: ticket.id, body });
      if (after.number !== ticket.number) ctx.notify(t.followUpOpened(after.displayNumber));
      await Promise.all([refresh(), open(after.number)]);
    } catch (error) {
      ctx.notify(ctx.describe(error), 'error');
    }
  }

  async function escalate(ticket: TicketDetail): Promise<void> {
    try {
      const escalation = await client.tickets.escalate({ number: ticket.number });
      notes.escalation = escalation.counted ? t.escalated(escalation.escalationCount) : t.escalationRepeated;
      await open(ticket.number);
    } catch (error) {
      ctx.notify(ctx.describe(error), 'error');
    }
  }

  const reporters = h('select', { name: 'reporter', required: true });
  const newTicket = h(
    'form',
    {
      id: 'new-ticket',
      class: 'panel',
      onsubmit: (event) => {
        event.preventDefault();
        void (async () => {
          try {
            const sof = field(newTicket, 'sof');
            const ticket = await client.tickets.create({ reporterEmail: field(newTicket, 'reporter'), subject: field(newTicket, 'subject'), description: field(newTicket, 'description'), ...(sof ? { sof } : {}) });
            newTicket.reset();
            ctx.notify(t.ticketOpened(ticket.displayNumber));
            await Promise.all([refresh(), open(ticket.number)]);
          } catch (error) {
            ctx.notify(ctx.describe(error), 'error');
          }
        })();
      },
    },
    h('h2', {}, t.newTicket),
    h('label', {}, t.reporter, reporters),
    h('label', {}, t.subject, h('input', { name: 'subject', required: true, maxlength: '300' })),
    h('label', {}, t.description, h('textarea', { name: 'description', rows: '4', required: true })),
    h('label', {}, t.sof, h('input', { name: 'sof', placeholder: 'SOF-10001' })),
    h('button', { type: 'submit' }, t.send),
  );

  const element = h(
    'div',
    { id: 'tickets', class: 'columns' },
    h(
      'div',
      {},
      h('table', { class: 'list' }, h('thead', {}, h('tr', {}, ...[t.columns.number, t.columns.subject, t.columns.status, t.columns.priority, t.columns.updated].map((c) => h('th', {}, c)))), list),
      newTicket,
    ),
    detail,
  );

  return {
    element,
    async refresh() {
      show(reporters, ...contacts().filter((c) => c.mayOpenTickets).map((c) => h('option', { value: c.email }, `${c.name} <${c.email}>`)));
      await refresh();
      if (openNumber) await open(openNumber);
    },
    async changed(type, ticket) {
      await refresh();
      if (ticket.number === openNumber) await open(ticket.number, t.liveUpdate(type));
    },
  };
}
