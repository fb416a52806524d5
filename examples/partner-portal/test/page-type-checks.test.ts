// The page (web/) runs in a browser, so the workspace's Node type-check leaves it out: it is checked
// here against its own tsconfig.json (DOM types, @nocdesk/client from its sources), strictly.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

it('the page type-checks against the DOM and the client’s types', () => {
  const configFile = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  if (!parsed) throw new Error('tsconfig.json could not be read');
  expect(parsed.fileNames.some((f) => f.endsWith('web/main.ts'))).toBe(true);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const problems = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(problems).toEqual([]);
}, 60_000);
