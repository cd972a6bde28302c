import { defineAsyncComponent, h } from 'vue';
import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import HomeLayout from './HomeLayout.vue';
import NotFound from './NotFound.vue';
import PageList from './PageList.vue';
import './custom.css';
import './timeline.css';
import './semantics.css';
import './bench-chart.css';

export default {
  extends: DefaultTheme,
  Layout: () =>
    h(DefaultTheme.Layout, null, { 'not-found': () => h(NotFound) }),
  enhanceApp({ app }) {
    // VitePress draws a registered 'home' component for `layout: home`.
    app.component('home', HomeLayout);
    app.component('PageList', PageList);
    // A component only some pages use is a chunk of its own, loaded by those pages alone: the
    // theme chunk, which every page loads, holds none of it. A page arrives with it rendered
    // (server-side), and hydrates it once its chunk has arrived. Its CSS stays in the one
    // stylesheet (VitePress builds with cssCodeSplit off), so it is styled from the first paint.
    app.component(
      'LiveExample',
      defineAsyncComponent(() => import('./LiveExample.vue')),
    );
  },
} satisfies Theme;
