import { defineConfig } from 'vitepress';
import pythonSandbox from 'python-sandbox/vite';

export default defineConfig({
  title: 'python-sandbox in VitePress',
  vite: { plugins: [pythonSandbox()] },
});
