// Convert old ledgers: drop a .xlsx/.xls/.csv, read the server's preview (sheets taken or
// skipped and why, the column mapping — changeable —, counts, every rejected row, warnings),
// choose organisation, year and whether to create missing organisations, commit; below, the
// past imports.
import { Button, Caption1, Checkbox, Field, Input, Select, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { LEDGER_COLUMNS } from '../../../../core/ledgerColumns';
import { CATEGORY_LABELS } from '../../../../core/category';
import { STATUS_LABELS } from '../../../../core/status';
import type { Category, LocalText, Status } from '../../../../core/types';
import { wordsIn, type Lang } from '../../i18n';
import { workspaceApi, type ColumnChoices, type ImportPreview, type ImportResult, type ImportSummary, type Org } from '../../workspaceApi';
import { useAction, usePane } from '../pane';
import { FileDrop } from './FileDrop';
import { Table } from './Table';

const WORDS = {
  drop: { zh: '把旧台账拖到这里，或点击选择（.xlsx / .xls / .csv）', en: 'Drop an old ledger here, or click to choose one (.xlsx / .xls / .csv)' },
  dropHint: { zh: '先生成预览，确认无误后再导入；预览保留 {hours} 小时，过期自动删除。', en: 'A preview comes first; nothing is stored until you commit. Previews are kept {hours} hours, then deleted.' },
  org: { zh: '导入到党组织', en: 'Import into' },
  year: { zh: '台账年度（表中未写明时）', en: 'Ledger year (where the file states none)' },
  summary: { zh: '共 {n} 条承诺，{bad} 行被退回。预览保留至 {until}。', en: '{n} commitments, {bad} rows rejected. Preview kept until {until}.' },
  sheets: { zh: '工作表', en: 'Sheets' },
  taken: { zh: '导入', en: 'taken' },
  skipped: { zh: '跳过', en: 'skipped' },
  mapping: { zh: '列对应（可修改后重新预览）', en: 'Columns (change them and preview again)' },
  ignore: { zh: '（不导入）', en: '(ignore)' },
  repreview: { zh: '按此对应重新预览', en: 'Preview with these columns' },
  counts: { zh: '统计', en: 'Counts' },
  byCategory: { zh: '按类别', en: 'By category' },
  byStatus: { zh: '按状态', en: 'By status' },
  byOrg: { zh: '按党组织', en: 'By organisation' },
  rejected: { zh: '退回的行（不会导入）', en: 'Rejected rows (not imported)' },
  warnings: { zh: '提示', en: 'Warnings' },
  createMissing: { zh: '表中有而系统中没有的党组织，在所选党组织下新建（不勾选则这些行记入所选党组织）', en: 'Create organisations the ledger names but the system lacks, under the chosen one (unticked: their rows go to the chosen one)' },
  commit: { zh: '确认导入', en: 'Commit the import' },
  committed: { zh: '已导入：新增 {created}，更新 {updated}，未变 {unchanged}。', en: 'Imported: {created} created, {updated} updated, {unchanged} unchanged.' },
  createdOrgs: { zh: '新建党组织：{names}', en: 'Organisations created: {names}' },
  history: { zh: '导入记录', en: 'Past imports' },
  none: { zh: '暂无导入记录', en: 'No imports yet' },
  when: { zh: '时间', en: 'When' },
  who: { zh: '导入人', en: 'By' },
  file: { zh: '文件', en: 'File' },
  status: { zh: '状态', en: 'Status' },
  result: { zh: '结果', en: 'Result' },
  previewed: { zh: '仅预览（{until} 前可导入）', en: 'previewed (commit before {until})' },
  done: { zh: '已导入', en: 'committed' },
  sheet: { zh: '工作表', en: 'Sheet' },
  row: { zh: '行', en: 'Row' },
  column: { zh: '列', en: 'Column' },
  reason: { zh: '原因', en: 'Reason' },
  resultLine: { zh: '新增 {created} / 更新 {updated} / 未变 {unchanged}', en: '{created} created / {updated} updated / {unchanged} unchanged' },
  rosterMark: { zh: '（花名册）', en: '(roster) ' },
  countLine: { zh: '{n} 条，退回 {bad} 行', en: '{n}, {bad} rejected' },
} satisfies Record<string, LocalText>;

const PREVIEW_HOURS = 24;

const tally = (r: { created: number; updated: number; unchanged: number }) => ({ created: r.created, updated: r.updated, unchanged: r.unchanged });

export function localTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function ConvertView() {
  const pane = usePane();
  const { lang, session } = pane;
  const say = wordsIn(WORDS, lang);
  const api = session ? workspaceApi(session, lang) : null;
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [org, setOrg] = useState<number | null>(session?.user.orgId ?? null);
  const [year, setYear] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [choices, setChoices] = useState<ColumnChoices>({});
  const [createMissing, setCreateMissing] = useState(true);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [history, setHistory] = useState<ImportSummary[]>([]);
  const [busy, act] = useAction(pane);

  const loadHistory = () => api?.imports().then((list) => setHistory(list.items), pane.fail);
  useEffect(() => {
    api?.orgs().then((list) => {
      setOrgs(list);
      setOrg((current) => current ?? list[0]?.id ?? null);
    }, pane.fail);
    loadHistory();
  }, [session]);
  if (!api) return null;

  const runPreview = (chosen: File, mapping: ColumnChoices) =>
    act(async () => {
      if (org === null) return;
      setResult(null);
      setPreview(null);
      setPreview(await api.previewImport(chosen, { org, ...(year && { year: Number(year) }), ...(Object.keys(mapping).length > 0 && { mapping }) }));
      loadHistory();
    });

  const pick = (chosen: File) => {
    setFile(chosen);
    setChoices({});
    return runPreview(chosen, {});
  };

  const commit = () =>
    act(async () => {
      if (!preview) return;
      const done = await api.commitImport(preview.id, createMissing);
      setResult(done);
      setPreview(null);
      pane.notify({ kind: 'success', message: say('committed', tally(done)) });
      loadHistory();
    });

  const choose = (sheet: string, column: string, field: string | null) =>
    setChoices((all) => ({ ...all, [sheet]: { ...all[sheet], [column]: field } }));

  return (
    <div style={{ display: 'grid', gap: 14, maxWidth: 1000 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
        <Field label={say('org')}>
          <Select value={org === null ? '' : String(org)} onChange={(_, d) => setOrg(Number(d.value))} data-field="org">
            {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </Select>
        </Field>
        <Field label={say('year')}>
          <Input value={year} inputMode="numeric" style={{ width: 100 }} onChange={(_, d) => setYear(d.value.replace(/\D/g, '').slice(0, 4))} data-field="year" />
        </Field>
      </div>
      <FileDrop accept=".xlsx,.xls,.csv" label={say('drop')} hint={say('dropHint', { hours: PREVIEW_HOURS })} onFile={pick} disabled={busy || org === null} />

      {preview && (
        <section data-section="preview" style={{ display: 'grid', gap: 12 }}>
          <Text weight="semibold" data-summary>
            {say('summary', { n: preview.counts.commitments, bad: preview.rejected.length, until: localTime(preview.expiresAt) })}
          </Text>
          <Table caption={say('sheets')} data="sheets" rows={preview.sheets.map((s) => [s.name ?? '—', s.taken ? say('taken') : say('skipped'), s.taken ? String(s.commitments) : (s.reason ?? '')])} />
          {preview.mapping.map((m) => (
            <div key={m.sheet ?? ''}>
              <Text weight="semibold">{say('mapping')}{preview.mapping.length > 1 && ` · ${m.sheet}`}</Text>
              <MappingTable lang={lang} sheet={m} choice={choices[m.sheet ?? ''] ?? {}} ignore={say('ignore')}
                onChoose={(column, field) => choose(m.sheet ?? '', column, field)} />
            </div>
          ))}
          {Object.keys(choices).length > 0 && file && (
            <Button onClick={() => runPreview(file, choices)} disabled={busy} data-action="repreview" style={{ justifySelf: 'start' }}>{say('repreview')}</Button>
          )}
          <CountTables lang={lang} preview={preview} say={say} />
          {preview.rejected.length > 0 && (
            <Table caption={say('rejected')} data="rejected" head={[say('sheet'), say('row'), say('column'), say('reason')]}
              rows={preview.rejected.map((r) => [r.sheet ?? '', String(r.row), r.column ?? '', r.message])} />
          )}
          {preview.warnings.length > 0 && (
            <section>
              <Text weight="semibold">{say('warnings')}</Text>
              <ul style={{ margin: '4px 0', paddingInlineStart: 18 }} data-list="warnings">
                {preview.warnings.map((w, i) => <li key={i}>{w.sheet && `${w.sheet} `}{w.row && `#${w.row} `}{w.message}</li>)}
              </ul>
            </section>
          )}
          <Checkbox checked={createMissing} onChange={(_, d) => setCreateMissing(Boolean(d.checked))} label={say('createMissing')} data-field="create-missing" />
          <Button appearance="primary" onClick={commit} disabled={busy} data-action="commit" style={{ justifySelf: 'start' }}>{say('commit')}</Button>
        </section>
      )}

      {result && (
        <section data-section="result">
          <Text weight="semibold">{say('committed', tally(result))}</Text>
          {result.createdOrgs.length > 0 && <Caption1 block>{say('createdOrgs', { names: result.createdOrgs.map((o) => o.name).join('、') })}</Caption1>}
        </section>
      )}

      <section>
        <Table caption={say('history')} data="imports" empty={say('none')} head={[say('when'), say('who'), say('file'), say('status'), say('result')]}
          rows={history.map((h) => [
            localTime(h.createdAt),
            h.by.name,
            `${h.kind === 'roster' ? say('rosterMark') : ''}${h.fileName ?? ''} → ${h.org.name}${h.year ? ` ${h.year}` : ''}`,
            h.status === 'committed' ? say('done') : say('previewed', { until: h.expiresAt ? localTime(h.expiresAt) : '' }),
            h.result ? say('resultLine', tally(h.result)) : say('countLine', { n: h.counts.records, bad: h.counts.rejected }),
          ])} />
      </section>
    </div>
  );
}

function MappingTable({ lang, sheet, choice, ignore, onChoose }: {
  lang: Lang;
  sheet: ImportPreview['mapping'][number];
  choice: Record<string, string | null>;
  ignore: string;
  onChoose(column: string, field: string | null): void;
}) {
  const columns = [
    ...sheet.columns.map((c) => ({ column: c.column, header: c.header, field: c.field as string | null, category: c.category })),
    ...sheet.unmapped.map((u) => ({ column: u.column, header: u.header, field: null, category: undefined })),
  ].sort((a, b) => a.column.length - b.column.length || a.column.localeCompare(b.column));
  return (
    <table style={{ borderCollapse: 'collapse', marginTop: 4 }} data-table="mapping">
      <tbody>
        {columns.map((c) => (
          <tr key={c.column}>
            <td style={{ width: 32, color: '#666' }}>{c.column}</td>
            <td style={{ paddingInlineEnd: 12 }}>{c.header}</td>
            <td>
              {c.category ? (
                <Caption1>{CATEGORY_LABELS[c.category as Category][lang]}</Caption1>
              ) : (
                <Select size="small" aria-label={c.header} data-column={c.column}
                  value={(c.column in choice ? choice[c.column] : c.field) ?? ''}
                  onChange={(_, d) => onChoose(c.column, d.value || null)}>
                  <option value="">{ignore}</option>
                  {LEDGER_COLUMNS.map((l) => <option key={l.field} value={l.field}>{l[lang]}</option>)}
                </Select>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CountTables({ lang, preview, say }: { lang: Lang; preview: ImportPreview; say(k: keyof typeof WORDS): string }) {
  const { byCategory, byStatus, byOrg } = preview.counts;
  const rows = (counts: Record<string, number>, label: (key: string) => string) =>
    Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => [label(k), String(n)]);
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 24 }} data-section="counts">
      <Table caption={say('byCategory')} data="by-category" rows={rows(byCategory, (k) => CATEGORY_LABELS[k as Category]?.[lang] ?? k)} />
      <Table caption={say('byStatus')} data="by-status" rows={rows(byStatus, (k) => STATUS_LABELS[k as Status]?.[lang] ?? k)} />
      <Table caption={say('byOrg')} data="by-org" rows={rows(byOrg, (k) => k)} />
    </div>
  );
}
