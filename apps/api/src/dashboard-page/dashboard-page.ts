import { existsSync } from 'node:fs';
import path from 'node:path';
import { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import express from 'express';

/**
 * The built-in dashboard page (apps/web, bundled by `npm run build:ui`), served as static files at
 * `/`. The files are public because they hold no data: every number on the page comes from the
 * authenticated API, called by the page with the token the user gave it.
 */
export function dashboardPage(uiDir: string): RequestHandler[] {
  const root = path.resolve(uiDir);
  const files = express.static(root, {
    index: 'index.html',
    // Fixed file names: the browser revalidates (ETag) rather than keeping an old bundle.
    cacheControl: false,
    setHeaders: (response) => {
      response.setHeader('Cache-Control', 'no-cache');
      for (const [name, value] of Object.entries(PAGE_HEADERS)) response.setHeader(name, value);
    },
  });
  const notBuilt = (request: Request, response: Response, next: NextFunction) => {
    if (
      request.method !== 'GET' ||
      request.path !== '/' ||
      existsSync(path.join(root, 'index.html'))
    )
      return next();
    response
      .status(404)
      .type('text/plain')
      .send(`The dashboard page is not built in ${root}: run \`npm run build:ui\`.\n`);
  };
  // The page's files are never under the API, health or docs routes: those requests skip the
  // file lookup (a stat per request, a tenth of a GET's CPU under load).
  const pageFiles: RequestHandler = (request, response, next) =>
    API_PATHS.test(request.path) ? next() : files(request, response, next);
  return [pageFiles, notBuilt];
}

const API_PATHS = /^\/(api|health|docs)(\/|$)/;

/**
 * The page runs only its own script and talks only to this origin (no CDN, no inline code), is
 * never framed, and sends no Referer to anything it links.
 */
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
