// Report figures: pure functions over records, used by the server's workbook builders.
export * from './records';
export * from './asOf';
export * from './tally';
export * from './satisfaction';
export * from './standing';
export * from './trend';
export * from './breakdown';
