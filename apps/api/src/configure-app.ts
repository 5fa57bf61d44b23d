import { type NestExpressApplication } from '@nestjs/platform-express';

/** What the served app and the tested app share: create it with `{ bodyParser: false }`. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  app.useBodyParser('json', { limit: '100kb' });
  return app;
}
