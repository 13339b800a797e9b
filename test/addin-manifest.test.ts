// The add-in manifest validates offline against Microsoft's schemas (../shared/office-schemas)
// and points at files that exist.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { manifestForOrigin } from '../addin/manifestOrigin';

const repo = fileURLToPath(new URL('..', import.meta.url));
const schema = fileURLToPath(new URL('../../shared/office-schemas/OfficeAppManifestV1_1.xsd', import.meta.url));
const manifest = readFileSync(`${repo}/manifest.xml`, 'utf8');
// The schemas live in the shared design folder beside the repository, not in it: a clone with
// nothing beside it skips the three schema checks, and says so.
const haveSchemas = existsSync(schema);
if (!haveSchemas) console.warn(`manifest.xml: schema checks skipped — ${schema} is absent (the shared folder is not beside this clone)`);

function xmllint(file: string) {
  return spawnSync('xmllint', ['--noout', '--nonet', '--schema', schema, file], { encoding: 'utf8' });
}

describe('manifest.xml', () => {
  it.skipIf(!haveSchemas)('validates against the Office add-in manifest schema, offline', () => {
    const run = xmllint(`${repo}/manifest.xml`);
    expect(run.error, 'xmllint is missing: apt-get install libxml2-utils').toBeUndefined();
    expect(run.stderr).toContain('validates');
    expect(run.status).toBe(0);
  });

  it.skipIf(!haveSchemas)('is rejected by the same check when broken (the check can fail)', () => {
    const broken = `${repo}/.tmp/broken-manifest.xml`;
    mkdirSync(`${repo}/.tmp`, { recursive: true });
    writeFileSync(broken, manifest.replace('<DefaultLocale>zh-CN</DefaultLocale>', ''));
    expect(xmllint(broken).status).not.toBe(0);
  });

  it.skipIf(!haveSchemas)('can be rewritten for a deployment origin and still validates', () => {
    const copy = `${repo}/.tmp/deployed-manifest.xml`;
    mkdirSync(`${repo}/.tmp`, { recursive: true });
    writeFileSync(copy, manifestForOrigin(manifest, 'https://ledger.county.example:8443/'));
    const text = readFileSync(copy, 'utf8');
    expect(text).not.toContain('localhost');
    expect(text).toContain('<SourceLocation DefaultValue="https://ledger.county.example:8443/taskpane.html"/>');
    expect(xmllint(copy).status).toBe(0);
    expect(() => manifestForOrigin(manifest, 'http://plain.example')).toThrow(/https/);
  });

  it('is an Excel task pane in Chinese with English overrides, opened from the Home tab', () => {
    expect(manifest).toContain('xsi:type="TaskPaneApp"');
    expect(manifest).toContain('<Host Name="Workbook"/>');
    expect(manifest).toContain('<DefaultLocale>zh-CN</DefaultLocale>');
    expect(manifest).toMatch(/<Override Locale="en-US" Value="Commitment ledger"\/>/);
    expect(manifest).toContain('<OfficeTab id="TabHome">');
    expect(manifest).toContain('<Action xsi:type="ShowTaskpane">');
    expect(manifest).toContain('<SourceLocation DefaultValue="https://localhost:3000/taskpane.html"/>');
    expect(manifest).toContain('<Set Name="ExcelApi" MinVersion="1.9"/>');
  });

  it('names icons that exist as PNGs of the stated sizes', () => {
    const icons = [...manifest.matchAll(/https:\/\/localhost:3000\/assets\/icon-(\d+)\.png/g)].map((m) => Number(m[1]));
    expect(new Set(icons)).toEqual(new Set([16, 32, 64, 80]));
    for (const size of new Set(icons)) {
      const file = `${repo}/addin/public/assets/icon-${size}.png`;
      expect(existsSync(file)).toBe(true);
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });
});
