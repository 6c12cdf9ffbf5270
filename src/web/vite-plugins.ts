import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { buildAtlas, type AtlasFiles } from './atlas-build.js';

const ATLAS_ID = 'virtual:atlas';
const RESOLVED = '\0' + ATLAS_ID;

async function atlasFiles(): Promise<AtlasFiles> {
  const file = createRequire(import.meta.url).resolve('world-atlas/countries-50m.json');
  return buildAtlas(JSON.parse(await readFile(file, 'utf8')) as Parameters<typeof buildAtlas>[0]);
}

/**
 * `import { coarse, detail } from 'virtual:atlas'` gives the URLs of the two map resolutions made by
 * atlas-build.ts from world-atlas at build time (hashed assets in a build, /@atlas/… in the dev server).
 */
export function atlasPlugin(): Plugin {
  let files: Promise<AtlasFiles> | undefined;
  const get = () => (files ??= atlasFiles());
  let serving = false;
  return {
    name: 'tahaluf-atlas',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    resolveId: (id) => (id === ATLAS_ID ? RESOLVED : null),
    async load(id) {
      if (id !== RESOLVED) return null;
      if (serving)
        return `export const coarse = '/@atlas/coarse.json'; export const detail = '/@atlas/detail.json';`;
      const { coarse, detail } = await get();
      const c = this.emitFile({ type: 'asset', name: 'atlas-coarse.json', source: coarse });
      const d = this.emitFile({ type: 'asset', name: 'atlas-detail.json', source: detail });
      return `export const coarse = import.meta.ROLLUP_FILE_URL_${c}; export const detail = import.meta.ROLLUP_FILE_URL_${d};`;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /^\/@atlas\/(coarse|detail)\.json$/.exec(req.url ?? '');
        if (!m) return next();
        get().then(
          (f) => {
            res.setHeader('content-type', 'application/json');
            res.end(m[1] === 'coarse' ? f.coarse : f.detail);
          },
          (e: unknown) => next(e),
        );
      });
    },
  };
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}

/**
 * Writes <file>.br (brotli quality 11) and <file>.gz (gzip level 9) beside every text file of the build
 * over 1 KiB, once, so the node serves them without compressing per request (@fastify/static
 * preCompressed).
 */
export function precompressPlugin(): Plugin {
  return {
    name: 'tahaluf-precompress',
    apply: 'build',
    async writeBundle(options) {
      if (!options.dir) return;
      for (const file of await listFiles(options.dir)) {
        if (!/\.(js|css|html|json|svg|txt|map)$/.test(file)) continue;
        if ((await stat(file)).size < 1024) continue;
        const body = await readFile(file);
        await writeFile(
          file + '.br',
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        await writeFile(file + '.gz', gzipSync(body, { level: 9 }));
      }
    },
  };
}
