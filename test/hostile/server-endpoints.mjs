// Test-only endpoints for the hostile-code suite (test/hostile/). Registered in web-test-runner.config.mjs.
//
//   GET  /hostile/set-cookie?name=N&value=V   sets an HttpOnly cookie N=V on the page's origin (path /)
//   ANY  /hostile/echo?probe=P                 answers with the request's Cookie header, and remembers it under P
//   GET  /hostile/seen?probe=P                 the Cookie headers of every /hostile/echo request made with probe P
//   GET  /hostile/has-cookie?name=N            whether this request carried cookie N (the page cannot read HttpOnly ones)
//
// /hostile/echo answers CORS as permissively as a server can (it reflects any Origin, `null` included, and allows
// credentials): the worst case for the page, so that only the browser's own rules keep cookies away from the sandbox.
const seenByProbe = new Map();

function cookieNamed(header, name) {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export async function hostileEndpoints(ctx, next) {
  if (!ctx.path.startsWith('/hostile/')) return next();
  ctx.set('Cache-Control', 'no-store');
  switch (ctx.path) {
    case '/hostile/set-cookie': {
      const { name, value } = ctx.query;
      ctx.set('Set-Cookie', `${name}=${value}; Path=/; HttpOnly`);
      ctx.body = 'ok';
      return;
    }
    case '/hostile/echo': {
      const origin = ctx.get('Origin');
      if (origin) {
        ctx.set('Access-Control-Allow-Origin', origin);
        ctx.set('Access-Control-Allow-Credentials', 'true');
        ctx.set('Access-Control-Allow-Headers', ctx.get('Access-Control-Request-Headers') || '*');
        ctx.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
        ctx.set('Vary', 'Origin');
      } else {
        ctx.remove('Access-Control-Allow-Origin');
      }
      if (ctx.method === 'OPTIONS') {
        ctx.status = 204;
        return;
      }
      const probe = String(ctx.query.probe ?? '');
      const cookie = ctx.get('Cookie');
      if (!seenByProbe.has(probe)) seenByProbe.set(probe, []);
      seenByProbe.get(probe).push(cookie);
      ctx.type = 'text/plain';
      ctx.body = `cookie:${cookie}`;
      return;
    }
    case '/hostile/seen':
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(seenByProbe.get(String(ctx.query.probe ?? '')) ?? []);
      return;
    case '/hostile/has-cookie':
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(cookieNamed(ctx.get('Cookie'), String(ctx.query.name)) ?? null);
      return;
    default:
      return next();
  }
}
