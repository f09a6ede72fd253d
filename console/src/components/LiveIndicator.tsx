// The live-update indicator: polling on or paused, when it last looked, what it found.

import { formatTime } from '../lib/format.js';

export function LiveIndicator({ live, onToggle, checkedAt, newCount, onShowNew, error }: {
  live: boolean;
  onToggle: () => void;
  checkedAt: number | null;
  newCount: number;
  onShowNew: (() => void) | null;
  error: string;
}) {
  return (
    <div className="live" data-testid="live-indicator" data-live={live ? 'on' : 'off'}>
      <span className={`live-dot ${live ? (error ? 'live-error' : 'live-on') : 'live-off'}`} aria-hidden="true" />
      <span>{live ? (error ? 'Live updates failing' : 'Live') : 'Paused'}</span>
      {checkedAt !== null && <span className="muted small">checked {formatTime(checkedAt).slice(11)}</span>}
      {newCount > 0 && (
        <span className="badge-new" data-testid="live-new">
          {newCount} new or updated
          {onShowNew && (
            <button type="button" className="link" onClick={onShowNew}>
              show
            </button>
          )}
        </span>
      )}
      <button type="button" className="ghost small" onClick={onToggle} data-testid="live-toggle">
        {live ? 'Pause' : 'Resume'}
      </button>
    </div>
  );
}
