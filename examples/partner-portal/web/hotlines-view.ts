// The support numbers by region (the source procedure's "map"): hotlines for outages, the IVR for
// step 2 with a ticket number at hand.
import type { Hotline } from '@nocdesk/client';
import { h, show } from './dom.js';
import type { PortalContext } from './portal-context.js';

export function hotlinesView(ctx: PortalContext): { readonly element: HTMLElement; refresh(): Promise<void> } {
  const { t } = ctx;
  const regions = h('div', { class: 'regions' });
  return {
    element: h('div', { id: 'hotlines' }, h('p', { class: 'hint' }, t.hotlinesHint), regions),
    async refresh() {
      const hotlines = await ctx.client.hotlines.list();
      const byRegion = new Map<string, Hotline[]>();
      for (const line of hotlines) byRegion.set(line.region, [...(byRegion.get(line.region) ?? []), line]);
      show(
        regions,
        ...[...byRegion].map(([region, lines]) =>
          h(
            'section',
            { class: 'panel region', 'data-region': region },
            h('h2', {}, region),
            h(
              'table',
              { class: 'list' },
              h('thead', {}, h('tr', {}, ...[t.hotlineColumns.country, t.hotlineColumns.phone, t.hotlineColumns.kind, t.hotlineColumns.languages].map((c) => h('th', {}, c)))),
              h('tbody', {}, ...lines.map((line) => h('tr', {}, h('td', {}, line.country ?? ''), h('td', {}, h('a', { href: `tel:${line.phone.replace(/\s+/g, '')}` }, line.phone)), h('td', {}, t.hotlineKinds[line.kind]), h('td', {}, line.languages.join(', '))))),
            ),
          ),
        ),
      );
    },
  };
}
