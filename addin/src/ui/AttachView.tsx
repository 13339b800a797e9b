// 佐证材料 in the pane: the commitment of the row selected in the ledger (it needs its 编号, i.e.
// submitted), its files, and a file input to attach a photo or a scan to it.
import { Button, Caption1, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { LocalText } from '../../../core/types';
import { selectedLedgerRows } from '../actions/progress';
import { fillIn, text } from '../i18n';
import { AttachmentsPanel } from './AttachmentsPanel';
import { useAction, usePane } from './pane';

const WORDS = {
  hint: { zh: '在台账中选中一行（需已提交，有编号），再点“读取选中行”，即可为这条承诺上传佐证材料（照片、扫描件）。', en: 'Select one row of the ledger (submitted, with its ID), then “Use the selected row” to attach evidence (photos, scans) to that commitment.' },
  read: { zh: '读取选中行', en: 'Use the selected row' },
  several: { zh: '选中了 {n} 条承诺，使用第一条（第 {row} 行）。', en: '{n} commitments selected; using the first (row {row}).' },
  row: { zh: '第 {row} 行 · 编号 {id} · {year} 年度', en: 'Row {row} · ID {id} · {year}' },
} satisfies Record<string, LocalText>;

interface Chosen {
  id: number;
  row: number;
  year: number;
  subject: string;
  content: string;
}

export function AttachView() {
  const pane = usePane();
  const say = (k: keyof typeof WORDS, v: Record<string, string | number> = {}) => fillIn(WORDS[k][pane.lang], v);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [busy, act] = useAction(pane);
  if (!pane.api) return <Caption1>{text(pane.lang, 'signedOut')}</Caption1>;
  const api = pane.api;

  const read = () =>
    act(async () => {
      const { chosen: rows } = await selectedLedgerRows();
      const first = rows[0];
      if (!first) {
        setChosen(null);
        pane.notify({ kind: 'info', message: text(pane.lang, 'noSelectedIds') });
        return;
      }
      const c = await api.commitment(first.ids[0]);
      setChosen({ id: c.id, row: first.sheetRow, year: c.year, subject: c.subjectName, content: c.content });
      const count = rows.reduce((n, r) => n + r.ids.length, 0);
      if (count > 1) pane.notify({ kind: 'info', message: say('several', { n: count, row: first.sheetRow }) });
    });

  return (
    <div style={{ display: 'grid', gap: 8, minWidth: 0 }}>
      <Caption1>{say('hint')}</Caption1>
      <Button onClick={read} disabled={busy} data-action="read-selection" style={{ justifySelf: 'start' }}>{say('read')}</Button>
      {chosen && (
        <section style={{ display: 'grid', gap: 8, minWidth: 0 }} data-commitment={chosen.id}>
          <div style={{ display: 'grid', minWidth: 0 }}>
            <Text weight="semibold" style={{ overflowWrap: 'anywhere' }}>{chosen.subject}：{chosen.content}</Text>
            <Caption1>{say('row', { row: chosen.row, id: chosen.id, year: chosen.year })}</Caption1>
          </div>
          <AttachmentsPanel
            filter={{ entityType: 'commitment', entityId: chosen.id }}
            target={{ entityType: 'commitment', entityId: chosen.id, year: chosen.year }}
            kinds={['evidence']}
          />
        </section>
      )}
    </div>
  );
}
