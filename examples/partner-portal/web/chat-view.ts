// The live assistant (SPEC §4.3): the portal opens a chat for one of the customer's authorised
// contacts, the lines of both sides arrive live (conversationMessages), and either side may end it or
// turn it into a ticket.
import { ChatLimitExceededError, ConversationStepRefusedError, type Contact, type Conversation, type ConversationMessage } from '@nocdesk/client';
import { field, h, show, when } from './dom.js';
import type { PortalContext } from './portal-context.js';

export interface ChatView {
  readonly element: HTMLElement;
  refresh(): void;
  /** Closes the live stream (signing out). */
  stop(): void;
}

export function chatView(ctx: PortalContext, contacts: () => readonly Contact[]): ChatView {
  const { t, client } = ctx;
  const transcript = h('ol', { id: 'chat-lines', class: 'chat' });
  const status = h('p', { id: 'chat-status', role: 'status' });
  const controls = h('div', { class: 'chat-controls' });
  const contactSelect = h('select', { name: 'contact', required: true });
  let stream: AbortController | undefined;
  let conversation: Conversation | undefined;

  function line(message: ConversationMessage): HTMLLIElement {
    const who = message.author === 'CONTACT' ? `${t.chatYou} (${message.authorName ?? ''})` : message.author === 'ENGINEER' ? `${t.chatEngineer} ${message.authorName ?? ''}` : t.chatDesk;
    return h('li', { class: `line ${message.author.toLowerCase()}`, 'data-line': message.id }, h('span', { class: 'meta' }, `${who} · ${when(message.createdAt, ctx.language)}`), h('span', { class: 'body' }, message.body));
  }

  function setStatus(current: Conversation['status'], ticket?: string): void {
    show(status, ticket ? t.chatBecameTicket(ticket) : t.chatStatus[current]);
    const open = current === 'WAITING' || current === 'ACTIVE';
    sendForm.hidden = !open;
    show(
      controls,
      open ? h('button', { type: 'button', id: 'end-chat', onclick: () => void step(() => client.conversations.close({ conversationId: conversation!.id })) }, t.endChat) : null,
      current !== 'CONVERTED' ? h('button', { type: 'button', id: 'convert-chat', onclick: () => void convert() }, t.convertChat) : null,
    );
  }

  async function step(action: () => Promise<Conversation>): Promise<void> {
    try {
      conversation = await action();
      setStatus(conversation.status, conversation.ticket?.displayNumber);
    } catch (error) {
      ctx.notify(describe(error), 'error');
    }
  }

  async function convert(): Promise<void> {
    if (!conversation) return;
    try {
      const ticket = await client.conversations.convert({ conversationId: conversation.id });
      setStatus('CONVERTED', ticket.displayNumber);
    } catch (error) {
      ctx.notify(describe(error), 'error');
    }
  }

  function describe(error: unknown): string {
    if (error instanceof ChatLimitExceededError || error instanceof ConversationStepRefusedError) return t.chatRefused + error.message;
    return ctx.describe(error);
  }

  /** Follows the lines live; a line the page already shows (sent from here) is not added twice. */
  async function follow(started: Conversation): Promise<void> {
    stream?.abort();
    const controller = new AbortController();
    stream = controller;
    const last = started.messages.at(-1)?.id;
    try {
      for await (const message of ctx.live.conversationMessages({ conversationId: started.id, after: last }, { signal: controller.signal })) {
        if (!transcript.querySelector(`[data-line="${CSS.escape(message.id)}"]`)) transcript.append(line(message));
        if (message.notice === 'ENGINEER_JOINED') setStatus('ACTIVE');
        if (message.notice === 'CLOSED') setStatus('CLOSED');
        if (message.notice === 'CONVERTED' || message.notice === 'AUTO_CONVERTED') {
          const now = await client.conversations.get(started.id);
          setStatus('CONVERTED', now?.ticket?.displayNumber);
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) ctx.notify(ctx.describe(error), 'error');
    }
  }

  const sendForm = h(
    'form',
    {
      id: 'chat-send',
      hidden: true,
      onsubmit: (event) => {
        event.preventDefault();
        const body = field(sendForm, 'body');
        if (!conversation || !body) return;
        void (async () => {
          try {
            const sent = await client.conversations.send({ conversationId: conversation!.id, body });
            sendForm.reset();
            if (!transcript.querySelector(`[data-line="${CSS.escape(sent.id)}"]`)) transcript.append(line(sent));
          } catch (error) {
            ctx.notify(describe(error), 'error');
          }
        })();
      },
    },
    h('input', { name: 'body', required: true, autocomplete: 'off', 'aria-label': t.send }),
    h('button', { type: 'submit' }, t.send),
  );

  const startForm = h(
    'form',
    {
      id: 'chat-start',
      class: 'panel',
      onsubmit: (event) => {
        event.preventDefault();
        void (async () => {
          try {
            const subject = field(startForm, 'subject');
            conversation = await client.conversations.start({ contactEmail: field(startForm, 'contact'), ...(subject ? { subject } : {}) });
            show(transcript, ...conversation.messages.map(line));
            setStatus(conversation.status);
            void follow(conversation);
          } catch (error) {
            ctx.notify(describe(error), 'error');
          }
        })();
      },
    },
    h('label', {}, t.chatAs, contactSelect),
    h('label', {}, t.chatTopic, h('input', { name: 'subject', maxlength: '300' })),
    h('button', { type: 'submit' }, t.startChat),
  );

  return {
    element: h('div', { id: 'chat', class: 'columns' }, startForm, h('section', { class: 'panel' }, status, transcript, sendForm, controls)),
    refresh() {
      show(contactSelect, ...contacts().filter((c) => c.mayOpenTickets).map((c) => h('option', { value: c.email }, `${c.name} <${c.email}>`)));
    },
    stop() {
      stream?.abort();
    },
  };
}
