import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** docker-compose.yml and the files its services mount, read as the static checks see them. */
export const REPO_ROOT = path.resolve(__dirname, '../..');

export interface Service {
  image?: string;
  build?: string | { context: string };
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: unknown;
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  deploy?: { replicas?: number };
  volumes?: string[];
}

export interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

export function readRepoFile(relative: string): string {
  return readFileSync(path.join(REPO_ROOT, relative), 'utf8');
}

/** A YAML file of the repository, with its merge keys (`<<: *anchor`) applied as Compose does. */
export function readYaml<T>(relative: string): T {
  return parse(readRepoFile(relative), { merge: true }) as T;
}

/** Compose's `${NAME:-default}` with nothing set: the default (what `docker compose up` uses). */
export function interpolate(value: string): string {
  return value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, (_match, fallback: string) => fallback);
}

/** A service's environment as its process sees it with nothing set on the host. */
export function environmentOf(service: Service): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([key, value]) => [
      key,
      interpolate(String(value)),
    ]),
  );
}
