import { defineConfig } from 'tsup';

// ESM for bundlers and `import`, CommonJS for `require`, each with its own declarations
// (index.d.ts beside index.js, index.d.cts beside index.cjs).
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
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
