import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { generatePluginMetadata } from '../../apps/api/src/openapi/generate-openapi';
import { openApiJson, openApiTestApp } from '../../apps/api/src/openapi/openapi-test-app';
import { serveApiDocs } from '../../apps/api/src/openapi/api-docs';
import { REPO_ROOT } from '../support/app-process';
import { useTestDatabase } from '../support/test-database';

/** The committed OpenAPI document against the code: every route, and not stale. */
describe('OpenAPI', () => {
  const database = useTestDatabase();
  let app: NestExpressApplication;
  beforeAll(async () => {
    app = await openApiTestApp(database.url);
    database.closeFirst(() => app.close());
    await serveApiDocs(app);
    await app.init();
  }, 60_000);

  it('/docs/openapi.json lists every route the controllers define, and /docs serves the UI', async () => {
    const served = await request(app.getHttpServer()).get('/docs/openapi.json').expect(200);
    expect(served.body.openapi).toBe('3.1.0');
    // Relative: "Try it out" calls the server that served the document, whatever its port.
    expect(served.body.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    const documented = Object.entries(served.body.paths as Record<string, object>)
      .flatMap(([route, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${route}`),
      )
      .sort();
    expect(documented).toEqual(controllerRoutes(app));
    expect(documented.length).toBeGreaterThan(30);
    await request(app.getHttpServer())
      .get('/docs')
      .expect(200)
      .expect(/swagger-ui/i);
  });

  it('docs/openapi.json is what `npm run openapi` writes from the code now', async () => {
    const committed = await readFile(path.join(REPO_ROOT, 'docs/openapi.json'), 'utf8');
    expect(committed).toBe(await openApiJson(app));
  });

  it("the page's API types are what `npm run web:types` generates from docs/openapi.json", async () => {
    // In a process of its own: openapi-typescript's dependencies are ES modules, which Jest's
    // module loader cannot require.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [require.resolve('ts-node/dist/bin'), '--transpile-only', WEB_TYPES_SCRIPT, '--stdout'],
      { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(await readFile(path.join(REPO_ROOT, 'apps/web/src/api-types.ts'), 'utf8')).toBe(stdout);
  }, 60_000);

  it('the plugin metadata is what the DTOs and controllers say now (else: npm run openapi)', async () => {
    const fresh = await mkdtemp(path.join(tmpdir(), 'openapi-metadata-'));
    try {
      await generatePluginMetadata(fresh);
      expect(await readFile(path.join(fresh, 'openapi-metadata.ts'), 'utf8')).toBe(
        await readFile(path.join(REPO_ROOT, 'apps/api/src/openapi-metadata.ts'), 'utf8'),
      );
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  }, 120_000);
});

const WEB_TYPES_SCRIPT = path.join(REPO_ROOT, 'apps/web/generate-api-types.ts');

/** `METHOD /path/{param}` of every route Express holds, the docs' own routes left out. */
function controllerRoutes(app: NestExpressApplication): string[] {
  const router = (
    app.getHttpAdapter().getInstance() as {
      router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    }
  ).router;
  return (
    router.stack
      .flatMap((layer) =>
        layer.route
          ? Object.keys(layer.route.methods).map(
              (method) =>
                `${method.toUpperCase()} ${layer.route!.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`,
            )
          : [],
      )
      // Not the docs' own routes, nor the catch-all that middleware (logging, metrics) registers.
      .filter((route) => !route.includes(' /docs') && !route.endsWith('/{*path}'))
      .sort()
  );
}
