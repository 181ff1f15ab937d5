import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { katex } from '@mdit/plugin-katex';
import { type DefaultTheme, defineConfig } from 'vitepress';

// MathML elements written by KaTeX: Vue must leave them alone (else "failed to resolve component").
const MATHML = new Set(
  'math annotation semantics mi mn mo ms mspace mtext menclose merror mfenced mfrac mpadded mphantom mroot mrow msqrt mstyle mmultiscripts mover mprescripts msub msubsup msup munder munderover mtable mtd mtr maction'.split(
    ' ',
  ),
);

/** Sidebar of the API reference: one collapsed group per package, from TypeDoc's generated sidebars. */
function apiSidebar(): DefaultTheme.SidebarItem[] {
  const list = fileURLToPath(new URL('../api/packages.json', import.meta.url));
  if (!existsSync(list)) return [];
  const packages = JSON.parse(readFileSync(list, 'utf8')) as { name: string; version: string; folder: string }[];
  return [
    { text: 'Overview', link: '/api/' },
    ...packages.map((pkg) => {
      const file = fileURLToPath(new URL(`../api/${pkg.folder}/typedoc-sidebar.json`, import.meta.url));
      const items = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DefaultTheme.SidebarItem[]) : [];
      return { text: `${pkg.name} ${pkg.version}`, link: `/api/${pkg.folder}/`, collapsed: true, items };
    }),
  ];
}

const guideSidebar: DefaultTheme.SidebarItem[] = [
  {
    text: 'Theory',
    items: [
      { text: 'Overview', link: '/theory/' },
      { text: 'The model', link: '/theory/model' },
      { text: 'The REM mapping', link: '/theory/rem' },
      { text: 'Typical pattern: α₁', link: '/theory/alpha1' },
      { text: 'All patterns: bound on α_c', link: '/theory/alpha-c' },
      { text: 'Basins and c_max', link: '/theory/basins' },
      { text: 'The finite-size law', link: '/theory/finite-size' },
      { text: 'Ensembles', link: '/theory/ensembles' },
      { text: 'Scaled regime', link: '/theory/scaled' },
    ],
  },
  {
    text: 'How the simulations work',
    items: [
      { text: 'Overview', link: '/methods/' },
      { text: 'The protocol and the crossover', link: '/methods/protocol' },
      { text: 'The guided search', link: '/methods/search' },
      { text: 'Certified early stop', link: '/methods/certificates' },
      { text: 'Large N', link: '/methods/large-n' },
    ],
  },
  {
    text: 'Figures',
    items: [
      { text: 'Fig. 1 (top): spherical phase diagram', link: '/figures/fig1-top' },
      { text: 'Fig. 1 (bottom): simulations', link: '/figures/fig1-bottom' },
      { text: 'Fig. 2: basins', link: '/figures/fig2' },
      { text: 'Fig. 3: Gaussian phase diagram', link: '/figures/fig3' },
      { text: 'Binary patterns', link: '/figures/binary' },
      { text: 'All ensembles', link: '/figures/ensembles' },
      { text: 'Scaled regime', link: '/figures/scaled' },
      { text: 'Large N (beyond the paper)', link: '/figures/large-n' },
    ],
  },
  {
    text: 'Interactive',
    items: [
      { text: 'Explorer', link: '/explorer' },
      { text: 'Simulation in the browser', link: '/simulate' },
    ],
  },
  {
    text: 'Guides',
    items: [
      { text: 'Reproduce the paper', link: '/guides/reproduce' },
      { text: 'Large simulations on a cluster', link: '/guides/cluster' },
      { text: 'Your own pattern ensemble', link: '/guides/custom-ensemble' },
    ],
  },
];

export default defineConfig({
  title: 'dam',
  description: 'The exponential capacity of dense associative memories: theory, simulation, figures.',
  lang: 'en-GB',
  outDir: '../dist',
  cleanUrls: false,
  lastUpdated: false,
  // Every internal link must resolve: a dead link fails the build.
  ignoreDeadLinks: false,
  head: [
    ['meta', { name: 'theme-color', content: '#1f7a34' }],
    ['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }],
  ],
  markdown: {
    math: false,
    config: (md) => {
      md.use(katex, { output: 'htmlAndMathml', throwOnError: true });
    },
  },
  vue: {
    template: { compilerOptions: { isCustomElement: (tag: string) => MATHML.has(tag) } },
  },
  themeConfig: {
    nav: [
      { text: 'Theory', link: '/theory/' },
      { text: 'Methods', link: '/methods/' },
      { text: 'Figures', link: '/figures/fig1-top' },
      { text: 'Explorer', link: '/explorer' },
      { text: 'Simulate', link: '/simulate' },
      { text: 'Guides', link: '/guides/reproduce' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: {
      '/api/': apiSidebar(),
      '/': guideSidebar,
    },
    outline: { level: [2, 3] },
    search: { provider: 'local' },
    footer: { message: 'Following Lucibello & Mézard, The Exponential Capacity of Dense Associative Memories.' },
  },
});
