// One measurement: autocannon drives `url` for `seconds` with `connections`
// concurrent connections, each sending POST /orders as soon as its last
// response arrived (a closed loop). Loopback only.
import autocannon from 'autocannon';

export interface Load {
  /** 2xx responses per second. */
  rps: number;
  /** Latency percentiles of the 2xx responses, in ms. */
  p50: number;
  p99: number;
  responses: number;
}

/** The value below which a fraction `q` of the sorted `values` lie. */
const percentile = (sorted: number[], q: number) =>
  sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;

export async function measure(
  url: string,
  connections: number,
  seconds: number,
): Promise<Load> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url))
    throw new Error(`the bench sends load to 127.0.0.1 only, not ${url}`);
  // autocannon's own histogram keeps whole milliseconds; a response on
  // loopback takes less than one, so each response time is kept here.
  const times: number[] = [];
  let failed = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'buyer@example.com' }),
        connections,
        duration: seconds,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client, status, _bytes, ms) =>
      status >= 200 && status < 300 ? times.push(ms) : failed++,
    );
  });
  const elapsed = (performance.now() - started) / 1000;
  if (failed || result.errors || result.timeouts)
    throw new Error(
      `${url}: ${failed} non-2xx answers, ${result.errors} errors, ` +
        `${result.timeouts} timeouts`,
    );
  times.sort((a, b) => a - b);
  return {
    rps: times.length / elapsed,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    responses: times.length,
  };
}
