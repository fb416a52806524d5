import { defineConfig } from 'tsup';

// ESM keeps one file per source module: with `sideEffects: false`, a browser bundle that imports
// `parseTicketNumber` loads ticket-number.js only, not the modules (and their schemas) it does not use.
// CommonJS, for `require` in Node, is one file. Each format cleans only its own files, since both
// builds write to dist/ at the same time.
export default defineConfig([
  {
    entry: ['src/**/*.ts'],
    bundle: false,
    format: ['esm'],
    dts: { entry: 'src/index.ts' },
    tsconfig: 'tsconfig.build.json',
    sourcemap: true,
    clean: ['**/*.js', '**/*.js.map', '**/*.d.ts'],
    // Browsers and Node 20 alike.
    target: 'es2022',
  },
  {
    entry: ['src/index.ts'],
    format: ['cjs'],
    dts: true,
    tsconfig: 'tsconfig.build.json',
    sourcemap: true,
    clean: ['**/*.cjs', '**/*.cjs.map', '**/*.d.cts'],
    target: 'es2022',
  },
]);
