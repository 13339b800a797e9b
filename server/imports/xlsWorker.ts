// Worker thread entry of `readXls`: reads the .xls it is given and posts back the grids, or the
// problem code and message when the file cannot be read.
import { parentPort, workerData } from 'node:worker_threads';
import { Problem } from '../http/problem';
import { xlsGrids, type XlsAnswer } from './xls';
import { corrupt } from './unreadable';

function answer(): XlsAnswer {
  try {
    return { grids: xlsGrids(Buffer.from(workerData as Uint8Array)) };
  } catch (err) {
    const problem = err instanceof Problem ? err : corrupt('xls');
    return { code: problem.code, detail: problem.detail ?? problem.title };
  }
}

parentPort!.postMessage(answer());
