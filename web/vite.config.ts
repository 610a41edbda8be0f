import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webRoot = dirname(fileURLToPath(import.meta.url));
const apiTarget = process.env.AFTERCARE_API ?? 'http://127.0.0.1:3000';

/** Sub-apps with client-side routing: in dev, /tech/* and /portal/* fall back to their own index.html. */
function subAppFallback(): Plugin {
  return {
    name: 'aftercare:sub-app-fallback',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? '/';
        const accept = req.headers.accept ?? '';
        if (req.method === 'GET' && accept.includes('text/html')) {
          for (const app of ['tech', 'portal']) {
            if (url === `/${app}` || (url.startsWith(`/${app}/`) && !url.includes('.'))) {
              req.url = `/${app}/index.html`;
            }
          }
        }
        next();
      });
    },
  };
}

/**
 * Emits tech/sw.js: the hand-written service worker (web/src/tech/sw-template.js) with the list of
 * files that make up the technician app shell, so it can precache exactly those.
 */
function techServiceWorker(): Plugin {
  return {
    name: 'aftercare:tech-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find(
        (f) => f.type === 'chunk' && f.isEntry && f.facadeModuleId === resolve(webRoot, 'tech/index.html'),
      );
      if (!entry || entry.type !== 'chunk') {
        this.error('technician entry chunk not found');
      }
      const files = new Set<string>();
      const visit = (fileName: string) => {
        if (files.has(fileName)) return;
        const f = bundle[fileName];
        if (!f) return;
        files.add(fileName);
        if (f.type === 'chunk') {
          for (const dep of [...f.imports, ...f.dynamicImports]) visit(dep);
          for (const css of f.viteMetadata?.importedCss ?? []) files.add(css);
          for (const asset of f.viteMetadata?.importedAssets ?? []) files.add(asset);
        }
      };
      visit(entry.fileName);
      const shell = [
        '/tech/',
        '/tech/manifest.webmanifest',
        '/favicon.svg',
        '/tech/icon-192.png',
        '/tech/icon-512.png',
        '/tech/icon-512-maskable.png',
        ...[...files].sort().map((f) => `/${f}`),
      ];
      const version = createHash('sha256').update(shell.join('\n')).digest('hex').slice(0, 12);
      const template = readFileSync(resolve(webRoot, 'src/tech/sw-template.js'), 'utf8');
      const source = template
        .replace('__SHELL_VERSION__', version)
        .replace('/*__SHELL_FILES__*/ []', JSON.stringify(shell, null, 2));
      this.emitFile({ type: 'asset', fileName: 'tech/sw.js', source });
    },
  };
}

const vendorGroups = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser)[\\/]/ },
  { name: 'query-i18n', test: /node_modules[\\/](@tanstack|i18next|react-i18next|html-parse-stringify|void-elements)[\\/]/ },
  { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/ },
  { name: 'antd-pages', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|dayjs|@babel[\\/]runtime|classnames|stylis|compute-scroll-into-view|scroll-into-view-if-needed|copy-to-clipboard|toggle-selection|throttle-debounce|json2mq|string-convert|resize-observer-polyfill|react-is|lodash[^\\/]*)[\\/]/ },
];

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: resolve(webRoot, 'public'),
  plugins: [react(), subAppFallback(), techServiceWorker()],
  build: {
    outDir: resolve(webRoot, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1400,
    reportCompressedSize: false,
    rolldownOptions: {
      input: {
        console: resolve(webRoot, 'index.html'),
        tech: resolve(webRoot, 'tech/index.html'),
        portal: resolve(webRoot, 'portal/index.html'),
      },
      output: {
        codeSplitting: {
          // antd is split in two: what the three app shells load at start, and what only the
          // console's lazily loaded pages need (tables, pickers, upload…). echarts is loaded only
          // by the dashboard chart.
          groups: [
            { ...vendorGroups[3], name: 'antd', tags: ['$initial'], priority: 5 },
            ...vendorGroups.map((g, i) => ({ ...g, priority: vendorGroups.length - i })),
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
