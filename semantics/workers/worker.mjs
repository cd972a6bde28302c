// Cloudflare Workers: each task's promise handed to ctx.waitUntil(), as
// Cloudflare's docs show it. Run under workerd by host.mjs (miniflare).
import { order, requestContext } from '../apps/kinds.mjs';

export default {
  async fetch(request, env, ctx) {
    const q = new URL(request.url).searchParams;
    const id = q.get('id') ?? '';
    const status = await requestContext.run(id, () =>
      order(q.get('kind') ?? 'basic', id, Number(q.get('ms') ?? 0), (_, fn) =>
        ctx.waitUntil(Promise.resolve().then(fn)),
      ),
    );
    return Response.json(status >= 400 ? { error: 'bad request' } : { id }, {
      status,
    });
  },
};
