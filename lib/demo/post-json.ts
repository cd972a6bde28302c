// The demos' HTTP client: a real request over the network, like any client's.
import type { TimingLog } from './timing-log.js';

/** POST `body` as JSON to `url`; note in `log` the status and body it got. */
export async function postJson(
  url: string,
  body: unknown,
  log: Pick<TimingLog, 'note'>,
): Promise<Response> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  log.note(`client got ${res.status} ${await res.clone().text()}`);
  return res;
}
