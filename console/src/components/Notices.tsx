// Short-lived messages after an action ("3 findings archived", "Not allowed with this token: ...").

export interface Notice {
  id: number;
  message: string;
  kind: 'info' | 'error';
}

export function Notices({ notices }: { notices: Notice[] }) {
  return (
    <div className="notices" aria-live="polite" data-testid="notices">
      {notices.map((n) => (
        <div key={n.id} className={`toast toast-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          {n.message}
        </div>
      ))}
    </div>
  );
}
