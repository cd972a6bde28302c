import { h } from 'vue';
import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import BenchChart from './BenchChart.vue';
import HomeLayout from './HomeLayout.vue';
import LiveExample from './LiveExample.vue';
import NotFound from './NotFound.vue';
import PageList from './PageList.vue';
import RunTimeline from './RunTimeline.vue';
import SemanticsMatrix from './SemanticsMatrix.vue';
import './custom.css';

export default {
  extends: DefaultTheme,
  Layout: () =>
    h(DefaultTheme.Layout, null, { 'not-found': () => h(NotFound) }),
  enhanceApp({ app }) {
    // VitePress draws a registered 'home' component for `layout: home`.
    app.component('home', HomeLayout);
    app.component('LiveExample', LiveExample);
    app.component('PageList', PageList);
    app.component('RunTimeline', RunTimeline);
    app.component('BenchChart', BenchChart);
    app.component('SemanticsMatrix', SemanticsMatrix);
  },
} satisfies Theme;
