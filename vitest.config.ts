import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Workspace packages resolve to their sources so tests never need a build first.
const alias = {
  // One graphql module instance: Pothos and Yoga load graphql's CommonJS build, so everything must.
  graphql: 'graphql/index.js',
  '@nocdesk/domain': fileURLToPath(new URL('./packages/domain/src/index.ts', import.meta.url)),
  '@nocdesk/server': fileURLToPath(new URL('./packages/server/src/index.ts', import.meta.url)),
  // Before '@nocdesk/client', which would otherwise claim it as a path under itself.
  '@nocdesk/client/subscriptions': fileURLToPath(new URL('./packages/client/src/subscriptions.ts', import.meta.url)),
  '@nocdesk/client': fileURLToPath(new URL('./packages/client/src/index.ts', import.meta.url)),
};

// .ci/run asks for a JSON report to print its one-line totals.
const jsonReport = process.env.NOCDESK_VITEST_JSON;

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
    projects: [
      { resolve: { alias }, test: { name: 'domain', root: './packages/domain', include: ['test/**/*.test.ts'] } },
      {
        resolve: { alias },
        test: {
          name: 'server',
          root: './packages/server',
          include: ['test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { resolve: { alias }, test: { name: 'client', root: './packages/client', include: ['test/**/*.test.ts'] } },
      { resolve: { alias }, test: { name: 'examples', root: './examples', include: ['*/test/**/*.test.ts'] } },
    ],
    benchmark: { include: ['packages/*/bench/**/*.bench.ts'] },
  },
});
