// Every text the portal shows, in English and Spanish: the same things in the same order. What the desk
// itself writes (subjects, messages, the live assistant's own lines) is shown as it comes.
import type { ContactRole, ConversationStatus, HotlineKind, TicketStatus } from '@nocdesk/client';

export type Language = 'en' | 'es';

export interface Texts {
  readonly title: string;
  readonly language: string;
  readonly signInTitle: string;
  readonly signInHint: string;
  readonly keyLabel: string;
  readonly signIn: string;
  readonly signOut: string;
  readonly signInRefused: { readonly [reason in 'UNKNOWN_KEY' | 'NOT_A_PARTNER_KEY' | 'DESK_UNREACHABLE' | 'MISSING_KEY']: string };
  readonly sessionEnded: string;
  readonly tabs: { readonly tickets: string; readonly contacts: string; readonly hotlines: string; readonly chat: string };
  readonly newTicket: string;
  readonly reporter: string;
  readonly subject: string;
  readonly description: string;
  readonly sof: string;
  readonly send: string;
  readonly ticketOpened: (displayNumber: string) => string;
  readonly noTickets: string;
  readonly columns: { readonly number: string; readonly subject: string; readonly status: string; readonly priority: string; readonly updated: string };
  readonly statuses: { readonly [status in TicketStatus]: string };
  readonly levels: { readonly 1: string; readonly 2: string; readonly 3: string };
  readonly slaTarget: (dueAt: string) => string;
  readonly messages: string;
  readonly history: string;
  readonly addInformation: string;
  readonly add: string;
  readonly escalations: (count: number) => string;
  readonly escalate: string;
  readonly escalated: (count: number) => string;
  readonly escalationRepeated: string;
  readonly liveUpdate: (event: string) => string;
  readonly followUpOpened: (displayNumber: string) => string;
  readonly contacts: { readonly name: string; readonly email: string; readonly phone: string; readonly roles: string; readonly state: string; readonly active: string; readonly removed: (reason: string) => string };
  readonly roles: { readonly [role in ContactRole]: string };
  readonly addContact: string;
  readonly remove: string;
  readonly removeReason: string;
  readonly confirmRemove: string;
  readonly cancel: string;
  readonly contactAdded: (name: string) => string;
  readonly contactRemoved: (name: string) => string;
  readonly lastAdministrativeContact: string;
  readonly addressNotClaimable: string;
  readonly alreadyAContact: string;
  readonly hotlinesHint: string;
  readonly hotlineKinds: { readonly [kind in HotlineKind]: string };
  readonly hotlineColumns: { readonly country: string; readonly phone: string; readonly kind: string; readonly languages: string };
  readonly chatAs: string;
  readonly chatTopic: string;
  readonly startChat: string;
  readonly chatStatus: { readonly [status in ConversationStatus]: string };
  readonly chatYou: string;
  readonly chatEngineer: string;
  readonly chatDesk: string;
  readonly endChat: string;
  readonly convertChat: string;
  readonly chatBecameTicket: (displayNumber: string) => string;
  readonly chatRefused: string;
  readonly somethingWentWrong: (detail: string) => string;
}

const en: Texts = {
  title: 'Partner portal',
  language: 'Language',
  signInTitle: 'Sign in with your partner key',
  signInHint: 'The key stays on the portal’s server: this page never stores it.',
  keyLabel: 'Partner key',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signInRefused: {
    UNKNOWN_KEY: 'That key is not valid, or it was revoked.',
    NOT_A_PARTNER_KEY: 'That is a staff token, not a partner key.',
    DESK_UNREACHABLE: 'The service desk cannot be reached right now: try again in a moment.',
    MISSING_KEY: 'Enter your partner key.',
  },
  sessionEnded: 'Your session ended: sign in again.',
  tabs: { tickets: 'Tickets', contacts: 'Authorised contacts', hotlines: 'Support hotlines', chat: 'Live assistant' },
  newTicket: 'Report a problem',
  reporter: 'Reported by',
  subject: 'Subject',
  description: 'Description',
  sof: 'SOF number (optional, for a faster answer)',
  send: 'Send',
  ticketOpened: (n) => `Ticket ${n} opened: the acknowledgement with its number is on its way.`,
  noTickets: 'No tickets yet.',
  columns: { number: 'Ticket', subject: 'Subject', status: 'Status', priority: 'Priority', updated: 'Updated' },
  statuses: { OPEN: 'Open', IN_PROGRESS: 'In progress', WAITING_CUSTOMER: 'Waiting for you', RESOLVED: 'Resolved', CLOSED: 'Closed' },
  levels: { 1: 'Maximum', 2: 'High', 3: 'Standard' },
  slaTarget: (dueAt) => `Next answer due by ${dueAt}`,
  messages: 'Messages',
  history: 'History',
  addInformation: 'Add information',
  add: 'Add',
  escalations: (count) => (count === 1 ? 'escalated once' : `escalated ${count} times`),
  escalate: 'The answer seems late: escalate',
  escalated: (count) => `Escalated: the NOC’s on-call engineer has been told (escalation ${count}).`,
  escalationRepeated: 'Already escalated in the last 10 minutes: the NOC has it.',
  liveUpdate: (event) => `Updated just now: ${event}`,
  followUpOpened: (n) => `That ticket was closed: your message opened the follow-up ticket ${n}.`,
  contacts: { name: 'Name', email: 'Email', phone: 'Phone', roles: 'Roles', state: 'State', active: 'Active', removed: (reason) => `Removed: ${reason}` },
  roles: { ADMINISTRATIVE: 'Administrative', TECHNICAL: 'Technical', BILLING: 'Billing', OTHER: 'Other' },
  addContact: 'Add a contact',
  remove: 'Remove',
  removeReason: 'Why is this contact removed?',
  confirmRemove: 'Remove contact',
  cancel: 'Cancel',
  contactAdded: (name) => `${name} was added.`,
  contactRemoved: (name) => `${name} was removed.`,
  lastAdministrativeContact: 'This is your last administrative contact: add another one before removing it.',
  addressNotClaimable: 'This address cannot be registered from the portal: ask your account manager.',
  alreadyAContact: 'This address is already one of your contacts.',
  hotlinesHint: 'For an outage (level 1) call a hotline. If an answer seems late, call the IVR with your ticket number at hand.',
  hotlineKinds: { HOTLINE: 'Hotline', IVR: 'Call centre (IVR)' },
  hotlineColumns: { country: 'Country', phone: 'Number', kind: 'Kind', languages: 'Languages' },
  chatAs: 'Chat as',
  chatTopic: 'Topic',
  startChat: 'Start a chat',
  chatStatus: { WAITING: 'Waiting for an engineer…', ACTIVE: 'An engineer is answering.', CLOSED: 'The chat has ended.', CONVERTED: 'The chat became a ticket.' },
  chatYou: 'You',
  chatEngineer: 'Engineer',
  chatDesk: 'Service desk',
  endChat: 'End chat',
  convertChat: 'Turn into a ticket',
  chatBecameTicket: (n) => `The chat became ticket ${n}.`,
  chatRefused: 'The chat could not take that: ',
  somethingWentWrong: (detail) => `Something went wrong: ${detail}`,
};

const es: Texts = {
  title: 'Portal de clientes',
  language: 'Idioma',
  signInTitle: 'Entre con su clave de socio',
  signInHint: 'La clave se queda en el servidor del portal: esta página nunca la guarda.',
  keyLabel: 'Clave de socio',
  signIn: 'Entrar',
  signOut: 'Salir',
  signInRefused: {
    UNKNOWN_KEY: 'Esa clave no es válida, o fue revocada.',
    NOT_A_PARTNER_KEY: 'Eso es un token de personal, no una clave de socio.',
    DESK_UNREACHABLE: 'No se puede contactar con el centro de servicio ahora: inténtelo de nuevo en un momento.',
    MISSING_KEY: 'Escriba su clave de socio.',
  },
  sessionEnded: 'Su sesión terminó: entre de nuevo.',
  tabs: { tickets: 'Incidencias', contacts: 'Contactos autorizados', hotlines: 'Teléfonos de soporte', chat: 'Asistente en vivo' },
  newTicket: 'Informar de un problema',
  reporter: 'Informado por',
  subject: 'Asunto',
  description: 'Descripción',
  sof: 'Número SOF (opcional, para una respuesta más rápida)',
  send: 'Enviar',
  ticketOpened: (n) => `Incidencia ${n} abierta: el acuse de recibo con su número está en camino.`,
  noTickets: 'Todavía no hay incidencias.',
  columns: { number: 'Incidencia', subject: 'Asunto', status: 'Estado', priority: 'Prioridad', updated: 'Actualizada' },
  statuses: { OPEN: 'Abierta', IN_PROGRESS: 'En curso', WAITING_CUSTOMER: 'Esperando su respuesta', RESOLVED: 'Resuelta', CLOSED: 'Cerrada' },
  levels: { 1: 'Prioridad Máxima', 2: 'Prioridad alta', 3: 'Prioridad estándar' },
  slaTarget: (dueAt) => `Próxima respuesta antes de ${dueAt}`,
  messages: 'Mensajes',
  history: 'Historial',
  addInformation: 'Añadir información',
  add: 'Añadir',
  escalations: (count) => (count === 1 ? 'escalada una vez' : `escalada ${count} veces`),
  escalate: 'La respuesta parece tardar: escalar',
  escalated: (count) => `Escalada: se ha avisado al ingeniero de guardia del NOC (escalada ${count}).`,
  escalationRepeated: 'Ya se escaló en los últimos 10 minutos: el NOC lo tiene.',
  liveUpdate: (event) => `Actualizada ahora mismo: ${event}`,
  followUpOpened: (n) => `Esa incidencia estaba cerrada: su mensaje abrió la incidencia de seguimiento ${n}.`,
  contacts: { name: 'Nombre', email: 'Correo', phone: 'Teléfono', roles: 'Funciones', state: 'Estado', active: 'Activo', removed: (reason) => `Eliminado: ${reason}` },
  roles: { ADMINISTRATIVE: 'Administrativo', TECHNICAL: 'Técnico', BILLING: 'Facturación', OTHER: 'Otro' },
  addContact: 'Añadir un contacto',
  remove: 'Eliminar',
  removeReason: '¿Por qué se elimina este contacto?',
  confirmRemove: 'Eliminar contacto',
  cancel: 'Cancelar',
  contactAdded: (name) => `Se añadió a ${name}.`,
  contactRemoved: (name) => `Se eliminó a ${name}.`,
  lastAdministrativeContact: 'Es su último contacto administrativo: añada otro antes de eliminarlo.',
  addressNotClaimable: 'Esta dirección no se puede registrar desde el portal: consulte a su gestor de cuenta.',
  alreadyAContact: 'Esta dirección ya es uno de sus contactos.',
  hotlinesHint: 'Ante una interrupción (nivel 1) llame a una línea directa. Si una respuesta parece tardar, llame al IVR con su número de incidencia a mano.',
  hotlineKinds: { HOTLINE: 'Línea directa', IVR: 'Centro de llamadas (IVR)' },
  hotlineColumns: { country: 'País', phone: 'Número', kind: 'Tipo', languages: 'Idiomas' },
  chatAs: 'Chatear como',
  chatTopic: 'Tema',
  startChat: 'Iniciar un chat',
  chatStatus: { WAITING: 'Esperando a un ingeniero…', ACTIVE: 'Un ingeniero le está atendiendo.', CLOSED: 'El chat ha terminado.', CONVERTED: 'El chat se convirtió en una incidencia.' },
  chatYou: 'Usted',
  chatEngineer: 'Ingeniero',
  chatDesk: 'Centro de servicio',
  endChat: 'Terminar el chat',
  convertChat: 'Convertir en incidencia',
  chatBecameTicket: (n) => `El chat se convirtió en la incidencia ${n}.`,
  chatRefused: 'El chat no pudo aceptar eso: ',
  somethingWentWrong: (detail) => `Algo salió mal: ${detail}`,
};

export const TEXTS: { readonly [language in Language]: Texts } = { en, es };
