// `npm run cli -- <command> …`: the server's functions without the server. One line per command;
// each command lives in its own module under server/cli/.
import type { CliCommand } from './cli/command';
import { explainError } from './http/problem';
import { userAdd } from './cli/userAdd';
import { backup } from './cli/backup';
import { importLedger } from './cli/importLedger';
import { report } from './cli/report';
import { demo } from './cli/demo';
import { reviewHolds } from './cli/reviewHolds';
import { attach } from './cli/attach';

const COMMANDS: Record<string, CliCommand> = {
  'user add': userAdd,
  backup: backup,
  import: importLedger,
  report: report,
  demo: demo,
  'review-holds': reviewHolds,
  attach: attach,
};

function usage(): string {
  return ['Usage: npm run cli -- <command>', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  // Longest match first, so `user add` wins over a hypothetical `user`.
  const name = Object.keys(COMMANDS)
    .sort((a, b) => b.length - a.length)
    .find((n) => argv.slice(0, n.split(' ').length).join(' ') === n);
  if (!name) {
    console.error(usage());
    return argv.length === 0 || argv[0] === '--help' ? 0 : 2;
  }
  return (await COMMANDS[name].run(argv.slice(name.split(' ').length))) ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(explainError(err));
    process.exit(1);
  },
);
