// exceljs reads a note only from rich-text runs (<text><r><t>); SheetJS and others write a plain
// <text><t>…</t></text>, which exceljs reads as an empty note — and would write back empty,
// losing what the clerk wrote. This reads those notes from the file and puts their text back.
import type ExcelJS from 'exceljs';

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-f]+|#\d+);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e],
  );
}

/** Relationship id → target path, resolved against the part's folder. */
function relations(xml: string, folder: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) found.set(id, resolve(folder, target));
  }
  return found;
}

function resolve(folder: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = folder.split('/').filter(Boolean);
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.') parts.push(piece);
  }
  return parts.join('/');
}

type Zip = Awaited<ReturnType<typeof import('jszip')['loadAsync']>>;

async function text(zip: Zip, path: string): Promise<string> {
  return (await zip.file(path)?.async('string')) ?? '';
}

export async function restorePlainNotes(workbook: ExcelJS.Workbook, bytes: ArrayBuffer): Promise<void> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(bytes);
  const books = relations(await text(zip, 'xl/_rels/workbook.xml.rels'), 'xl');
  for (const m of (await text(zip, 'xl/workbook.xml')).matchAll(/<sheet\b[^>]*>/g)) {
    const name = unescapeXml(/\bname="([^"]*)"/.exec(m[0])?.[1] ?? '');
    const sheetPath = books.get(/\br:id="([^"]+)"/.exec(m[0])?.[1] ?? '');
    const ws = workbook.getWorksheet(name);
    if (!sheetPath || !ws) continue;
    const slash = sheetPath.lastIndexOf('/');
    const rels = relations(await text(zip, `${sheetPath.slice(0, slash)}/_rels/${sheetPath.slice(slash + 1)}.rels`), sheetPath.slice(0, slash));
    for (const target of rels.values()) {
      if (!/comments[^/]*\.xml$/.test(target)) continue;
      for (const c of (await text(zip, target)).matchAll(/<comment\b[^>]*\bref="([A-Z]+\d+)"[^>]*>([\s\S]*?)<\/comment>/g)) {
        const cell = ws.getCell(c[1]);
        const note = cell.note;
        const empty = !note || (typeof note !== 'string' && (note.texts ?? []).every((t) => !t.text));
        const written = [...c[2].matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1])).join('');
        if (empty && written) cell.note = written;
      }
    }
  }
}
