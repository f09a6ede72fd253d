// The finding as the API returned it, pretty-printed as text (collapsed by default).

export function RawJson({ value }: { value: unknown }) {
  return (
    <details className="section raw" data-testid="raw-json">
      <summary>Raw JSON</summary>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}
