import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import 'katex/dist/katex.min.css';
import './custom.css';
import PhaseExplorer from './components/PhaseExplorer.vue';
import PlotFigure from './components/PlotFigure.vue';
import SimulateRun from './components/SimulateRun.vue';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('PlotFigure', PlotFigure);
    app.component('PhaseExplorer', PhaseExplorer);
    app.component('SimulateRun', SimulateRun);
  },
} satisfies Theme;
