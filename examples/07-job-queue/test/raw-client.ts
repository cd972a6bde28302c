// A PostgreSQL client that speaks the wire protocol by hand, so a test can
// choose how a query's bytes are split between writes.
import { once } from 'node:events';
import { connect } from 'node:net';

export const message = (type: string, body: Buffer) => {
  const head = Buffer.alloc(5);
  head.write(type, 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};
export const text = (s: string) => Buffer.from(`${s}\0`);
export const int16 = (n: number) => Buffer.from([n >> 8, n & 255]);

/** A client that speaks the protocol by hand, to choose how its bytes are
 * split. `reply()` resolves with everything up to the next ReadyForQuery. */
export async function rawClient(url: string) {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  await once(socket, 'connect');
  let buffered = Buffer.alloc(0);
  let waiter: (() => void) | undefined;
  socket.on('data', (data) => {
    buffered = Buffer.concat([buffered, data]);
    waiter?.();
  });
  const ready = Buffer.from([0x5a, 0, 0, 0, 5]); // ReadyForQuery
  const reply = () =>
    new Promise<Buffer>((resolve) => {
      (waiter = () => {
        const end = buffered.indexOf(ready);
        if (end < 0) return;
        const done = buffered.subarray(0, end + 6);
        buffered = buffered.subarray(end + 6);
        resolve(done);
      })();
    });
  const params = Buffer.concat([
    text('user'),
    text('postgres'),
    text('database'),
    text('postgres'),
    Buffer.from([0]),
  ]);
  const startup = Buffer.alloc(8);
  startup.writeInt32BE(8 + params.length, 0);
  startup.writeInt32BE(196608, 4); // protocol 3.0
  socket.write(Buffer.concat([startup, params]));
  await reply();
  return { socket, reply };
}

/** The column names in a reply's RowDescription messages. */
export function columns(reply: Buffer): string[] {
  const names: string[] = [];
  for (let at = 0; at < reply.length; at += 1 + reply.readInt32BE(at + 1)) {
    if (reply[at] !== 0x54) continue; // RowDescription
    names.push(reply.toString('utf8', at + 7, reply.indexOf(0, at + 7)));
  }
  return names;
}

/** The messages of a reply's ErrorResponse messages (field M). */
export function errors(reply: Buffer): string[] {
  const found: string[] = [];
  for (let at = 0; at < reply.length; at += 1 + reply.readInt32BE(at + 1)) {
    if (reply[at] !== 0x45) continue; // ErrorResponse
    const end = at + 1 + reply.readInt32BE(at + 1);
    // Fields: a type byte, then a null-terminated string; a 0 ends them.
    for (let field = at + 5; field < end && reply[field] !== 0;) {
      const value = reply.indexOf(0, field + 1);
      if (reply[field] === 0x4d)
        // M: the message
        found.push(reply.toString('utf8', field + 1, value));
      field = value + 1;
    }
  }
  return found;
}
