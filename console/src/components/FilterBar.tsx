// The filter bar: the API's filter fields (type, severity, cluster, namespace) as chips, the
// current/archived toggle, sort and page size. Every change becomes a new URL (a deep link).

import { useState, type FormEvent, type RefObject } from 'react';
import {
  FILTER_FIELDS, PAGE_SIZES, SORT_FIELDS, addFilter, clearFilters, removeFilter, viewChips,
  type FilterKey, type FindingView, type SortField,
} from '../lib/filters.js';
import { SEVERITY_LABELS } from '../lib/severity.js';

const SORT_LABELS: Record<SortField, string> = {
  updatedAt: 'Last updated',
  createdAt: 'Created',
  severity: 'Severity',
  count: 'Count',
  eventLastSeen: 'Last seen',
};

export function FilterBar({ view, onChange, suggestions, inputRef }: {
  view: FindingView;
  onChange: (v: FindingView) => void;
  suggestions: Partial<Record<FilterKey, string[]>>;
  inputRef: RefObject<HTMLInputElement | null>;
}) {
  const [field, setField] = useState<FilterKey>('types');
  const [value, setValue] = useState('');
  const chips = viewChips(view);
  const options = field === 'severities' ? [...SEVERITY_LABELS] : (suggestions[field] ?? []);

  const add = (e: FormEvent) => {
    e.preventDefault();
    const next = addFilter(view, field, value);
    setValue('');
    if (next !== view) onChange(next);
  };

  return (
    <div className="filterbar" data-testid="filterbar">
      <div className="toggle" role="group" aria-label="Current or archived findings">
        <button type="button" className={!view.archived ? 'on' : ''} aria-pressed={!view.archived} onClick={() => onChange({ ...view, archived: false })} data-testid="view-current">
          Current
        </button>
        <button type="button" className={view.archived ? 'on' : ''} aria-pressed={view.archived} onClick={() => onChange({ ...view, archived: true })} data-testid="view-archived">
          Archived
        </button>
      </div>
      <form className="filter-add" onSubmit={add} aria-label="Add a filter">
        <select aria-label="Filter field" value={field} onChange={(e) => setField(e.target.value as FilterKey)} data-testid="filter-field">
          {FILTER_FIELDS.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label}
            </option>
          ))}
        </select>
        <input
          ref={inputRef}
          aria-label="Filter value"
          list="filter-suggestions"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="value… (press / to focus)"
          data-testid="filter-value"
        />
        <datalist id="filter-suggestions">
          {options.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
        <button type="submit" data-testid="filter-add">
          Add filter
        </button>
      </form>
      <label className="inline">
        Sort
        <select aria-label="Sort by" value={view.sort} onChange={(e) => onChange({ ...view, sort: e.target.value as SortField })} data-testid="sort">
          {SORT_FIELDS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="ghost" onClick={() => onChange({ ...view, order: view.order === 'desc' ? 'asc' : 'desc' })} aria-label="Sort order" data-testid="order">
        {view.order === 'desc' ? '↓ newest/highest first' : '↑ oldest/lowest first'}
      </button>
      <label className="inline">
        Per page
        <select aria-label="Findings per page" value={view.limit} onChange={(e) => onChange({ ...view, limit: Number(e.target.value) })}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      {chips.length > 0 && (
        <div className="chips" data-testid="chips">
          {chips.map((c) => (
            <span key={`${c.key}=${c.value}`} className="chip" data-testid="chip">
              <span className="chip-label">{c.label}:</span> {c.value}
              <button type="button" aria-label={`Remove filter ${c.label} ${c.value}`} onClick={() => onChange(removeFilter(view, c.key, c.value))}>
                ×
              </button>
            </span>
          ))}
          <button type="button" className="ghost small" onClick={() => onChange(clearFilters(view))} data-testid="clear-filters">
            Clear all
          </button>
        </div>
      )}
    </div>
  );
}
