// Runs a command quietly for a check: its exit code and everything it printed.
import { execFile } from 'node:child_process';

export function run(cmd: string, args: string[], cwd: string) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      cmd,
      args,
      {
        cwd,
        env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number(error.code ?? 1) || 1 : 0,
          output: `${stdout}${stderr}`,
        }),
    );
  });
}
