// Generates the API reference (site/api/) from the TSDoc comments of every package with TypeDoc
// and typedoc-plugin-markdown (+ typedoc-vitepress-theme for VitePress-friendly links and a
// sidebar), one package at a time from its own entry points and tsconfig. Each package's pages
// carry the version in its package.json, so the reference is versioned with the packages.
// Run by `pnpm build` / `pnpm dev` of @dam/docs before VitePress.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, ReflectionKind } from 'typedoc';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const out = resolve(here, '../site/api');

/** The documented packages: directory, entry points (one per `exports` subpath), one line of what it is. */
export const PACKAGES = [
  {
    dir: 'packages/kernels',
    entries: ['src/index.ts'],
    what: 'Matrix and the attention step on interchangeable backends (float64 reference, JavaScript, WebAssembly SIMD, gpu.js).',
  },
  {
    dir: 'packages/ensembles',
    entries: ['src/index.ts'],
    what: 'Spherical, Gaussian and binary pattern ensembles: seeded samplers and large-deviation laws.',
  },
  {
    dir: 'packages/theory',
    entries: ['src/index.ts'],
    what: 'The REM theory of the paper: α₁, α_c^lb, α_*, λ_c, λ_*, cos θ_c, c_max, the scaled regime, phase diagrams.',
  },
  {
    dir: 'packages/dynamics',
    entries: ['src/index.ts', 'src/internals.ts'],
    what: 'Retrieval dynamics and the finite-size experiments: success rates, λ½, finite-size scans, basins.',
  },
  {
    dir: 'packages/plot',
    entries: ['src/index.ts', 'src/node.ts'],
    what: 'The figures of the paper and ours with Observable Plot: DOM in the browser, SVG and PNG in Node.',
  },
];

/** `@dam/theory` → `theory`: the folder of a package's pages under /api/. */
export const slug = (/** @type {string} */ name) => name.replace(/^@dam\//, '');

/** @param {{ dir: string, entries: string[], what: string }} pkg */
async function generate(pkg) {
  const dir = join(root, pkg.dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const target = join(out, slug(manifest.name));
  /** @type {import('typedoc').TypeDocOptions & Record<string, unknown>} TypeDoc's options plus those of the markdown plugins */
  const options = {
    entryPoints: pkg.entries.map((/** @type {string} */ entry) => join(dir, entry)),
    tsconfig: join(dir, 'tsconfig.json'),
    plugin: ['typedoc-plugin-markdown', 'typedoc-vitepress-theme'],
    out: target,
    name: manifest.name,
    includeVersion: true,
    readme: 'none',
    entryFileName: 'index',
    excludePrivate: true,
    excludeInternal: true,
    excludeExternals: true,
    skipErrorChecking: true,
    hideGenerator: true,
    validation: { notExported: false, invalidLink: false, rewrittenLink: false },
    logLevel: 'Error',
    docsRoot: resolve(here, '../site'),
    sidebar: { autoConfiguration: true, format: 'vitepress', pretty: false, collapsed: true },
    useCodeBlocks: true,
    parametersFormat: 'table',
    interfacePropertiesFormat: 'table',
    // Repository-relative source paths in the "Defined in" lines.
    disableSources: false,
    displayBasePath: root,
  };
  const app = await Application.bootstrapWithPlugins(options);
  const project = await app.convert();
  if (!project) throw new Error(`TypeDoc could not convert ${manifest.name}`);
  // A package with several entry points (@dam/plot: `.` and `./node`) gets one module per entry,
  // named by its file (`index`, `node`) rather than by its path from the repository root.
  for (const child of project.children ?? []) {
    if (child.kindOf(ReflectionKind.Module))
      child.name = child.name.endsWith('/src') ? 'index' : (child.name.split('/').pop() ?? child.name);
  }
  await app.generateOutputs(project);
  return {
    name: manifest.name,
    version: manifest.version,
    what: pkg.what,
    folder: slug(manifest.name),
    readme: relative(root, join(dir, 'README.md')),
  };
}

const started = performance.now();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const generated = [];
for (const pkg of PACKAGES) generated.push(await generate(pkg));
const rows = generated.map((p) => `| [\`${p.name}\`](./${p.folder}/) | ${p.version} | ${p.what} |`).join('\n');
writeFileSync(
  join(out, 'index.md'),
  `# API reference

Generated at build time by [TypeDoc](https://typedoc.org) (with typedoc-plugin-markdown) from the
TSDoc comments of each package's entry points, so it always matches the code and the version of
the package it documents. Each package's README has a runnable example; the [theory](../theory/)
pages link every formula to the function that computes it.

| package | version | what it is |
| --- | --- | --- |
${rows}

\`@dam/plot\` has two entry points: \`@dam/plot\` (browser-safe figure functions) and
\`@dam/plot/node\` (SVG strings and PNGs in Node).
`,
);
writeFileSync(join(out, 'packages.json'), `${JSON.stringify(generated, null, 2)}\n`);
console.log(
  `API reference: ${generated.length} packages in ${((performance.now() - started) / 1000).toFixed(1)} s → ${relative(process.cwd(), out)}`,
);
