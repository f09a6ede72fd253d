// Host path containment, used by the pathWithin() CEL function (sensitive hostPath mounts).

/** Collapses repeated slashes, "." segments and a trailing slash; keeps ".." as is (Kubernetes rejects it). */
export function cleanPath(p: string): string {
  if (!p.startsWith('/')) return p;
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  return '/' + parts.join('/');
}

export function pathWithin(path: string, roots: readonly string[]): boolean {
  const p = cleanPath(path);
  for (const r of roots) {
    const root = cleanPath(r);
    if (p === root) return true;
    if (root !== '/' && p.startsWith(root + '/')) return true;
  }
  return false;
}
