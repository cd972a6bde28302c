// The second client of the demo and the tests. Its connection is opened in advance, so `get()`
// writes the request to the socket at once, even when the event loop is about to be blocked:
// the request is on its way before the task starts, as it would be from another machine.
import { once } from 'node:events';
import { connect } from 'node:net';

export interface Reply {
  status: number;
  body: unknown;
  /** True if the request's bytes left this process inside `get()` itself. */
  writtenAtOnce: boolean;
}

export async function openConnection(baseUrl: string) {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return {
    /** Sends `GET path` now and resolves with the reply (one request per connection). */
    async get(path: string): Promise<Reply> {
      const ended = once(socket, 'end');
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`,
      );
      const writtenAtOnce = socket.writableLength === 0;
      await ended;
      const raw = Buffer.concat(chunks).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      return {
        status: Number(raw.split(' ')[1]),
        body: JSON.parse(raw.slice(split + 4)),
        writtenAtOnce,
      };
    },
    close: () => socket.destroy(),
  };
}
