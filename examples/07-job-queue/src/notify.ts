import type { ConfirmationJob } from './queue.js';

// #region send-confirmation
/** Sends the order confirmation through the email provider's HTTP API.
 * The idempotency key names the order: if this runs twice for one order (a
 * retry after a crash), the provider sends the email once. */
export async function sendConfirmation(
  emailApiUrl: string,
  { orderId, email }: ConfirmationJob,
  signal?: AbortSignal,
): Promise<void> {
  const res = await fetch(`${emailApiUrl}/emails`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `order-confirmation/${orderId}`,
    },
    body: JSON.stringify({ to: email, subject: `Order ${orderId} confirmed` }),
    signal,
  });
  // A non-2xx answer fails the attempt; the queue retries it.
  if (!res.ok) throw new Error(`email API answered ${res.status}`);
}
// #endregion send-confirmation
