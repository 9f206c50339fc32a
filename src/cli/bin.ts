// Entry point of the bundled CLI (dist/cli/crashlens.mjs).
import { main } from './main';

main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`crashlens: internal error: ${String(e)}\n`);
    process.exitCode = 1;
  },
);
