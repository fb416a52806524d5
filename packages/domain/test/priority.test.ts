import { describe, it, expect } from 'vitest';
import {
  PRIORITY_LEVELS,
  PriorityInputSchema,
  categoryLevel,
  decidePriority,
  findRequestedLevel,
  priorityMeaning,
  priorityName,
} from '../src/index.js';

describe('level names and meanings from the source procedure', () => {
  it.each([
    [1, 'Maximum', 'Prioridad Máxima'],
    [2, 'High', 'Prioridad alta'],
    [3, 'Standard', 'Prioridad estándar'],
  ] as const)('level %i is %s / %s', (level, en, es) => {
    expect(priorityName(level)).toBe(en);
    expect(priorityName(level, 'es')).toBe(es);
  });

  it.each([
    [1, 'es', /interrupciones no planificadas/],
    [2, 'es', /después de que se resuelvan los tickets de nivel 1/],
    [3, 'es', /la velocidad no sea esencial/],
    [1, 'en', /unplanned interruptions/],
    [2, 'en', /after level-1 tickets are resolved/],
    [3, 'en', /speed is not essential/],
  ] as const)('level %i in %s means %s', (level, language, meaning) => {
    expect(priorityMeaning(level, language)).toMatch(meaning);
  });

  it('lists levels most urgent first', () => {
    expect(PRIORITY_LEVELS).toEqual([1, 2, 3]);
  });
});

describe('category levels', () => {
  it.each([
    ['OUTAGE', 1],
    ['DEGRADATION', 2],
    ['OPTIMISATION', 2],
    ['ADMINISTRATIVE', 3],
  ] as const)('%s is level %i', (category, level) => {
    expect(categoryLevel(category)).toBe(level);
  });
});

describe('keywords decide the level when nothing else does', () => {
  it.each([
    ['Caída total del servicio en Lima', 1, 'caída total del servicio'],
    ['CAIDA TOTAL en la sede central', 1, 'caída total'],
    ['Servicio caído desde las 9', 1, 'caído'],
    ['Interrupción del enlace principal', 1, 'interrupción'],
    ['Estamos sin servicio', 1, 'sin servicio'],
    ['Router fuera de servicio', 1, 'fuera de servicio'],
    ['Total outage in Frankfurt', 1, 'outage'],
    ['Our link is DOWN', 1, 'is down'],
    ['Se cayó el enlace de Madrid', 1, 'se cayó'],
    ['Corte de fibra en Valencia', 1, 'corte de fibra'],
    ['Sin internet desde las 9', 1, 'sin internet'],
    ['Downtime since 09:00', 1, 'downtime'],
    ['link-down alarm on port 3', 1, 'link down'],
    ['No service since 10:00', 1, 'no service'],
    ['Gateway unreachable', 1, 'unreachable'],
    ['Packet loss towards AMS-IX', 2, 'packet loss'],
    ['High latency to São Paulo', 2, 'high latency'],
    ['Download speed is slow', 2, 'slow'],
    ['Service degraded after maintenance', 2, 'degraded'],
    ['Pérdida de paquetes en el enlace', 2, 'pérdida de paquetes'],
    ['perdida de paquetes y latencia', 2, 'pérdida de paquetes'],
    ['Lentitud en la navegación', 2, 'lentitud'],
    ['La conexión está muy lenta', 2, 'lenta'],
    ['Red degradada desde ayer', 2, 'degradada'],
    ['Pérdida de paquete hacia Lima', 2, 'pérdida de paquete'],
    ['Route optimization request', 2, 'optimization'],
    ['Solicitud de optimización de rutas', 2, 'optimización'],
    ['Question about invoices', 3, 'invoice'],
    ['Copia de la factura de marzo', 3, 'factura'],
    ['Renovación del contrato', 3, 'renovación'],
  ] as const)('%j is level %i by keyword %j', (text, level, matched) => {
    expect(decidePriority({ text })).toEqual({ level, source: 'keyword', matched, mismatch: false });
  });

  it.each([
    'Download speed test results',
    'Please send the downloads',
    'Breakdown of last month usage',
    'Slowly but surely',
    'Hello',
    'Down payment on the contract',
    'Please shut down the old port, the contract ended',
    'The link is not down anymore',
    'Planned maintenance: no service interruption expected',
    'Aviso de interrupción programada el domingo',
    'Transit via Level 3 is slow',
  ])('%j gives no level-1 keyword', (text) => {
    expect(decidePriority({ text }).level).not.toBe(1);
  });

  it('takes the most urgent keyword when several appear', () => {
    expect(decidePriority({ text: 'Invoice question, also packet loss and now the link is down' })).toMatchObject({
      level: 1,
      source: 'keyword',
    });
  });

  it('defaults to Standard when nothing matches', () => {
    expect(decidePriority({ text: 'Please call me back' })).toEqual({ level: 3, source: 'default', mismatch: false });
    expect(decidePriority({})).toEqual({ level: 3, source: 'default', mismatch: false });
  });
});

describe('explicit level words', () => {
  it.each([
    ['[P1] Link down', 1],
    ['p2: packet loss', 2],
    ['Priority 1 please', 1],
    ['PRIORITY: 3', 3],
    ['P2 link down', 2],
    ['Solicitud con Prioridad Máxima', 1],
    ['prioridad maxima', 1],
    ['Prioridad alta para este caso', 2],
    ['Alta prioridad', 2],
    ['Prioridad estándar', 3],
    ['Maximum priority', 1],
    ['High priority', 2],
    ['Standard priority', 3],
    ['Sev1 incident', 1],
    ['P1 first, then level 3', 1],
  ] as const)('%j asks for level %i', (text, level) => {
    expect(findRequestedLevel(text)).toBe(level);
  });

  // Level 3 is a carrier, "nivel 2" a floor, "p1" a port: bare level words are not requests.
  it.each(['P10 port', 'Level 4', 'Level 2', 'Transit via Level 3 down', 'Sala nivel 2: sin servicio', 'Port p1 flapping', 'Firmware 1.2', 'SOF-12345', 'MP3 player', 'priority handling'])(
    '%j asks for no level',
    (text) => {
      expect(findRequestedLevel(text)).toBeUndefined();
    },
  );
});

describe('deciding the level', () => {
  it.each([
    'Router down in Madrid',
    'Madrid PoP down',
    'Internet down',
    'All links down!',
    'Interrupción no programada del servicio',
    'Caída no prevista del enlace en Madrid',
    'Outage, not planned',
    'Outage outside the scheduled window',
    'the casino abcdefghijklmnopqrst outage',
  ])('%j is level 1', (text) => {
    expect(decidePriority({ text }).level).toBe(1);
  });

  it('an outage on a carrier called Level 3 is level 1 by keyword, not a request for level 3', () => {
    expect(decidePriority({ text: 'Transit via Level 3 down since 09:00' })).toMatchObject({ level: 1, source: 'keyword', matched: 'down since' });
  });

  it.each([
    [{ requestedLevel: 2, category: 'OUTAGE', text: 'down' }, 2, 'requested'],
    [{ category: 'OUTAGE', text: 'invoice' }, 1, 'category'],
    [{ category: 'ADMINISTRATIVE', text: 'link down' }, 3, 'category'],
    [{ text: 'P2 link down' }, 2, 'requested'],
    [{ text: 'link down' }, 1, 'keyword'],
    [{}, 3, 'default'],
  ] as const)('%j gives level %i from %s', (input, level, source) => {
    expect(decidePriority(input)).toMatchObject({ level, source });
  });

  it.each([
    [{ requestedLevel: 1, category: 'ADMINISTRATIVE' }, 3],
    [{ requestedLevel: 3, text: 'Caída total del servicio' }, 1],
    [{ requestedLevel: 1, text: 'Please send the invoice' }, 3],
    [{ text: 'Prioridad Máxima: copia de factura' }, 3],
    [{ requestedLevel: 1, category: 'ADMINISTRATIVE', text: 'outage' }, 3],
  ] as const)('flags %j as a mismatch suggesting level %i', (input, suggestedLevel) => {
    expect(decidePriority(input)).toMatchObject({ source: 'requested', mismatch: true, suggestedLevel });
  });

  it.each([
    { requestedLevel: 1, category: 'OUTAGE' },
    { requestedLevel: 1, text: 'link down' },
    { requestedLevel: 2, text: 'please call' },
  ] as const)('does not flag %j, where nothing disagrees', (input) => {
    const decision = decidePriority(input);
    expect(decision.mismatch).toBe(false);
    expect(decision).not.toHaveProperty('suggestedLevel');
  });

  it('says which request, category or keyword gave the level', () => {
    expect(decidePriority({ requestedLevel: 1 }).matched).toBe('level 1');
    expect(decidePriority({ text: 'Prioridad Máxima' }).matched).toBe('prioridad maxima');
    expect(decidePriority({ category: 'DEGRADATION' }).matched).toBe('DEGRADATION');
  });

  it('validates API input', () => {
    expect(PriorityInputSchema.safeParse({ requestedLevel: 1, category: 'OUTAGE' }).success).toBe(true);
    expect(PriorityInputSchema.safeParse({ requestedLevel: 4 }).success).toBe(false);
    expect(PriorityInputSchema.safeParse({ category: 'URGENT' }).success).toBe(false);
  });
});
