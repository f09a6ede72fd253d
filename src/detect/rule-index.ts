// Rules bucketed by what they can match, so an event meets only its candidate rules. Audit rules:
// by resource (match.resources), else by user (match.users), else listed source IPs
// (match.listedSource), impersonation (match.impersonated), response code (match.codes),
// non-resource rules, and the rest (rules that can match any request). Runtime rules: by event type
// and program (match.events with match.programs: process name or executable file name), by event
// type (match.events), and the rest. Each rule sits in exactly one bucket.

import type { AuditEvent } from '../core/event.js';
import type { RuntimeEvent } from '../core/runtime-event.js';
import { fileName } from '../normalize/runtime/files.js';
import type { CompiledRule } from '../rules/compiled-rule.js';
import { indexKeys } from '../rules/request-matcher.js';

export class RuleIndex {
  readonly #byResource = new Map<string, CompiledRule[]>();
  readonly #byUser = new Map<string, CompiledRule[]>();
  readonly #nonResource: CompiledRule[] = [];
  readonly #any: CompiledRule[] = [];
  readonly #byCode = new Map<number, CompiledRule[]>();
  readonly #listedSource: CompiledRule[] = [];
  readonly #impersonated: CompiledRule[] = [];
  readonly #byEventType = new Map<string, CompiledRule[]>();
  readonly #anyRuntime: CompiledRule[] = [];
  /** event type -> program -> rules */
  readonly #byEventProgram = new Map<string, Map<string, CompiledRule[]>>();

  constructor(rules: CompiledRule[]) {
    const push = <K>(m: Map<K, CompiledRule[]>, k: K, r: CompiledRule) => {
      const list = m.get(k);
      if (list) list.push(r);
      else m.set(k, [r]);
    };
    for (const r of rules) {
      if (!r.enabled) continue;
      if (r.source === 'runtime') {
        if (r.pattern.events?.length && r.pattern.programs?.length) {
          for (const t of r.pattern.events) {
            let byProgram = this.#byEventProgram.get(t);
            if (!byProgram) this.#byEventProgram.set(t, (byProgram = new Map()));
            for (const p of new Set(r.pattern.programs)) push(byProgram, p, r);
          }
        } else if (r.pattern.events?.length) for (const t of r.pattern.events) push(this.#byEventType, t, r);
        else this.#anyRuntime.push(r);
        continue;
      }
      const keys = indexKeys(r.pattern);
      if (keys.resources !== null) for (const res of keys.resources) push(this.#byResource, res, r);
      else if (keys.users !== null) for (const u of keys.users) push(this.#byUser, u, r);
      else if (keys.listedSource) this.#listedSource.push(r);
      else if (keys.impersonated) this.#impersonated.push(r);
      else if (keys.codes !== null) for (const c of keys.codes) push(this.#byCode, c, r);
      else if (keys.nonResourceOnly) this.#nonResource.push(r);
      else this.#any.push(r);
    }
  }

  /** Calls fn for each candidate rule of the event (a rule at most once). */
  forEachCandidate(e: AuditEvent | RuntimeEvent, fn: (r: CompiledRule) => void): void {
    if (e.kind === 'runtime') {
      const byType = this.#byEventType.get(e.eventType);
      if (byType) for (const r of byType) fn(r);
      const byProgram = this.#byEventProgram.get(e.eventType);
      if (byProgram) {
        const byName = byProgram.get(e.process.name);
        if (byName) for (const r of byName) fn(r);
        const exe = fileName(e.process.executablePath);
        const byExe = exe === e.process.name ? undefined : byProgram.get(exe);
        if (byExe) for (const r of byExe) if (!byName?.includes(r)) fn(r);
      }
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
    if (e.intel.ip) for (const r of this.#listedSource) fn(r);
    if (e.impersonatedUser !== null) for (const r of this.#impersonated) fn(r);
    const byCode = this.#byCode.get(e.response.code);
    if (byCode) for (const r of byCode) fn(r);
    for (const r of this.#any) fn(r);
  }
}
