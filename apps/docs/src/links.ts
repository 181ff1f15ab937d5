// Static check of the built site's internal links: every `<a href>` of every page must lead to a
// file of the site, and a `#fragment` to an element with that id on the target page.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { resolveSitePath } from './site-server.js';

/** Every `.html` file under `root`, as site paths (`/theory/alpha1.html`). */
export function sitePages(root: string): string[] {
  const pages: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.html')) pages.push(`/${relative(root, path).split(sep).join('/')}`);
    }
  };
  walk(root);
  return pages.sort();
}

/** The `href`s of the `<a>` elements of an HTML document (entities `&amp;` decoded). */
export function anchorHrefs(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/g)].map((match) => (match[1] ?? '').replaceAll('&amp;', '&'));
}

/** A broken link: the page it is on, the href, and why. */
export interface BrokenLink {
  readonly page: string;
  readonly href: string;
  readonly reason: string;
}

const ids = new Map<string, Set<string>>();
function idsOf(file: string): Set<string> {
  let set = ids.get(file);
  if (set === undefined) {
    const html = readFileSync(file, 'utf8');
    set = new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((match) => match[1] ?? ''));
    ids.set(file, set);
  }
  return set;
}

/** Checks every internal link of the site under `root`; returns the broken ones and how many were checked. */
export function checkInternalLinks(root: string): { checked: number; broken: BrokenLink[] } {
  const broken: BrokenLink[] = [];
  let checked = 0;
  for (const page of sitePages(root)) {
    if (page === '/404.html') continue;
    const html = readFileSync(join(root, page), 'utf8');
    for (const href of anchorHrefs(html)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) continue; // external (http:, mailto:, …)
      const url = new URL(href, `http://site${page}`);
      checked += 1;
      const file = resolveSitePath(root, url.pathname);
      if (file === undefined) {
        broken.push({ page, href, reason: `no file for ${url.pathname}` });
        continue;
      }
      const fragment = decodeURIComponent(url.hash.slice(1));
      if (fragment !== '' && file.endsWith('.html') && !idsOf(file).has(fragment)) {
        broken.push({ page, href, reason: `no element with id "${fragment}" on ${url.pathname}` });
      }
    }
  }
  return { checked, broken };
}
