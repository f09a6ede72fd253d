// Names and labels shared by Vigil's objects and the objects that refer to them.

export const VIGIL_NAME = 'vigil';
export const TRACEE_NAME = 'vigil-tracee';
export const VIGIL_LABELS = { 'app.kubernetes.io/name': 'vigil', 'app.kubernetes.io/component': 'server', 'app.kubernetes.io/part-of': 'vigil' };
export const TRACEE_LABELS = { 'app.kubernetes.io/name': 'tracee', 'app.kubernetes.io/component': 'runtime-sensor', 'app.kubernetes.io/part-of': 'vigil' };
/** Keys of the token Secrets. */
export const ADMIN_TOKEN_KEY = 'admin-token';
export const INGEST_TOKEN_KEY = 'ingest-token';
