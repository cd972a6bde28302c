// A stand-in for an email provider's HTTP API, such as Postmark or Resend:
// POST /emails with an Idempotency-Key header. Like those providers, it sends
// each key's email once; a request that repeats a key is answered without
// sending again. The demo and the tests run it, and hold or refuse requests
// through its hooks.
import express from 'express';

export interface Email {
  key: string;
  to: string;
  subject: string;
}

export interface EmailApiHooks {
  /** Before sending. Resolve to an HTTP status to refuse the request. If
   * the client hangs up while this is pending, nothing is sent. */
  beforeSend?: (email: Email) => Promise<number | void> | number | void;
  /** After sending, before answering. */
  afterSend?: (email: Email) => Promise<void> | void;
}

export function createEmailApi() {
  const received: Email[] = []; // every request, in order
  const sent = new Map<string, Email>(); // one email per key
  const hooks: EmailApiHooks = {};
  const app = express();

  app.post('/emails', express.json(), async (req, res) => {
    const email: Email = {
      key: req.get('idempotency-key') ?? '',
      to: String(req.body?.to),
      subject: String(req.body?.subject),
    };
    received.push(email);
    // Resolves when the client hangs up (or the answer is sent).
    const closed = new Promise<'closed'>((resolve) =>
      res.on('close', () => resolve('closed')),
    );
    const before = await Promise.race([
      Promise.resolve(hooks.beforeSend?.(email)),
      closed,
    ]);
    if (before === 'closed') return; // the client is gone: nothing sent
    if (before) return void res.status(before).json({ error: 'unavailable' });
    const duplicate = sent.has(email.key);
    if (!duplicate) sent.set(email.key, email);
    await Promise.race([hooks.afterSend?.(email), closed]);
    res.status(duplicate ? 200 : 202).json({ key: email.key, duplicate });
  });

  return { app, hooks, received, sent };
}
