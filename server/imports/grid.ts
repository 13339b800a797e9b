// What every reader produces: each sheet as a neutral grid of cell values, so one converter
// serves .xlsx, .xls and .csv alike. rows[i] is the sheet's row i + 1 as Excel shows it (CSV:
// record i + 1). Both live in core, where the task pane reads Excel's sheets the same way.
export { columnIndex, parseRange, type SheetGrid } from '../../core/ledgerSheet';
