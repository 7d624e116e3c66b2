import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';

export default defineConfig({
  integrations: [
    starlight({
      title: 'python-sandbox in Starlight',
      head: [{ tag: 'script', attrs: { type: 'module', src: '/python-sandbox/auto.js' } }],
    }),
  ],
});
