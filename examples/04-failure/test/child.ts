// Runs one of the example's scripts in its own Node process, the way `npm start` does, and collects what it did.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What Node prints when an uncaught exception or unhandled rejection ends the process. */
export const crashReport =
  /UnhandledPromiseRejection|triggerUncaughtException|^Node\.js v\d+/m;

/** `node --import tsx <script>` in the example directory; resolves when the process has exited by itself. */
export function runScript(script: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: exampleDir,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout
      .setEncoding('utf8')
      .on('data', (chunk: string) => (stdout += chunk));
    child.stderr
      .setEncoding('utf8')
      .on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
