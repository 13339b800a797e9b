// Inserting a report workbook's sheets into the open workbook (ExcelApi 1.13).
export async function insertWorkbook(context: Excel.RequestContext, base64: string): Promise<string[]> {
  const inserted = context.workbook.insertWorksheetsFromBase64(base64, { positionType: Excel.WorksheetPositionType.end });
  await context.sync();
  const first = inserted.value[0];
  if (first) {
    context.workbook.worksheets.getItem(first).activate();
    await context.sync();
  }
  return inserted.value;
}
