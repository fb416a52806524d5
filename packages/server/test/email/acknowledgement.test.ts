import { describe, expect, it } from 'vitest';
import type { Hotline, Language, PriorityLevel } from '@nocdesk/domain';
import { composeAcknowledgement } from '../../src/notifications/compose-acknowledgement.js';
import type { AcknowledgementInput } from '../../src/notifications/compose-acknowledgement.js';
import { composeRegistrationExplanation } from '../../src/notifications/compose-registration-explanation.js';

const HOTLINES: readonly Hotline[] = [
  { region: 'Europe', country: 'ES', phone: '+34 910 000 100', kind: 'HOTLINE', languages: ['es', 'en'] },
  { region: 'LATAM', country: 'CO', phone: '+57 601 000 200', kind: 'HOTLINE', languages: ['es'] },
  { region: 'Europe', phone: '+34 910 000 199', kind: 'IVR', languages: ['en', 'es'] },
];

function acknowledgement(level: PriorityLevel, language: Language, overrides: Partial<AcknowledgementInput> = {}) {
  return composeAcknowledgement({
    ticket: { number: '1000426', displayNumber: 'NCC#1000426', subject: 'Outage: no service at Valencia site', level },
    to: 'noc@acme.example',
    from: 'NCC Service Desk <ncc@nocdesk.example>',
    language,
    subjectTag: '[NCC#1000426]',
    hotlines: HOTLINES,
    replyTo: { messageId: 'a41f@acme.example', references: ['earlier@acme.example'] },
    messageId: 'ack.01jaa3k2m7',
    messageIdDomain: 'nocdesk.example',
    loopId: 'ncc@nocdesk.example',
    ...overrides,
  });
}

const AUTO_REPLY_HEADERS = {
  'Auto-Submitted': 'auto-replied',
  'X-Auto-Response-Suppress': 'All',
  Precedence: 'auto_reply',
  'X-Loop': 'ncc@nocdesk.example',
};

describe('composeAcknowledgement', () => {
  it('in English: number, level name and meaning, SLA target, step 2 and every number for level 1', () => {
    const mail = acknowledgement(1, 'en');
    expect(mail.subject).toBe('[NCC#1000426] Received: Outage: no service at Valencia site');
    expect(mail.text).toContain('registered it as ticket NCC#1000426');
    expect(mail.text).toContain('Priority: level 1, Maximum');
    expect(mail.text).toContain('We take immediate action');
    expect(mail.text).toContain("first response: 15 minutes");
    expect(mail.text).toContain('If the answer seems late');
    expect(mail.text).toContain('Call our call centre or IVR and quote your ticket number NCC#1000426 (on the IVR keypad: 1000426)');
    expect(mail.text).toContain('Europe (ES): +34 910 000 100 (Spanish, English)');
    expect(mail.text).toContain('LATAM (CO): +57 601 000 200 (Spanish)');
    expect(mail.text).toContain('Europe: +34 910 000 199 (English, Spanish)');
    expect(mail.text).toContain('keep [NCC#1000426] in the subject');
    expect(mail.language).toBe('en');
  });

  it('in Spanish with the same content', () => {
    const mail = acknowledgement(1, 'es');
    expect(mail.subject).toBe('[NCC#1000426] Recibido: Outage: no service at Valencia site');
    expect(mail.text).toContain('registrado como el ticket NCC#1000426');
    expect(mail.text).toContain('Prioridad: nivel 1, Prioridad Máxima');
    expect(mail.text).toContain('¡Tomamos medidas inmediatas');
    expect(mail.text).toContain('primera respuesta de un ingeniero: 15 minutos');
    expect(mail.text).toContain('Si la respuesta parece tardar');
    expect(mail.text).toContain('indique su número de ticket NCC#1000426 (en el teclado del IVR: 1000426)');
    expect(mail.text).toContain('Europe (ES): +34 910 000 100 (español, inglés)');
    expect(mail.text).toContain('Europe: +34 910 000 199 (inglés, español)');
    expect(mail.text).toContain('manteniendo [NCC#1000426] en el asunto');
    // Equal content: the same lines in the same order.
    expect(mail.text.split('\n')).toHaveLength(acknowledgement(1, 'en').text.split('\n').length);
  });

  it.each(['en', 'es'] as const)('lists hotlines only for level 1, IVR numbers always (%s)', (language) => {
    for (const level of [2, 3] as const) {
      const mail = acknowledgement(level, language);
      expect(mail.text).not.toContain('+34 910 000 100');
      expect(mail.text).not.toContain('+57 601 000 200');
      expect(mail.text).toContain('+34 910 000 199');
      expect(mail.text).toContain(language === 'en' ? `level ${level}` : `nivel ${level}`);
    }
    expect(acknowledgement(2, language).text).toContain(language === 'en' ? '2 hours' : '2 horas');
    expect(acknowledgement(3, language).text).toContain(language === 'en' ? '24 hours' : '24 horas');
  });

  it('takes the SLA target as text or from a policy', () => {
    expect(acknowledgement(2, 'en', { slaTarget: '90 minutes' }).text).toContain('first response: 90 minutes.');
    const policy = { acknowledgeMinutes: { 1: 0, 2: 0, 3: 0 }, firstResponseMinutes: { 1: 10, 2: 60, 3: 480 } } as const;
    expect(acknowledgement(1, 'es', { slaPolicy: policy }).text).toContain('10 minutos');
  });

  it('threads onto the customer message and carries the auto-reply headers', () => {
    const mail = acknowledgement(1, 'en');
    expect(mail.messageId).toBe('ack.01jaa3k2m7@nocdesk.example');
    expect(mail.inReplyTo).toBe('a41f@acme.example');
    expect(mail.references).toEqual(['earlier@acme.example', 'a41f@acme.example']);
    expect(mail.headers).toMatchObject(AUTO_REPLY_HEADERS);
  });

  it('omits In-Reply-To and References when the customer message had no Message-ID', () => {
    const mail = acknowledgement(3, 'en', { replyTo: {} });
    expect(mail.inReplyTo).toBeUndefined();
    expect(mail.references).toBeUndefined();
  });

  it('never puts a line break into the subject', () => {
    const mail = acknowledgement(3, 'en', { ticket: { number: '1000426', displayNumber: 'NCC#1000426', subject: 'Link\r\n down', level: 3 } });
    expect(mail.subject).toBe('[NCC#1000426] Received: Link down');
  });
});

describe('composeRegistrationExplanation', () => {
  const input = {
    to: 'stranger@acme.example',
    from: 'NCC Service Desk <ncc@nocdesk.example>',
    originalSubject: 'Link down',
    replyTo: { messageId: 'x1@acme.example' },
    messageId: 'reg.01jaa',
    messageIdDomain: 'nocdesk.example',
    loopId: 'ncc@nocdesk.example',
  };

  it('in English: not registered, nothing lost, how to get registered', () => {
    const mail = composeRegistrationExplanation({ ...input, language: 'en' });
    expect(mail.subject).toBe('About your message: Link down');
    expect(mail.text).toContain('stranger@acme.example is not registered as an administrative or technical contact');
    expect(mail.text).toContain('Nothing is lost: your message is kept, and our staff will review it.');
    expect(mail.text).toContain('ask an administrative contact of your company to add you');
    expect(mail.text).toContain('customer portal');
    expect(mail.text).toContain('account manager');
    expect(mail.headers).toMatchObject(AUTO_REPLY_HEADERS);
    expect(mail.inReplyTo).toBe('x1@acme.example');
    expect(mail.messageId).toBe('reg.01jaa@nocdesk.example');
  });

  it('in Spanish with the same content', () => {
    const mail = composeRegistrationExplanation({ ...input, language: 'es' });
    expect(mail.subject).toBe('Sobre su mensaje: Link down');
    expect(mail.text).toContain('stranger@acme.example no está registrada como contacto administrativo ni técnico');
    expect(mail.text).toContain('No se pierde nada: conservamos su mensaje y nuestro personal lo revisará.');
    expect(mail.text).toContain('portal de clientes');
    expect(mail.text).toContain('gestor de cuenta');
    expect(mail.text.split('\n')).toHaveLength(composeRegistrationExplanation({ ...input, language: 'en' }).text.split('\n').length);
  });
});
