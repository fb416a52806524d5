// What the voice menu says besides the ticket itself (the domain's voice.ts says that), in Spanish and
// English: the same things in the same order. Before the caller picks a language both are spoken.
import type { Language } from '@nocdesk/domain';

export interface IvrPrompts {
  /** The greeting and this language's key. */
  readonly welcome: string;
  readonly noChoice: string;
  readonly invalidChoice: string;
  readonly enterNumber: string;
  readonly enterNumberAgain: string;
  readonly notFound: (digits: string) => string;
  readonly ticketOptions: string;
  readonly closedTicketOptions: string;
  readonly notEscalated: string;
  readonly tooManyTries: string;
  readonly goodbye: string;
  readonly unavailable: string;
}

/** Spanish first: the procedure is written in Spanish, and the greeting is spoken in this order. */
export const IVR_LANGUAGES: readonly Language[] = ['es', 'en'];

/** The key that picks each language on the first menu. */
export const LANGUAGE_KEYS: Readonly<Record<Language, string>> = { es: '1', en: '2' };

export const IVR_PROMPTS: Readonly<Record<Language, IvrPrompts>> = {
  en: {
    welcome: 'Welcome to the network operations centre service desk. For English, press 2.',
    noChoice: 'We did not receive a choice.',
    invalidChoice: 'That is not one of the options.',
    enterNumber: 'Please enter your ticket number on the keypad, then press the hash key.',
    enterNumberAgain: 'Please enter the ticket number again, then press the hash key.',
    notFound: (digits) => `We found no ticket with the number ${digits}.`,
    ticketOptions: 'To escalate this ticket, press 1. To check another ticket, press 2.',
    closedTicketOptions: 'To check another ticket, press 2.',
    notEscalated: 'This ticket is no longer open, so it cannot be escalated. If the problem is back, write to us quoting the ticket number.',
    tooManyTries: 'We could not help you on the keypad. Please call our support hotline, or write to us.',
    goodbye: 'Thank you for calling. Goodbye.',
    unavailable: 'We are sorry: the ticket service cannot answer right now. Please call our support hotline.',
  },
  es: {
    welcome: 'Bienvenido al servicio de asistencia del centro de operaciones de red. Para español, pulse 1.',
    noChoice: 'No hemos recibido ninguna opción.',
    invalidChoice: 'Esa no es una de las opciones.',
    enterNumber: 'Marque su número de ticket en el teclado y pulse la tecla almohadilla.',
    enterNumberAgain: 'Marque de nuevo el número de ticket y pulse la tecla almohadilla.',
    notFound: (digits) => `No hay ningún ticket con el número ${digits}.`,
    ticketOptions: 'Para escalar este ticket, pulse 1. Para consultar otro ticket, pulse 2.',
    closedTicketOptions: 'Para consultar otro ticket, pulse 2.',
    notEscalated: 'Este ticket ya no está abierto, así que no se puede escalar. Si el problema ha vuelto, escríbanos indicando el número de ticket.',
    tooManyTries: 'No hemos podido atenderle con el teclado. Llame a nuestra línea de asistencia, o escríbanos.',
    goodbye: 'Gracias por llamar. Adiós.',
    unavailable: 'Lo sentimos: el servicio de tickets no puede responder ahora. Llame a nuestra línea de asistencia.',
  },
};
