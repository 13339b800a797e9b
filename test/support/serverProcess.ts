// The real server/main.ts as a child process (what `npm start` runs), for tests of the process
// itself: first start, signals, kill -9, a database file the CLI works on at the same time.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = fileURLToPath(new URL('../../server/main.ts', import.meta.url));
// Resolved here, so the server also starts from a working directory outside the repository.
const TSX = import.meta.resolve('tsx');
const START_TIMEOUT_MS = 60_000;
const PASSWORD = 'server-process-password';

export interface ServerProcessOptions {
  /** Set over this process's environment (which gets SCHEDULER=0 and PORT first). */
  env?: Record<string, string>;
  /** The repository by default. */
  cwd?: string;
  /** A free port by default. */
  port?: number;
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** The exit code (null after a signal). */
  exited: Promise<number | null>;
  /** Everything it has printed so far, stdout and stderr. */
  output(): string;
  /** Sends `signal` and answers the exit code. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts the server and resolves once it says it is listening. */
export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, SCHEDULER: '0', PORT: String(port), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => {
    out += d;
    process.stderr.write(d); // as the test's own: a server error shows beside the failure
  });
  const exited = new Promise<number | null>((ok) => child.once('exit', ok));
  const server: ServerProcess = {
    child,
    port,
    exited,
    output: () => out,
    stop: (signal) => {
      child.kill(signal);
      return exited;
    },
  };
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start within ${START_TIMEOUT_MS / 1000} s:\n${out}`)), START_TIMEOUT_MS);
    child.stdout!.on('data', () => {
      if (out.includes('listening on')) {
        clearTimeout(timer);
        ok();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return server;
}

export interface Answer {
  status: number;
  /** Parsed JSON, or the bytes of anything else (a workbook). */
  body: any;
}

export interface ServerOnFile extends ServerProcess {
  /** http://127.0.0.1:<port> */
  base: string;
  /** The bearer token of `admin`. */
  token: string;
  /** A request to `${base}/api/v1${path}` as admin, JSON in. */
  call(method: string, path: string, body?: unknown): Promise<Answer>;
}

/** The server over plain HTTP on the SQLite file `dbFile`, with `admin` logged in. */
export async function startServerOnFile(dbFile: string): Promise<ServerOnFile> {
  const server = await startServerProcess({ env: { DATABASE_URL: `file:${dbFile}`, HTTPS: '0', ADMIN_PASSWORD: PASSWORD } });
  const base = `http://127.0.0.1:${server.port}`;
  let token: string | null = null;
  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer()) };
  };
  const login = await call('POST', '/auth/login', { login: 'admin', password: PASSWORD });
  if (login.status !== 200) {
    server.child.kill('SIGKILL');
    throw new Error(`admin login answered ${login.status}`);
  }
  token = login.body.token as string;
  return { ...server, base, token, call };
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const port = (srv.address() as { port: number }).port;
  await new Promise((ok) => srv.close(ok));
  return port;
}
