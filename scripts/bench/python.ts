// The peer needs a python3 that imports both fastapi and uvicorn. The first
// python3 on PATH may be another interpreter (pyenv, a virtualenv) than the
// one the packages went into (Debian's python3-fastapi), so every python3
// on PATH is asked, in order; BENCH_PYTHON names one to use instead.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const probe = `
import importlib.util, json, platform, sys
import fastapi, pydantic, starlette, uvicorn
has = lambda name: importlib.util.find_spec(name) is not None
print(json.dumps({
  "python": platform.python_version(),
  "executable": sys.executable,
  "fastapi": fastapi.__version__,
  "uvicorn": uvicorn.__version__,
  "starlette": starlette.__version__,
  "pydantic": pydantic.VERSION,
  "loop": "uvloop" if has("uvloop") else "asyncio",
  "http": "httptools" if has("httptools") else "h11",
}))
`;

export interface Python {
  python: string;
  executable: string;
  fastapi: string;
  uvicorn: string;
  starlette: string;
  pydantic: string;
  loop: string;
  http: string;
}

function candidates() {
  if (process.env.BENCH_PYTHON) return [process.env.BENCH_PYTHON];
  const found = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, 'python3'))
    .filter((file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  return [...new Set(found)];
}

/** The interpreter to run the peer with, or why there is none. */
export async function findPython(): Promise<Python | { skipped: string }> {
  const tried: string[] = [];
  for (const file of candidates()) {
    try {
      const { stdout } = await promisify(execFile)(file, ['-c', probe]);
      return JSON.parse(stdout) as Python;
    } catch (error) {
      // The interpreter's own last words, or why it did not start (ENOENT).
      const { stderr, message } = error as { stderr?: string; message: string };
      const lines = (stderr?.trim() || message.trim()).split('\n');
      tried.push(lines.at(-1) ?? 'failed');
    }
  }
  const [which, imports] =
    tried.length === 1
      ? ['the one python3 tried', 'does not import']
      : [`none of the ${tried.length} python3 tried`, 'imports'];
  const none = `${which} (BENCH_PYTHON, or those on PATH) ${imports} fastapi and uvicorn (${[...new Set(tried)].join('; ')})`;
  return {
    skipped:
      (tried.length ? none : 'no python3 on PATH') +
      '; on Debian or Ubuntu: apt-get install python3-fastapi python3-uvicorn',
  };
}
