// Starts the real app on 127.0.0.1 at a random port with its own database and an `admin` user,
// and gives tests a small fetch wrapper.
import type { AddressInfo } from 'node:net';
import { createApp, type AppContext } from '../../server/app';
import { appConfig, type AppConfig } from '../../server/config';
import { createUser } from '../../server/users/store';

export const ADMIN_LOGIN = 'admin';
export const ADMIN_PASSWORD = 'admin-test-password';
export const ADMIN = { login: ADMIN_LOGIN, password: ADMIN_PASSWORD };

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Api {
  get<T = any>(path: string, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  put<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  delete<T = any>(path: string, headers?: Record<string, string>): Promise<ApiResponse<T>>;
}

export interface TestServer {
  baseUrl: string;
  ctx: AppContext;
  close(): Promise<void>;
  /** Logs in and answers the bearer token; throws when the login fails. */
  login(login: string, password: string): Promise<string>;
  /** Requests against `${baseUrl}/api/v1`, JSON in and out; the token when given. */
  api(token?: string): Api;
}

export async function startTestServer(
  options: Partial<AppConfig> & Pick<AppConfig, 'databaseUrl'>,
): Promise<TestServer> {
  const { app, ctx, close } = await createApp(appConfig({ scheduler: false, ...options }));
  await createUser(ctx.db, { login: ADMIN_LOGIN, password: ADMIN_PASSWORD, name: '管理员', role: 'admin', orgId: null }, ctx.now());
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((ok, fail) => server.once('listening', ok).once('error', fail));
  // The test's fetch drops idle sockets after 4 s; the server must never be the side that closes
  // one first, or a request racing that close (after a test held the event loop) gets ECONNRESET.
  server.keepAliveTimeout = 60_000;
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api = (token?: string): Api => {
    const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      return { status: res.status, headers: res.headers, body: type.includes('json') && text ? JSON.parse(text) : text };
    };
    return {
      get: (path, headers) => call('GET', path, undefined, headers),
      post: (path, body, headers) => call('POST', path, body ?? {}, headers),
      patch: (path, body, headers) => call('PATCH', path, body ?? {}, headers),
      put: (path, body, headers) => call('PUT', path, body ?? {}, headers),
      delete: (path, headers) => call('DELETE', path, undefined, headers),
    };
  };

  return {
    baseUrl,
    ctx,
    api,
    async login(login, password) {
      const res = await api().post('/auth/login', { login, password });
      if (res.status !== 200) throw new Error(`login ${login} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      await close();
    },
  };
}
