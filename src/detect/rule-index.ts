// Rules bucketed by what they can match, so an event meets only its candidate rules. Audit rules:
// by resource (from match.resources), by user (match.users with no resources), non-resource rules,
// and the rest (rules that can match any request). Runtime rules: by event type (match.events),
// and the rest. Each rule sits in exactly one bucket.

import type { AuditEvent } from '../core/event.js';
import type { RuntimeEvent } from '../core/runtime-event.js';
import type { CompiledRule } from '../rules/compiled-rule.js';
import { indexKeys } from '../rules/request-matcher.js';

export class RuleIndex {
  readonly #byResource = new Map<string, CompiledRule[]>();
  readonly #byUser = new Map<string, CompiledRule[]>();
  readonly #nonResource: CompiledRule[] = [];
  readonly #any: CompiledRule[] = [];
  readonly #byEventType = new Map<string, CompiledRule[]>();
  readonly #anyRuntime: CompiledRule[] = [];

  constructor(rules: CompiledRule[]) {
    const push = (m: Map<string, CompiledRule[]>, k: string, r: CompiledRule) => {
      const list = m.get(k);
      if (list) list.push(r);
      else m.set(k, [r]);
    };
    for (const r of rules) {
      if (!r.enabled) continue;
      if (r.source === 'runtime') {
        if (r.pattern.events?.length) for (const t of r.pattern.events) push(this.#byEventType, t, r);
        else this.#anyRuntime.push(r);
        continue;
      }
      const keys = indexKeys(r.pattern);
      if (keys.resources !== null) for (const res of keys.resources) push(this.#byResource, res, r);
      else if (keys.users !== null) for (const u of keys.users) push(this.#byUser, u, r);
      else if (keys.nonResourceOnly) this.#nonResource.push(r);
      else this.#any.push(r);
    }
  }

  /** Calls fn for each candidate rule of the event (a rule at most once). */
  forEachCandidate(e: AuditEvent | RuntimeEvent, fn: (r: CompiledRule) => void): void {
    if (e.kind === 'runtime') {
      const byType = this.#byEventType.get(e.eventType);
      if (byType) for (const r of byType) fn(r);
      for (const r of this.#anyRuntime) fn(r);
      return;
    }
    if (e.nonResource) {
      for (const r of this.#nonResource) fn(r);
    } else {
      const byRes = this.#byResource.get(e.target.resource);
      if (byRes) for (const r of byRes) fn(r);
    }
    const byUser = this.#byUser.get(e.user.username);
    if (byUser) for (const r of byUser) fn(r);
    for (const r of this.#any) fn(r);
  }
}
