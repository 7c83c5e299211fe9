import { defineConfig } from 'vite';
import { precompress } from './precompress.js';
import { serviceWorker } from './serviceWorkerBuild.js';

// Run as `vite build web`: the root is this folder. JSX goes through esbuild (no React plugin needed).
const page = (name: string): string => decodeURIComponent(new URL(`./${name}`, import.meta.url).pathname);

export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic' },
  plugins: [serviceWorker(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    rollupOptions: {
      // Two pages: the salesperson's app, and the booking page a client opens from a link (src/book), which loads none of the app.
      input: { main: page('index.html'), book: page('book.html') },
      // TanStack Query marks its modules "use client" for React Server Components; meaningless in a SPA bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/ical': 'http://127.0.0.1:3000' },
  },
});
