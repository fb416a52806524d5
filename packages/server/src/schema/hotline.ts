// The source procedure's "map" of support numbers: hotlines for level-1 outages and the IVR for step 2.
import { hotlinesFor, type Hotline } from '@nocdesk/domain';
import { builder } from './builder.js';
import { LanguageEnum } from './customer.js';

const HotlineKindEnum = builder.enumType('HotlineKind', {
  description: 'What a support number is for.',
  values: { HOTLINE: { description: 'Support hotline: for level-1 outages.' }, IVR: { description: 'Call centre / IVR: quote your ticket number (step 2).' } } as const,
});

const HotlineRef = builder.objectRef<Hotline>('Hotline').implement({
  description: 'A support number of the NOC (the source procedure’s map of numbers).',
  fields: (t) => ({
    region: t.exposeString('region', { description: 'The region it serves, e.g. Europe.' }),
    country: t.string({ nullable: true, description: 'ISO 3166 country code, when it is a national number.', resolve: (h) => h.country ?? null }),
    phone: t.exposeString('phone', { description: 'The number to dial, in international form.' }),
    kind: t.field({ type: HotlineKindEnum, description: 'What it is for.', resolve: (h) => h.kind }),
    languages: t.field({ type: [LanguageEnum], description: 'The languages spoken on it.', resolve: (h) => [...h.languages] }),
  }),
});

builder.queryField('hotlines', (t) =>
  t.field({
    type: [HotlineRef],
    description: 'The support numbers: hotlines for level-1 outages, the IVR for step 2. No token needed.',
    args: { region: t.arg.string({ required: false, description: 'Only this region’s numbers.' }) },
    resolve: (_root, args, ctx) => hotlinesFor(ctx.desk.config.hotlines, args.region ?? undefined),
  }),
);
