import { describe, it, expect } from 'vitest';
import { HotlinesSchema, hotlinesFor } from '../src/index.js';
import type { Hotline } from '../src/index.js';

const hotlines: readonly Hotline[] = [
  { region: 'Europe', country: 'ES', phone: '+34 910 000 000', kind: 'HOTLINE', languages: ['es', 'en'] },
  { region: 'Europe', country: 'DE', phone: '+49 30 0000000', kind: 'IVR', languages: ['en'] },
  { region: 'LATAM', country: 'PE', phone: '+51 1 000 0000', kind: 'HOTLINE', languages: ['es'] },
];

describe('hotlines for a customer', () => {
  it.each([
    ['europe', ['+34 910 000 000', '+49 30 0000000']],
    ['LATAM', ['+51 1 000 0000']],
    ['es', ['+34 910 000 000']],
    ['Asia', ['+34 910 000 000', '+49 30 0000000', '+51 1 000 0000']],
    [undefined, ['+34 910 000 000', '+49 30 0000000', '+51 1 000 0000']],
  ] as const)('for region %j lists %j', (region, phones) => {
    expect(hotlinesFor(hotlines, region).map((hotline) => hotline.phone)).toEqual(phones);
  });
});

describe('hotlines from configuration', () => {
  it('accepts a valid list', () => {
    expect(HotlinesSchema.parse(hotlines)).toEqual(hotlines);
  });

  it.each([
    [{ region: 'Europe', phone: '910 000 000', kind: 'HOTLINE', languages: ['es'] }, 'a number without country code'],
    [{ region: 'Europe', phone: '+34 910 000 000', kind: 'FAX', languages: ['es'] }, 'an unknown kind'],
    [{ region: 'Europe', phone: '+34 910 000 000', kind: 'IVR', languages: [] }, 'no language'],
    [{ region: '', phone: '+34 910 000 000', kind: 'IVR', languages: ['en'] }, 'no region'],
    [{ region: 'Europe', country: 'Spain', phone: '+34 910 000 000', kind: 'IVR', languages: ['en'] }, 'a country name'],
  ])('refuses %j (%s)', (hotline, _why) => {
    expect(HotlinesSchema.safeParse([hotline]).success).toBe(false);
  });
});
