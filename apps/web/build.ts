import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * `npm run build:ui`: bundles the dashboard page (apps/web/src) into dist/web with esbuild —
 * one script, one stylesheet, the HTML; nothing fetched at run time, so it works inside a
 * network without a CDN. `--if-missing` builds only when no bundle is there yet (what `npm
 * start` and the browser test do on a fresh clone).
 */
export const WEB_SOURCE = path.resolve(__dirname, 'src');
export const WEB_OUT = path.resolve(__dirname, '../../dist/web');

export async function buildUi(options: { ifMissing?: boolean; outDir?: string } = {}) {
  const outDir = options.outDir ?? WEB_OUT;
  if (options.ifMissing && (await exists(path.join(outDir, 'app.js'))))
    return { built: false, outDir };
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: { app: path.join(WEB_SOURCE, 'main.ts') },
    bundle: true,
    outdir: outDir,
    format: 'iife',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    tsconfig: path.resolve(__dirname, 'tsconfig.json'),
  });
  await build({
    entryPoints: { app: path.join(WEB_SOURCE, 'styles.css') },
    bundle: true,
    outdir: outDir,
    minify: true,
    logLevel: 'warning',
  });
  await copyFile(path.join(WEB_SOURCE, 'index.html'), path.join(outDir, 'index.html'));
  return { built: true, outDir };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

if (require.main === module) {
  buildUi({ ifMissing: process.argv.includes('--if-missing') })
    .then(({ built, outDir }) =>
      console.log(
        built ? `Dashboard page built in ${outDir}` : `Dashboard page already in ${outDir}`,
      ),
    )
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
