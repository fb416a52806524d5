// The source procedure's "map" of support numbers: hotlines for level-1 outages and the IVR for step 2.
import { hotlinesFor, type Hotline } from '@nocdesk/domain';
import { builder } from './builder.js';
import { LanguageEnum } from './customer.js';

const HotlineKindEnum = builder.enumType('HotlineKind', {
  values: { HOTLINE: { description: 'Support hotline: for level-1 outages.' }, IVR: { description: 'Call centre / IVR: quote your ticket number (step 2).' } } as const,
});

const HotlineRef = builder.objectRef<Hotline>('Hotline').implement({
  fields: (t) => ({
    region: t.exposeString('region'),
    country: t.string({ nullable: true, resolve: (h) => h.country ?? null }),
    phone: t.exposeString('phone'),
    kind: t.field({ type: HotlineKindEnum, resolve: (h) => h.kind }),
    languages: t.field({ type: [LanguageEnum], resolve: (h) => [...h.languages] }),
  }),
});

builder.queryField('hotlines', (t) =>
  t.field({
    type: [HotlineRef],
    args: { region: t.arg.string({ required: false }) },
    resolve: (_root, args, ctx) => hotlinesFor(ctx.desk.config.hotlines, args.region ?? undefined),
  }),
);
