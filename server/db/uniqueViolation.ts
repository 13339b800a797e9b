// A write refused by a unique index, on either database: the sign of two requests racing for the
// same key, which the caller answers as if the second had come after the first.
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}
