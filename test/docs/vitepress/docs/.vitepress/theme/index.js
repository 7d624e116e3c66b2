import DefaultTheme from 'vitepress/theme';
import 'python-sandbox/auto.js';

export default DefaultTheme;
