// Worker thread entry of `readXls`: reads the .xls it is given and posts back each sheet and its
// rows in slices, or the problem code and message when the file cannot be read.
import { parentPort, workerData } from 'node:worker_threads';
import { Problem } from '../http/problem';
import { xlsGrids, type XlsMessage } from './xls';
import { corrupt } from './unreadable';

const SLICE = 2000;
const post = (m: XlsMessage) => parentPort!.postMessage(m);

try {
  for (const grid of xlsGrids(Buffer.from(workerData as Uint8Array))) {
    post({ type: 'sheet', name: grid.name!, merges: grid.merges });
    for (let i = 0; i < grid.rows.length; i += SLICE) post({ type: 'rows', rows: grid.rows.slice(i, i + SLICE) });
  }
  post({ type: 'done' });
} catch (err) {
  const problem = err instanceof Problem ? err : corrupt('xls');
  post({ type: 'error', code: problem.code, detail: problem.detail ?? problem.title });
}
