// Saved views: named filter sets kept in this browser (localStorage), applied with one click.

import { useState, type FormEvent } from 'react';
import { viewToQuery, type FindingView } from '../lib/filters.js';
import { loadSavedViews, storeSavedViews, viewOf, type SavedView } from '../lib/storage.js';

export function SavedViews({ view, onApply }: { view: FindingView; onApply: (v: FindingView) => void }) {
  const [views, setViews] = useState<SavedView[]>(() => loadSavedViews());
  const [name, setName] = useState('');
  const update = (next: SavedView[]) => {
    setViews(next);
    storeSavedViews(next);
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim().slice(0, 80);
    if (!n) return;
    update([...views.filter((v) => v.name !== n), { name: n, query: viewToQuery(view) }]);
    setName('');
  };
  return (
    <div className="saved-views" data-testid="saved-views">
      <span className="muted">Saved views:</span>
      {views.length === 0 && <span className="muted">none yet</span>}
      {views.map((v) => (
        <span key={v.name} className="saved">
          <button type="button" className="link" onClick={() => onApply(viewOf(v))} title={v.query || 'all current findings'}>
            {v.name}
          </button>
          <button type="button" className="link small" aria-label={`Delete saved view ${v.name}`} onClick={() => update(views.filter((x) => x.name !== v.name))}>
            ×
          </button>
        </span>
      ))}
      <form onSubmit={save} className="inline">
        <input aria-label="Name for this view" value={name} onChange={(e) => setName(e.target.value)} placeholder="name this view" data-testid="save-view-name" />
        <button type="submit" className="ghost small" disabled={name.trim() === ''} data-testid="save-view">
          Save view
        </button>
      </form>
    </div>
  );
}
