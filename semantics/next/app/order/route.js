// Next.js: after() in a Route Handler, run under next build + next start.
import { after } from 'next/server';
import { order, requestContext } from '../../../apps/kinds.mjs';

export const dynamic = 'force-dynamic';

export async function POST(request) {
  const q = new URL(request.url).searchParams;
  const id = q.get('id') ?? '';
  const status = await requestContext.run(id, () =>
    order(q.get('kind') ?? 'basic', id, Number(q.get('ms') ?? 0), (_, fn) =>
      after(fn),
    ),
  );
  return Response.json(status >= 400 ? { error: 'bad request' } : { id }, {
    status,
  });
}
