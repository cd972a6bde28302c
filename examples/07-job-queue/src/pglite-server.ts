// Serves a PGlite database on 127.0.0.1 to any number of PostgreSQL clients.
// PGlite is one PostgreSQL session, so the clients take turns: a client
// keeps its turn from its first message until the session is idle again,
// at the end of its query or, inside a transaction, of its transaction.
//
// @electric-sql/pglite-socket does the wire protocol (PGLiteSocketHandler,
// one per connection). Its own server (PGLiteSocketServer, 0.2.17) hands
// out turns by message, not by query, outside transactions: under load,
// the Parse/Bind/Execute/Sync messages of two clients can interleave, and
// one client's statement then runs with the other's (pglite issue #1046).
// This file replaces that queue. test/orders.test.ts runs the package's
// server too ("PGLiteSocketServer of @electric-sql/pglite-socket"): once
// that test fails, the fix has shipped; delete this file and serve PGlite
// with PGLiteSocketServer.
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';
import {
  PGLiteSocketHandler,
  type PGLiteSocketHandlerOptions,
} from '@electric-sql/pglite-socket';

const message = (type: string, body: string) => {
  const bytes = Buffer.alloc(5 + Buffer.byteLength(body));
  bytes.write(type, 0);
  bytes.writeInt32BE(bytes.length - 1, 1);
  bytes.write(body, 5);
  return new Uint8Array(bytes);
};
const SYNC = message('S', '');
const ROLLBACK = message('Q', 'ROLLBACK\0');

/** After these, the session waits for a new query (ReadyForQuery): a
 * simple Query, a Sync, a Terminate, or the startup packet (no type byte;
 * it starts with its length, whose first byte is 0). */
const endsQuery = (msg: Uint8Array) => [0x51, 0x53, 0x58, 0].includes(msg[0]!);

interface Waiting {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

/** The queue PGLiteSocketHandler sends each client message to. */
class Turns {
  private waiting: Waiting[] = [];
  private owner: number | null = null; // whose turn it is, if anyone's
  private running = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, msg: Uint8Array, onData: Waiting['onData']) {
    return new Promise<number>((resolve, reject) => {
      this.waiting.push({ handlerId, message: msg, onData, resolve, reject });
      void this.run();
    });
  }

  private async run() {
    if (this.running) return;
    this.running = true;
    for (;;) {
      const next = this.waiting.findIndex(
        (w) => this.owner === null || w.handlerId === this.owner,
      );
      if (next < 0) break;
      const [item] = this.waiting.splice(next, 1);
      let bytes = 0;
      try {
        await this.db.runExclusive(() =>
          this.db.execProtocolRawStream(item!.message, {
            onRawData: (data) => {
              bytes += data.length;
              item!.onData(data);
            },
          }),
        );
        item!.resolve(bytes);
      } catch (error) {
        item!.reject(error);
      }
      const idle = endsQuery(item!.message) && !this.db.isInTransaction();
      this.owner = idle ? null : item!.handlerId;
    }
    this.running = false;
  }

  getQueueLength() {
    return this.waiting.length;
  }

  clearQueueForHandler(handlerId: number) {
    for (const w of this.waiting.filter((w) => w.handlerId === handlerId))
      w.reject(new Error('client disconnected'));
    this.waiting = this.waiting.filter((w) => w.handlerId !== handlerId);
  }

  /** A client left during its turn (a killed process): end its query and
   * roll back its transaction, so the next client finds an idle session. */
  async clearTransactionIfNeeded(handlerId: number) {
    if (this.owner !== handlerId) return;
    await this.db.runExclusive(async () => {
      await this.db.execProtocolRawStream(SYNC, { onRawData: () => {} });
      if (this.db.isInTransaction())
        await this.db.execProtocolRawStream(ROLLBACK, { onRawData: () => {} });
    });
    this.owner = null;
    void this.run();
  }
}

type QueryQueue = PGLiteSocketHandlerOptions['queryQueue'];

/** Serves `db` on a free port of 127.0.0.1; its postgres:// URL. */
export async function servePGlite(db: PGlite) {
  const turns = new Turns(db);
  const sockets = new Set<Socket>();
  let refusing = false;
  const server = createServer((socket) => {
    if (refusing) return socket.destroy();
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const handler = new PGLiteSocketHandler({
      // Turns has every public method of the library's queue (checked by
      // `satisfies`); the option's type is that class, whose private fields
      // no other class can have, hence the cast after the check.
      queryQueue: turns satisfies Pick<
        QueryQueue,
        keyof QueryQueue
      > as unknown as QueryQueue,
      closeOnDetach: true,
    });
    handler.attach(socket).catch(() => socket.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
    /** Drops every client and refuses new ones, until the returned
     * function is called: the database is gone, then back. */
    interrupt() {
      refusing = true;
      for (const socket of sockets) socket.destroy();
      return async () => void (refusing = false);
    },
  };
}
