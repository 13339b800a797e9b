// A clerk without Excel (WPS, 信创 desktops): upload the ledger workbook, see what the pane's
// check finds, download it back marked (and, once submitted, with 编号 and the hidden keys),
// submit its valid rows, and refresh it with what the reviewers have done since. The workbook
// stays in this page; the server sees only the rows.
import { Button, Caption1, Field, Input, Select, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { LocalText } from '../../../../core/types';
import type { OrgSummary } from '../../api';
import { text, wordsIn, type TextKey } from '../../i18n';
import {
  UploadRefused, checkUploaded, ledgerSheetId, openUploadedLedger, refreshUploaded, submitUploaded, workbookBytes,
  type UploadedLedger, type WorkbookCheck, type WorkbookSubmit,
} from '../../workbook/uploaded';
import { useAction, usePane } from '../pane';
import { FileDrop, saveAs } from './FileDrop';

const SHOWN_PROBLEMS = 200;

const WORDS = {
  drop: { zh: '把台账文件拖到这里，或点击选择（.xlsx）', en: 'Drop the ledger workbook here, or click to choose one (.xlsx)' },
  dropHint: {
    zh: '用 WPS 或其他软件编辑的台账也可以；文件只在本页检查，提交时只发送有效的承诺行。',
    en: 'Ledgers kept in WPS or other programs work too; the file is checked in this page and only valid rows are sent.',
  },
  file: { zh: '文件：{name}', en: 'File: {name}' },
  sheet: { zh: '工作表', en: 'Sheet' },
  noLedgerSheet: { zh: '文件中没有找到台账表头（如 承诺人、承诺事项、完成时限）。', en: 'No ledger header (such as 承诺人, 承诺事项, 完成时限) was found in the file.' },
  download: { zh: '下载标记后的台账', en: 'Download the marked workbook' },
  downloadHint: {
    zh: '有问题的单元格已标红并在批注中写明原因；提交后还写入“编号”和隐藏的“同步键”。请用下载的文件继续编辑，下次上传或在 Excel 中打开都不会重复提交。',
    en: 'Cells with problems are filled red with the reason in a note; after a submit, 编号 and the hidden 同步键 are written too. Keep editing the downloaded file: uploading it again or opening it in Excel never submits twice.',
  },
  problems: { zh: '问题（下载的台账中已标红并写明原因）', en: 'Problems (filled red with the reason in the downloaded workbook)' },
} satisfies Record<string, LocalText>;

export function WorkbookView() {
  const pane = usePane();
  const { lang, api, session } = pane;
  const t = (k: TextKey, v?: Record<string, string | number>) => text(lang, k, v);
  const say = wordsIn(WORDS, lang);
  const [upload, setUpload] = useState<UploadedLedger | null>(null);
  const [sheetId, setSheetId] = useState<string | null>(null);
  const [year, setYear] = useState('');
  const [check, setCheck] = useState<WorkbookCheck | null>(null);
  const [submit, setSubmit] = useState<WorkbookSubmit | null>(null);
  const [orgs, setOrgs] = useState<OrgSummary[]>([]);
  const [orgId, setOrgId] = useState<number | null>(session?.user.orgId ?? null);
  const [busy, act] = useAction(pane);

  useEffect(() => {
    api?.orgs().then((list) => {
      setOrgs(list);
      setOrgId((current) => current ?? list[0]?.id ?? null);
    }, pane.fail);
  }, [api]);

  const org = orgs.find((o) => o.id === orgId) ?? null;
  // As the pane's: rows that name no organisation belong to the one chosen.
  const options = () => ({ ...(year && { ledgerYear: Number(year) }), ...(org && { orgName: org.name }) });

  const announce = (run: WorkbookCheck) => {
    const { result } = run;
    if (result.skip) return pane.notify({ kind: 'warning', message: say('noLedgerSheet') });
    const bad = new Set(result.problems.map((p) => p.sheetRow)).size;
    pane.notify(
      result.problems.length === 0
        ? { kind: 'success', message: `${t('checkSummary', { rows: result.records.length, bad: 0, problems: 0 })}${t('allGood')}` }
        : { kind: 'warning', message: t('checkSummary', { rows: result.records.length, bad, problems: result.problems.length }) },
    );
  };

  const open = (file: File) =>
    act(async () => {
      setCheck(null);
      setSubmit(null);
      try {
        const opened = await openUploadedLedger(await file.arrayBuffer(), file.name);
        const id = ledgerSheetId(opened);
        setUpload(opened);
        setSheetId(id);
        if (id === null) return pane.notify({ kind: 'warning', message: say('noLedgerSheet') });
        const run = checkUploaded(opened, id, lang, options());
        setCheck(run);
        announce(run);
      } catch (error) {
        if (error instanceof UploadRefused) return pane.notify({ kind: 'error', message: error.text[lang] });
        throw error;
      }
    });

  const recheck = (id = sheetId) =>
    act(async () => {
      if (!upload || id === null) return;
      const run = checkUploaded(upload, id, lang, options());
      setCheck(run);
      setSubmit(null);
      announce(run);
    });

  const runSubmit = () =>
    act(async () => {
      if (!upload || sheetId === null || !api || !org) return;
      const run = await submitUploaded(upload, sheetId, api, org, lang, options());
      setCheck(run);
      setSubmit(run);
      if (run.error) return pane.fail(run.error);
      if (run.planned === 0) {
        return pane.notify({ kind: 'info', message: run.invalid ? t('skippedInvalid', { n: run.invalid }) : t('nothingToSubmit') });
      }
      const count = (r: string) => run.outcomes.filter((o) => o.result === r).length;
      const warned = run.outcomes.filter((o) => o.warnings?.length).length;
      const message = [
        t('submitted', { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), rejected: count('rejected') }),
        run.invalid && t('skippedInvalid', { n: run.invalid }),
        warned && t('withWarnings', { n: warned }),
      ].filter(Boolean).join(' ');
      pane.notify({ kind: count('rejected') || run.invalid || warned ? 'warning' : 'success', message });
    });

  const runRefresh = () =>
    act(async () => {
      if (!upload || sheetId === null || !api) return;
      const run = await refreshUploaded(upload, sheetId, api.commitments, options());
      if (run.rows === 0) return pane.notify({ kind: 'info', message: t('nothingToRefresh') });
      const missing = run.missing.length ? ` ${t('missingOnServer', { n: run.missing.length })}` : '';
      pane.notify({ kind: run.missing.length ? 'warning' : 'success', message: t('refreshed', { n: run.rows - run.missing.length }) + missing });
    });

  const download = () =>
    act(async () => {
      if (!upload) return;
      saveAs(await workbookBytes(upload), upload.fileName.replace(/(\.xlsx)?$/i, '（已检查）.xlsx'));
    });

  const result = check?.result;
  const sheets = upload?.workbook.worksheets ?? [];
  const rejected = submit?.outcomes.filter((o) => o.result === 'rejected') ?? [];
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 12, maxWidth: 820 }}>
      <FileDrop accept=".xlsx" label={say('drop')} hint={say('dropHint')} onFile={open} disabled={busy} />
      {upload && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'end' }}>
          <Text data-file={upload.fileName}>{say('file', { name: upload.fileName })}</Text>
          {sheets.length > 1 && (
            <Field label={say('sheet')}>
              <Select value={sheetId ?? ''} onChange={(_, d) => { setSheetId(d.value); recheck(d.value); }}>
                {sheets.map((ws) => <option key={ws.id} value={String(ws.id)}>{ws.name}</option>)}
              </Select>
            </Field>
          )}
          <Field label={t('ledgerYear')}>
            <Input value={year} placeholder={result ? String(result.ledgerYear) : ''} inputMode="numeric" style={{ width: 90 }}
              onChange={(_, d) => setYear(d.value.replace(/\D/g, '').slice(0, 4))} />
          </Field>
          {orgs.length > 0 && (
            <Field label={t('organisation')} hint={t('defaultOrgHint')}>
              <Select value={orgId === null ? '' : String(orgId)} onChange={(_, d) => setOrgId(Number(d.value))}>
                {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
              </Select>
            </Field>
          )}
        </div>
      )}
      {upload && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          <Button onClick={() => recheck()} disabled={busy || sheetId === null} data-action="check">{t('check')}</Button>
          <Button appearance="primary" onClick={runSubmit} disabled={busy || sheetId === null || !api || !org} data-action="submit">{t('submit')}</Button>
          <Button onClick={runRefresh} disabled={busy || sheetId === null || !api} data-action="refresh">{t('refresh')}</Button>
          <Button onClick={download} disabled={busy || !check} data-action="download">{say('download')}</Button>
        </div>
      )}
      {check && <Caption1>{say('downloadHint')}</Caption1>}

      {result && result.problems.length > 0 && (
        <section>
          <Text weight="semibold">{say('problems')}</Text>
          <ul style={{ margin: '4px 0', paddingInlineStart: 0, listStyle: 'none', display: 'grid', gap: 2 }} data-list="problems">
            {result.problems.slice(0, SHOWN_PROBLEMS).map((p, i) => (
              <li key={i} data-address={p.address ?? ''}>
                <Text weight="semibold">{p.address ?? t('rowLabel', { row: p.sheetRow })}</Text>{' '}
                {p.header && <Caption1>{p.header}：</Caption1>}
                {p.message[lang]}
              </li>
            ))}
          </ul>
          {result.problems.length > SHOWN_PROBLEMS && <Caption1>… {result.problems.length - SHOWN_PROBLEMS}</Caption1>}
        </section>
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
