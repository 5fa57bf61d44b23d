import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import { openApiJson, openApiTestApp } from './openapi-test-app';

/**
 * `npm run openapi`: the CLI plugin's metadata from the DTOs and controllers (apps/api/src/openapi-metadata.ts), then
 * docs/openapi.json from the app. Both are committed; test/e2e/openapi.e2e-spec.ts fails when
 * either is stale.
 */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

export async function generatePluginMetadata(outputDir: string): Promise<void> {
  new PluginMetadataGenerator().generate({
    visitors: [new ReadonlyVisitor(SWAGGER_PLUGIN_OPTIONS)],
    outputDir,
    filename: METADATA_FILE,
    // Relative: the generator resolves it from the working directory (the repository root).
    tsconfigPath: path.relative(process.cwd(), path.join(REPO_ROOT, 'apps/api/tsconfig.app.json')),
    printDiagnostics: false,
  });
  // The generator writes `import("./x")`, which this CommonJS build (module node16) would load as
  // ES modules, without extensions; `require` loads them as the rest of the app is loaded.
  const file = path.join(outputDir, METADATA_FILE);
  const text = await readFile(file, 'utf8');
  await writeFile(
    file,
    text
      .replace(/await import\(("[^"]+")\)/g, 'require($1)')
      .replace(/import\(("[^"]+")\)/g, 'Promise.resolve(require($1))'),
  );
}

const METADATA_FILE = 'openapi-metadata.ts';

export const SWAGGER_PLUGIN_OPTIONS = {
  introspectComments: true,
  classValidatorShim: true,
  dtoFileNameSuffix: ['.dto.ts'],
  controllerFileNameSuffix: ['.controller.ts'],
  pathToSource: path.join(REPO_ROOT, 'apps/api/src'),
};

/**
 * Two steps, each its own process (`npm run openapi` runs both): the document is built from the
 * metadata module as loaded when the process started, so it must start after the metadata is new.
 */
async function main(step: string | undefined): Promise<void> {
  if (step === 'metadata') return generatePluginMetadata(path.join(REPO_ROOT, 'apps/api/src'));
  if (step !== 'document') throw new Error('usage: generate-openapi.ts metadata|document');
  const app = await openApiTestApp();
  try {
    await writeFile(path.join(REPO_ROOT, 'docs/openapi.json'), await openApiJson(app));
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main(process.argv[2]).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
