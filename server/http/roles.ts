// Who may write: everyone but viewers. Finer rules live with each route.
import type { RequestHandler } from 'express';
import { requireRole } from './auth';

export const writers: RequestHandler = requireRole('admin', 'reviewer', 'clerk');
export const admins: RequestHandler = requireRole('admin');
