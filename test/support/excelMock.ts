// A request context from Microsoft's office-addin-mock whose workbook holds one scripted sheet
// (found by id or as the active one), counting the round trips (`sync` calls) the code makes.
import { OfficeMockObject } from 'office-addin-mock';

export function mockContext<Sheet extends object>(sheet: Sheet) {
  const mock = new OfficeMockObject({
    context: {
      workbook: {
        worksheets: {
          sheet,
          getItem(_id: string) {
            return this.sheet;
          },
          getActiveWorksheet() {
            return this.sheet;
          },
        },
      },
    },
  }) as any;
  let syncs = 0;
  const sync = mock.context.sync.bind(mock.context);
  mock.context.sync = () => (syncs++, sync());
  return { mock, context: mock.context as Excel.RequestContext, syncs: () => syncs };
}
