import { describe, it, expect } from 'vitest';
import { LanguageSchema, chooseLanguage, detectLanguage } from '../src/index.js';

describe('detecting the language of a message', () => {
  it.each([
    ['Hola, el enlace está caído desde esta mañana. Por favor revisen el servicio.', 'es'],
    ['Buenos días, tenemos pérdida de paquetes en la sede de Lima', 'es'],
    ['Hello, the link is down since this morning. Please check the service.', 'en'],
    ['Dear NOC, we have packet loss on our link to Madrid', 'en'],
    ['SOF-12345', undefined],
    ['', undefined],
    ['Hola, thanks, gracias, please', undefined],
  ] as const)('reads %j as %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });
});

describe('choosing the reply language', () => {
  it.each([
    [{ contactLanguage: 'es', messageLanguage: 'en' }, 'es'],
    [{ contactLanguage: 'en', messageLanguage: 'es' }, 'en'],
    [{ contactLanguage: null, messageLanguage: 'es' }, 'es'],
    [{ messageLanguage: 'es' }, 'es'],
    [{ contactLanguage: null, messageLanguage: null }, 'en'],
    [{}, 'en'],
  ] as const)('for %j answers in %s', (input, language) => {
    expect(chooseLanguage(input)).toBe(language);
  });

  it('accepts only supported languages from input', () => {
    expect(LanguageSchema.safeParse('es').success).toBe(true);
    expect(LanguageSchema.safeParse('fr').success).toBe(false);
  });
});
