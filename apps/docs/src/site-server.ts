// A tiny static server for the built site (apps/docs/dist) on localhost, for the browser tests:
// `/x/` → `x/index.html`, `/x` → `x` or `x.html` (VitePress's file layout), else the site's 404 page.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file a URL path maps to in `root`, or `undefined` when there is none. */
export function resolveSitePath(root: string, pathname: string): string | undefined {
  const decoded = decodeURIComponent(pathname);
  const path = normalize(join(root, decoded));
  if (!path.startsWith(resolve(root))) return undefined;
  const candidates = decoded.endsWith('/') ? [join(path, 'index.html')] : [path, `${path}.html`, join(path, 'index.html')];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** Serves `root` on an ephemeral localhost port; resolves with its origin, the paths it could not serve (404) and a `close`. */
export async function serveSite(root: string): Promise<{ origin: string; missing: string[]; close: () => Promise<void> }> {
  const missing: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const file = resolveSitePath(root, url.pathname);
    if (file === undefined) {
      missing.push(url.pathname);
      response.writeHead(404, { 'content-type': TYPES['.html'] });
      const notFound = join(root, '404.html');
      if (existsSync(notFound)) createReadStream(notFound).pipe(response);
      else response.end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    missing,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
