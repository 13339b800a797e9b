// Storage faults a client cannot fix and should retry later: the database is read-only, the disk
// is full, or the database server is restarting or unreachable. They answer 503 with Retry-After,
// never a 500; nothing was written (every write is one transaction, rolled back by the driver).
// (Problems are made on use: problem.ts imports this module, so Problem is not ready at load.)
import { Problem } from './problem';

const READ_ONLY = () =>
  new Problem(503, 'storage.read_only', { zh: '数据库当前只读，暂时无法保存', en: 'The database is read-only; nothing can be saved now' }, {
    zh: '本次修改未保存。请联系管理员检查数据库文件或磁盘的写权限，稍后再试；查询不受影响。',
    en: 'This change was not saved. Ask the administrator to check write access to the database file or disk, then retry; reading still works.',
  });

const FULL = () =>
  new Problem(503, 'storage.full', { zh: '磁盘空间已满，暂时无法保存', en: 'The disk is full; nothing can be saved now' }, {
    zh: '本次修改未保存。请联系管理员清理数据库所在磁盘的空间后再试；查询不受影响。',
    en: 'This change was not saved. Ask the administrator to free space on the database disk, then retry; reading still works.',
  });

const UNAVAILABLE = () =>
  new Problem(503, 'storage.unavailable', { zh: '数据库暂时不可用', en: 'The database is unavailable for the moment' }, {
    zh: '数据库正在重启或连接中断，本次请求未完成，请稍后重试。',
    en: 'The database is restarting or the connection dropped; the request was not completed. Retry shortly.',
  });

/** SQLite result codes and PostgreSQL SQLSTATEs / socket errors of each kind. */
export function storageProblem(err: unknown): Problem | null {
  const code = String((err as { code?: unknown })?.code ?? '');
  const message = String((err as { message?: unknown })?.message ?? '');
  if (code.startsWith('SQLITE_READONLY') || code === '25006') return READ_ONLY();
  if (code === 'SQLITE_FULL' || code === '53100' || code === 'ENOSPC') return FULL();
  if (
    code.startsWith('SQLITE_IOERR') ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_BUSY' ||
    /^(08|57P0)/.test(code) || // connection exceptions; admin, crash shutdown, cannot connect now
    code === '53300' || // too many connections
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code) ||
    /Connection terminated|not queryable|timeout exceeded when trying to connect/i.test(message)
  ) {
    return UNAVAILABLE();
  }
  return null;
}
