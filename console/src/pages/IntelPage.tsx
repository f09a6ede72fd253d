// Threat-intelligence lists: stored lists with their counts, the built-in ones, and (admins) add
// a list from pasted text or remove one.

import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client.js';
import { ErrorBox, Loading } from '../components/Common.js';
import { useAsync } from '../hooks.js';
import { formatTime } from '../lib/format.js';
import { allowed, useSession } from '../session.js';

function AddList({ onAdded }: { onAdded: () => void }) {
  const { api, notify } = useSession();
  const [name, setName] = useState('');
  const [list, setList] = useState('threat');
  const [content, setContent] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await api.addIntel({ name, list, content });
      notify(`List ${r.list.name}: ${r.list.entries} entries${r.refused.length ? `, ${r.refused.length} refused` : ''}.`);
      setName('');
      setContent('');
      onAdded();
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)}>
      <h3>Add a list</h3>
      <div className="row">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Kind
          <select value={list} onChange={(e) => setList(e.target.value)}>
            <option value="threat">threat (custom threat list)</option>
            <option value="trusted">trusted (never an IP-based finding)</option>
            <option value="tor">tor (exit nodes)</option>
            <option value="malicious">malicious</option>
          </select>
        </label>
      </div>
      <label>
        Entries (IPs, CIDR blocks, domains; text, CSV or STIX 2.1)
        <textarea value={content} onChange={(e) => setContent(e.target.value)} rows={5} required />
      </label>
      <button type="submit" disabled={!name || !content}>
        Add list
      </button>
    </form>
  );
}

export function IntelPage() {
  const { api, role, notify } = useSession();
  const r = useAsync(() => api.intel(), 'intel');
  const remove = async (name: string) => {
    if (!window.confirm(`Remove the list ${name}?`)) return;
    try {
      await api.deleteIntel(name);
      notify(`List ${name} removed.`);
      r.reload();
    } catch (e) {
      notify(errorMessage(e), 'error');
    }
  };
  return (
    <div data-testid="intel-page">
      <div className="page-head">
        <h1>Threat intelligence</h1>
      </div>
      {r.loading && !r.data && <Loading what="lists" />}
      {r.error !== undefined && <ErrorBox error={r.error} />}
      {r.data && (
        <table className="simple">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Format</th>
              <th className="num">Entries</th>
              <th className="num">Refused</th>
              <th>Source</th>
              <th>Updated</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {r.data.lists.map((l) => (
              <tr key={l.name}>
                <td>{l.name}</td>
                <td>{l.kind}</td>
                <td>{l.format}</td>
                <td className="num">{l.entries}</td>
                <td className="num">{l.rejected}</td>
                <td className="ellipsis">{l.source}</td>
                <td>{formatTime(l.updatedAt)}</td>
                <td>
                  {allowed(role, 'admin') && (
                    <button type="button" className="ghost small" onClick={() => void remove(l.name)}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {r.data.builtin.map((b) => (
              <tr key={b.name} className="muted">
                <td>{b.name}</td>
                <td>{b.kind}</td>
                <td colSpan={6}>built in</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {allowed(role, 'admin') && <AddList onAdded={r.reload} />}
    </div>
  );
}
