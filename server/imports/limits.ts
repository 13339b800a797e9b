// How much a ledger upload may be: the bytes uploaded, and for an .xlsx what its zip may inflate to.
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip';

export interface ImportLimits extends ZipLimits {
  /** Largest upload, in bytes. */
  maxUploadBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxUploadBytes: 20 * 1024 * 1024,
  ...DEFAULT_ZIP_LIMITS,
};

export function importLimits(configured: Partial<ImportLimits> | undefined): ImportLimits {
  return { ...DEFAULT_IMPORT_LIMITS, ...configured };
}
