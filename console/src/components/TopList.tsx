// A "top N" list with bars, each entry a link (to a filtered findings view or an entity page).

import type { KeyCount } from '../api/types.js';

export function TopList({ title, items, href, testId }: { title: string; items: KeyCount[]; href?: (key: string) => string | null; testId?: string }) {
  const max = Math.max(1, ...items.map((i) => i.count));
  return (
    <div className="card toplist" data-testid={testId}>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ol>
          {items.map((i) => {
            const link = href?.(i.key) ?? null;
            return (
              <li key={i.key}>
                <span className="toplist-key" title={i.key}>
                  {link ? <a href={link}>{i.key}</a> : i.key}
                </span>
                <meter min={0} max={max} value={i.count} aria-label={`${i.count}`} />
                <span className="num">{i.count}</span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
