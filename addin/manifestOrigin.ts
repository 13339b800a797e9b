// The checked-in manifest points at https://localhost:3000; a deployment serves the pane from its
// own origin. This rewrites every URL of the manifest to that origin.
export function manifestForOrigin(manifest: string, origin: string): string {
  const clean = origin.replace(/\/+$/, '');
  if (!/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(clean)) {
    throw new Error(`ADDIN_ORIGIN must be an https origin such as https://ledger.example.org, got "${origin}"`);
  }
  return manifest.replaceAll('https://localhost:3000', clean);
}
