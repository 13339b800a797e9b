// The organisation-and-year choice several views start with: the organisations of the user's
// scope (their own first chosen), and a four-digit year (this year to begin with).
import { Field, Input, Select } from '@fluentui/react-components';
import { useEffect, useState, type ReactNode } from 'react';
import type { OrgSummary } from '../api';
import { usePane } from './pane';

const LABELS = { organisation: { zh: '党组织', en: 'Organisation' }, year: { zh: '年度', en: 'Year' } };

export interface OrgYear {
  orgs: OrgSummary[];
  org: number | null;
  setOrg(org: number): void;
  year: string;
  setYear(year: string): void;
  /** The year as a number, when `yearOk`. */
  y: number;
  yearOk: boolean;
}

/** `firstYear`: the year shown to begin with, this year unless the view knows better. */
export function useOrgYear(firstYear = new Date().getFullYear()): OrgYear {
  const pane = usePane();
  const [orgs, setOrgs] = useState<OrgSummary[]>([]);
  const [org, setOrg] = useState<number | null>(pane.session?.user.orgId ?? null);
  const [year, setYear] = useState(String(firstYear));
  useEffect(() => {
    pane.api?.orgs().then((list) => {
      setOrgs(list);
      setOrg((current) => current ?? list[0]?.id ?? null);
    }, pane.fail);
  }, [pane.api]);
  return { orgs, org, setOrg, year, setYear, y: Number(year), yearOk: /^\d{4}$/.test(year) };
}

/** The two fields, `data-field="<name>-org"` and `"<name>-year"` (or `yearField`), and any more beside them. */
export function OrgYearFields({ choice, name, yearField = `${name}-year`, children }: { choice: OrgYear; name: string; yearField?: string; children?: ReactNode }) {
  const { lang } = usePane();
  const { orgs, org, setOrg, year, setYear } = choice;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      <Field label={LABELS.organisation[lang]} style={{ flex: '1 1 180px', minWidth: 0 }}>
        <Select value={org === null ? '' : String(org)} onChange={(_, d) => setOrg(Number(d.value))} data-field={`${name}-org`}>
          {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </Select>
      </Field>
      <Field label={LABELS.year[lang]} style={{ width: 90 }}>
        <Input value={year} onChange={(_, d) => setYear(d.value.replace(/\D/g, '').slice(0, 4))} inputMode="numeric" data-field={yearField} style={{ minWidth: 0, width: '100%' }} />
      </Field>
      {children}
    </div>
  );
}
