// Builds ServiceView from a core/v1 Service object.

import type { ServiceView } from '../../core/event.js';
import { obj, str, strMap } from './values.js';

export const EMPTY_SERVICE: ServiceView = Object.freeze({
  present: false,
  name: '',
  namespace: '',
  type: '',
  requestedType: '',
  labels: {},
  selector: {},
});

export function serviceView(
  object: Record<string, unknown> | null,
  requestBody: Record<string, unknown> | null,
  ctx: { resource: string; subresource: string; namespace: string; name: string },
): ServiceView {
  if (!object || ctx.resource !== 'services' || ctx.subresource !== '') return EMPTY_SERVICE;
  const meta = obj(object.metadata);
  const spec = obj(object.spec);
  return {
    present: true,
    name: str(meta.name) || ctx.name,
    namespace: str(meta.namespace) || ctx.namespace,
    type: str(spec.type),
    requestedType: str(obj(requestBody?.spec).type),
    labels: strMap(meta.labels),
    selector: strMap(spec.selector),
  };
}
