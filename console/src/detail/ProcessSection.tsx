// Runtime process: the process, its lineage drawn as a tree (oldest ancestor at the top) and the
// process that modified the file, when the finding has one.

import type { Finding } from '../api/types.js';
import { Fields, Section } from '../components/Common.js';
import { formatTime } from '../lib/format.js';
import { processChain, type ProcessNode } from '../lib/process-tree.js';

function when(epochSeconds: number | undefined): string | undefined {
  return epochSeconds === undefined ? undefined : formatTime(epochSeconds * 1000);
}

function Tree({ chain }: { chain: ProcessNode[] }) {
  // Nested lists: each process is the child of the one above it.
  const [head, ...rest] = chain;
  if (!head) return null;
  return (
    <ul className="tree">
      <li className={head.subject ? 'subject' : undefined}>
        <span className="proc">
          <strong>{head.name || '?'}</strong> <code>{head.executablePath}</code>
          {head.pid !== undefined ? <span className="muted"> pid {head.pid}</span> : null}
          {head.userId !== undefined ? <span className="muted"> uid {head.userId}</span> : null}
          {head.subject ? <span className="tag">this finding</span> : null}
        </span>
        {rest.length > 0 && <Tree chain={rest} />}
      </li>
    </ul>
  );
}

export function ProcessSection({ finding: f }: { finding: Finding }) {
  const rd = f.service?.runtimeDetails;
  const p = rd?.process;
  if (!p) return null;
  const ctx = rd.context ?? {};
  const mod = (typeof ctx.modifyingProcess === 'object' && ctx.modifyingProcess !== null ? ctx.modifyingProcess : undefined) as { name?: string; executablePath?: string; pid?: number } | undefined;
  const str = (k: string): string | undefined => {
    const v = ctx[k];
    return typeof v === 'string' ? v : undefined;
  };
  const regions = Array.isArray(ctx.memoryRegions) ? ctx.memoryRegions.filter((x): x is string => typeof x === 'string').join(', ') : undefined;
  return (
    <Section title="Runtime process" testId="section-process">
      <Fields
        rows={[
          ['Process', p.name],
          ['Executable', <code key="e">{p.executablePath}</code>],
          ['SHA-256', p.executableSha256],
          ['PID (namespace PID)', p.pid !== undefined ? `${p.pid}${p.namespacePid !== undefined ? ` (${p.namespacePid})` : ''}` : undefined],
          ['Working directory', p.pwd],
          ['User ID / effective', p.userId !== undefined ? `${p.userId} / ${p.euid ?? '?'}` : undefined],
          ['Started', when(p.startTime)],
          ['Command line', str('commandLineExample') ? <code key="c">{str('commandLineExample')}</code> : undefined],
          ['Library', str('libraryPath')],
          ['Memory regions', regions],
        ]}
      />
      <h4>Lineage</h4>
      <div data-testid="lineage">
        <Tree chain={processChain(p)} />
      </div>
      {mod && (
        <>
          <h4>Modifying process</h4>
          <Fields
            rows={[
              ['Process', mod.name],
              ['Executable', mod.executablePath],
              ['PID', mod.pid !== undefined ? String(mod.pid) : undefined],
              ['Modified at', typeof ctx.modifiedAt === 'number' ? when(ctx.modifiedAt) : undefined],
            ]}
          />
        </>
      )}
    </Section>
  );
}
