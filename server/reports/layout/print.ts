// A4 print setup: fit every column on the page width, repeat the header rows on each page, page
// numbers in the footer.
import type { PageSetup, HeaderFooter } from 'exceljs';

export function a4(opts: { landscape: boolean; titleRows?: [number, number] }): Partial<PageSetup> {
  return {
    paperSize: 9,
    orientation: opts.landscape ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(opts.titleRows ? { printTitlesRow: `${opts.titleRows[0]}:${opts.titleRows[1]}` } : {}),
  };
}

export const PAGE_FOOTER: Partial<HeaderFooter> = { oddFooter: '&C第 &P 页，共 &N 页' };
