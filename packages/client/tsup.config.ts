import { defineConfig } from 'tsup';

// ESM for bundlers and `import`, CommonJS for `require`, each with its own declarations
// (index.d.ts beside index.js, index.d.cts beside index.cjs). Two entry points: the client, and
// subscriptions (which bundles graphql-sse, so the client's bundle never carries it).
export default defineConfig({
  entry: ['src/index.ts', 'src/subscriptions.ts'],
  format: ['esm', 'cjs'],
  // Code both entries use (the error classes above all) goes to one shared chunk in both formats, so
  // `instanceof NocdeskError` holds for errors from either entry, also under `require`.
  splitting: true,
  // graphql-sse's client has no run-time dependency of its own (graphql only for its types): bundled,
  // partners install nothing more and never see graphql.
  noExternal: ['graphql-sse'],
  dts: {
    // The generated documents implement `DocumentTypeDecoration`, a type-only interface: inlined
    // into our declarations, so installing the client never brings in its package (whose peer is graphql).
    resolve: ['@graphql-typed-document-node/core'],
  },
  tsconfig: 'tsconfig.build.json',
  sourcemap: true,
  clean: true,
  // Browsers and Node 20 alike.
  target: 'es2022',
});
