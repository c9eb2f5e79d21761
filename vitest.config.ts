import { fileURLToPath } from 'node:url';

import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// esbuild (vitest's default transform) cannot emit `design:paramtypes`, which tsyringe needs for
// constructor injection without @inject(); swc can, exactly as tsc does for the published build.
export default defineConfig({
  resolve: {
    // The README's testing example imports the package by name; its test runs it against the sources.
    alias: [
      { find: /^crontainer$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      {
        find: /^crontainer\/(redis|testing)$/,
        replacement: fileURLToPath(new URL('./src/$1.ts', import.meta.url)),
      },
    ],
  },
  plugins: [
    swc.vite({
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['reflect-metadata'],
    // Redis for the cluster tests: started when it is down, else one line that says what to install.
    globalSetup: ['test/services.setup.ts'],
    // One file at a time: the thread, process and multi-process cluster tests measure real time, and on
    // 2 cores a neighbouring file's CPU load would turn their tolerant bounds into flakes.
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-report.json' }]] : ['default'],
  },
});
