// An organisation of the user's scope and a year, side by side (wrapping on a phone): the head of
// the views that work on one organisation's year.
import { Field, Input, Select } from '@fluentui/react-components';
import type { OrgSummary } from '../api';

/** Fluent's inputs keep a minimum width of their own; these take their field's width instead. */
const fill = { minWidth: 0, width: '100%' } as const;

export interface OrgYearPickerProps {
  orgs: OrgSummary[];
  org: number | null;
  onOrg(org: number): void;
  /** As typed: up to four digits. */
  year: string;
  onYear(year: string): void;
  labels: { organisation: string; year: string };
  /** `data-field` of the two inputs: `${prefix}-org`, and `${prefix}-year` (or `year` when no prefix). */
  prefix: string;
  yearField?: string;
}

export function OrgYearPicker({ orgs, org, onOrg, year, onYear, labels, prefix, yearField = `${prefix}-year` }: OrgYearPickerProps) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      <Field label={labels.organisation} style={{ flex: '1 1 180px', minWidth: 0 }}>
        <Select value={org === null ? '' : String(org)} onChange={(_, d) => onOrg(Number(d.value))} data-field={`${prefix}-org`}>
          {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </Select>
      </Field>
      <Field label={labels.year} style={{ width: 90 }}>
        <Input value={year} onChange={(_, d) => onYear(d.value.replace(/\D/g, '').slice(0, 4))} inputMode="numeric" data-field={yearField} style={fill} />
      </Field>
    </div>
  );
}
