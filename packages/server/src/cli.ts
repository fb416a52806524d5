#!/usr/bin/env node
// The `nocdesk` command. Each command loads only what it needs: the mailgate, started by an MTA once
// per message, loads none of the server.
async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'mailgate') return (await import('./cli/mailgate-command.js')).mailgateCommand(argv.slice(1));
  return (await import('./cli/desk-commands.js')).runDeskCommand(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    // A wrong setting is the operator's to fix (EX_CONFIG); anything else is a fault (EX_SOFTWARE).
    const config = error instanceof Error && error.name === 'ConfigError';
    console.error(config ? (error as Error).message : error);
    process.exitCode = config ? 78 : 70;
  },
);
