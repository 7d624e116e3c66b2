export default {
  title: 'python-sandbox in Docusaurus',
  url: 'http://localhost',
  baseUrl: '/',
  presets: [['classic', { docs: { routeBasePath: '/' }, blog: false }]],
  scripts: [{ src: '/python-sandbox/auto.js', type: 'module' }],
};
