// The ledger: new sheet, Check (mapping to confirm, problems to click), Submit / resume, Refresh.
import { Button, Caption1, Field, Input, Link, Select, Text } from '@fluentui/react-components';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { LEDGER_COLUMNS, type LedgerField } from '../../../core/ledgerColumns';
import { CATEGORY_LABELS } from '../../../core/category';
import type { MappingChoice } from '../ledger/check';
import { columnLetters, type SheetSnapshot } from '../ledger/sheet';
import { ADDIN_HEADERS } from '../ledger/addinColumns';
import { describeGap } from '../ledger/statusGap';
import { text, type TextKey } from '../i18n';
import { checkActiveSheet, type CheckRun } from '../actions/check';
import { sendRows, submitActiveSheet, type SubmitRun } from '../actions/submit';
import { refreshSheet } from '../actions/refresh';
import { createLedgerSheet } from '../excel/ledgerSheet';
import { selectCell } from '../excel/cells';
import { onSheetActivated, runExcel } from '../excel/host';
import { ApiProblem, type OrgSummary } from '../api';
import { useAction, usePane } from './pane';

const SHOWN_PROBLEMS = 200;

export function LedgerView() {
  const pane = usePane();
  const { lang, api, session } = pane;
  const t = (k: TextKey, v?: Record<string, string | number>) => text(lang, k, v);
  const [year, setYear] = useState('');
  const [choices, setChoices] = useState<Record<string, MappingChoice>>({});
  const [check, setCheck] = useState<CheckRun | null>(null);
  const [submit, setSubmit] = useState<SubmitRun | null>(null);
  const [orgs, setOrgs] = useState<OrgSummary[]>([]);
  const [orgId, setOrgId] = useState<number | null>(session?.user.orgId ?? null);
  const [busy, act] = useAction(pane);

  // What the pane shows is about one sheet: when the clerk goes to another, its mapping, problems
  // and notice go (a sheet the pane itself activates, such as a new one, keeps them).
  const shownSheet = useRef<string | null>(null);
  useEffect(() => onSheetActivated((sheetId) => {
    if (sheetId === shownSheet.current) return;
    shownSheet.current = null;
    setCheck(null);
    setSubmit(null);
    pane.notify(null);
  }), []);
  /** Keeps what is shown when `sheet` is the sheet shown (a host without the activation event); otherwise forgets it first. */
  const sameSheet = (sheet: SheetSnapshot) => {
    if (check && check.sheet.sheetId !== sheet.sheetId) {
      setCheck(null);
      setSubmit(null);
    }
    shownSheet.current = sheet.sheetId;
  };

  useEffect(() => {
    if (!api) return;
    api.orgs().then((list) => {
      setOrgs(list);
      setOrgId((current) => current ?? list[0]?.id ?? null);
    }, () => setOrgs([]));
  }, [api]);

  // The sheet's title names the year; the year the clerk typed serves sheets that do not.
  const org = orgs.find((o) => o.id === orgId) ?? null;
  const options = () => ({ choices, ...(year && { ledgerYear: Number(year) }), ...(org && { orgName: org.name }) });

  const runCheck = () =>
    act(async () => {
      const run = await checkActiveSheet(lang, options());
      sameSheet(run.sheet);
      setCheck(run);
      const { result } = run;
      if (result.skip?.code === 'sheet.empty') return pane.notify({ kind: 'info', message: t('emptySheet') });
      if (result.skip) return pane.notify({ kind: 'warning', message: t('noHeader') });
      const bad = new Set(result.problems.map((p) => p.sheetRow)).size;
      const hints = result.hints.length ? t('hintsFound', { n: result.hints.length }) : '';
      pane.notify(
        result.problems.length === 0
          ? { kind: 'success', message: `${t('checkSummary', { rows: result.records.length, bad: 0, problems: 0 })}${t('allGood')}${hints}` }
          : { kind: 'warning', message: t('checkSummary', { rows: result.records.length, bad, problems: result.problems.length }) + hints },
      );
    });

  const runSubmit = () =>
    act(async () => {
      if (!api || !org) return;
      // Resume: the rest goes with the keys already on the sheet.
      const run = submit?.plan && submit.remaining.length > 0
        ? await sendRows(api, submit, submit.remaining)
        : await submitActiveSheet(api, org, lang, options());
      sameSheet(run.sheet);
      setSubmit(run);
      setCheck({ sheet: run.sheet, result: run.result });
      reportSubmit(run);
    });

  const reportSubmit = (run: SubmitRun) => {
    // The server refused the rows (a closed year, say): its words, not "resume later", which would not help.
    if (run.error instanceof ApiProblem && run.error.problem.status < 500 && run.error.problem.code !== 'concurrent_write') return pane.fail(run.error);
    if (run.error) {
      return pane.notify({ kind: 'warning', message: t('interrupted', { n: run.remaining.length }) });
    }
    const invalid = run.plan?.invalid ?? 0;
    if (!run.plan || run.plan.rows.length === 0) {
      return pane.notify({ kind: 'info', message: invalid ? t('skippedInvalid', { n: invalid }) : t('nothingToSubmit') });
    }
    const count = (r: string) => run.outcomes.filter((o) => o.result === r).length;
    const warned = run.outcomes.filter((o) => o.warnings?.length).length;
    const message = [
      t('submitted', { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), rejected: count('rejected') }),
      invalid && t('skippedInvalid', { n: invalid }),
      warned && t('withWarnings', { n: warned }),
      run.gaps.length && t('statusGapsFound', { n: run.gaps.length }),
    ].filter(Boolean).join(' ');
    pane.notify({ kind: count('rejected') || invalid || warned ? 'warning' : 'success', message });
  };

  const runRefresh = () =>
    act(async () => {
      if (!api) return;
      const run = await refreshSheet(api, options());
      sameSheet(run.sheet);
      if (run.rows === 0) return pane.notify({ kind: 'info', message: t('nothingToRefresh') });
      const missing = run.missing.length ? ` ${t('missingOnServer', { n: run.missing.length })}` : '';
      pane.notify({ kind: run.missing.length ? 'warning' : 'success', message: t('refreshed', { n: run.rows - run.missing.length }) + missing });
    });

  const runNewSheet = () =>
    act(async () => {
      const made = await runExcel((context) => createLedgerSheet(context, Number(year) || check?.result.ledgerYear || new Date().getFullYear()));
      shownSheet.current = made.sheetId;
      setCheck(null);
      setSubmit(null);
      pane.notify({ kind: 'success', message: t('sheetCreated', { name: made.sheetName }) });
    });

  const choose = (sheetId: string, column: number, field: LedgerField | null) =>
    setChoices((all) => ({ ...all, [sheetId]: { ...all[sheetId], [column]: field } }));

  const result = check?.result;
  const rejected = submit?.outcomes.filter((o) => o.result === 'rejected') ?? [];
  const signedIn = Boolean(session && api);
  return (
    <div style={{ display: 'grid', gap: 10 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
        <Button appearance="primary" onClick={runCheck} disabled={busy} data-action="check">{t('check')}</Button>
        <Button onClick={runSubmit} disabled={busy || !signedIn || orgId === null} data-action="submit">
          {submit?.remaining.length ? `${t('resume')}（${submit.remaining.length}）` : t('submit')}
        </Button>
        <Button onClick={runRefresh} disabled={busy || !signedIn} data-action="refresh">{t('refresh')}</Button>
        <Button onClick={runNewSheet} disabled={busy} data-action="new-sheet">{t('newSheet')}</Button>
      </div>
      <Field label={{ children: t('ledgerYear'), style: { whiteSpace: 'nowrap' } }} orientation="horizontal" style={{ maxWidth: 260 }}>
        <Input value={year} placeholder={check ? String(check.result.ledgerYear) : ''} inputMode="numeric"
          onChange={(_, d) => setYear(d.value.replace(/\D/g, '').slice(0, 4))} />
      </Field>
      {signedIn && orgs.length > 0 && (
        <Field label={t('organisation')} hint={t('defaultOrgHint')}>
          <Select value={orgId === null ? '' : String(orgId)} onChange={(_, d) => setOrgId(Number(d.value))}>
            {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </Select>
        </Field>
      )}
      {!signedIn && <Caption1>{t('signedOut')}</Caption1>}

      {result && result.layout && check && (
        <section>
          <Text weight="semibold">{t('mapping')}</Text>
          <table style={{ width: '100%', borderCollapse: 'collapse', marginTop: 4 }}>
            <tbody>
              {headerColumns(check).map(({ column, header, field, category }) => (
                <tr key={column}>
                  <td style={{ width: 28, color: '#666' }}>{columnLetters(check.sheet.left + column)}</td>
                  <td style={{ width: '40%' }}>{header}</td>
                  <td>
                    {category ? (
                      <Caption1>{CATEGORY_LABELS[category][lang]}</Caption1>
                    ) : (
                      <Select size="small" value={field ?? ''} aria-label={header}
                        onChange={(_, d) => choose(check.sheet.sheetId, column, (d.value || null) as LedgerField | null)}>
                        <option value="">{t('ignoreColumn')}</option>
                        {LEDGER_COLUMNS.map((c) => <option key={c.field} value={c.field}>{c[lang]}</option>)}
                        {field === 'expected' && <option value="expected">{lang === 'zh' ? '预期目标' : 'Expected result'}</option>}
                      </Select>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Button size="small" onClick={runCheck} disabled={busy} style={{ marginTop: 4 }}>{t('recheck')}</Button>
        </section>
      )}

      {check && (
        <CellList title={t('problems')} name="problems" sheetId={check.sheet.sheetId} items={check.result.problems.map((p) => ({
          address: p.address, row: p.sheetRow, text: <>{p.header && <Caption1>{p.header}：</Caption1>}{p.message[lang]}</>,
        }))} />
      )}
      {check && (
        <CellList title={t('hints')} name="hints" sheetId={check.sheet.sheetId} items={check.result.hints.map((h) => ({
          address: h.address, row: h.sheetRow, text: <Caption1 data-code={h.code}>{h.message[lang]}</Caption1>,
        }))} />
      )}
      {submit && (
        <CellList title={t('statusGaps')} name="status-gaps" sheetId={submit.sheet.sheetId} items={submit.gaps.map((gap) => ({
          address: gap.address, row: gap.sheetRow, text: describeGap(gap, lang),
        }))} />
      )}

      {rejected.length > 0 && (
        <section>
          <Text weight="semibold">{t('rejectedRows')}</Text>
          <ul style={{ margin: '4px 0', paddingInlineStart: 18 }} data-list="rejected">
            {rejected.map((o) => {
              const row = submit?.rowOfKey.get(o.key);
              return <li key={o.key}>{row ? t('rowLabel', { row }) : o.key}：{o.errors?.map((e) => e.message).join('；')}</li>;
            })}
          </ul>
        </section>
      )}
    </div>
  );
}

interface CellItem {
  address: string | null;
  row: number;
  text: ReactNode;
}

/** A titled list of things found on the sheet, each a link that selects its cell; the first SHOWN_PROBLEMS of them. */
function CellList({ title, name, sheetId, items }: { title: string; name: string; sheetId: string; items: CellItem[] }) {
  const pane = usePane();
  if (items.length === 0) return null;
  return (
    <section>
      <Text weight="semibold">{title}</Text>
      <ul style={{ margin: '4px 0', paddingInlineStart: 0, listStyle: 'none', display: 'grid', gap: 2 }} data-list={name}>
        {items.slice(0, SHOWN_PROBLEMS).map((item, i) => (
          <li key={i} data-address={item.address ?? ''}>
            <Link as="button" onClick={() => item.address && runExcel((c) => selectCell(c, sheetId, item.address!)).catch(pane.fail)}>
              {item.address ?? text(pane.lang, 'rowLabel', { row: item.row })}
            </Link>{' '}
            {item.text}
          </li>
        ))}
      </ul>
      {items.length > SHOWN_PROBLEMS && <Caption1>… {items.length - SHOWN_PROBLEMS}</Caption1>}
    </section>
  );
}

/** Every header cell of the checked sheet with the field it is read as (also those the clerk set aside). */
function headerColumns(check: CheckRun) {
  const { layout, mapping } = check.result;
  const byColumn = new Map(mapping.map((m) => [m.column, m]));
  const headers = new Map<number, string>();
  for (const u of layout?.unmapped ?? []) if (!ADDIN_HEADERS.includes(u.header)) headers.set(u.column, u.header); // the add-in's own columns
  for (const m of [...(layout?.recognised ?? []), ...mapping]) headers.set(m.column, m.header);
  return [...headers].sort((a, b) => a[0] - b[0]).map(([column, header]) => {
    const m = byColumn.get(column);
    return { column, header, field: m?.field ?? null, category: m?.category };
  });
}
