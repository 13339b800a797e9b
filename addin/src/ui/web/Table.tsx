// A plain bordered table of text cells with a caption; scrolls sideways on a narrow screen.
import { Caption1, Text } from '@fluentui/react-components';

const CELL = { border: '1px solid #e0e0e0', padding: '4px 8px', textAlign: 'left', verticalAlign: 'top' } as const;

export function Table({ caption, head, rows, data, empty }: { caption: string; head?: string[]; rows: string[][]; data: string; empty?: string }) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <Text weight="semibold" block>{caption}</Text>
      {rows.length === 0 && empty ? (
        <Caption1>{empty}</Caption1>
      ) : (
        <table style={{ borderCollapse: 'collapse', marginTop: 4 }} data-table={data}>
          {head && (
            <thead>
              <tr>{head.map((h) => <th key={h} style={{ ...CELL, background: '#f5f5f5' }}>{h}</th>)}</tr>
            </thead>
          )}
          <tbody>
            {rows.map((row, i) => <tr key={i}>{row.map((cell, j) => <td key={j} style={CELL}>{cell}</td>)}</tr>)}
          </tbody>
        </table>
      )}
    </div>
  );
}
