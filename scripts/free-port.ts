// A free port, for a server that must be told its port before it starts (PostgreSQL, Chrome's
// remote debugging): one that nothing on 127.0.0.1 listens on right now.
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';

export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
