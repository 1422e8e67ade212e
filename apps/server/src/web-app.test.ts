import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheControlFor, isServerRoute, registerWebApp } from './web-app';

describe('which paths belong to the server rather than the web app', () => {
  it('keeps the API, tRPC, health, metrics, MCP and OAuth routes', () => {
    for (const url of [
      '/api/v1/jobs',
      '/trpc/jobs.list?batch=1',
      '/healthz',
      '/metrics',
      '/mcp',
      '/auth/oauth/github',
    ]) {
      expect(isServerRoute(url)).toBe(true);
    }
  });

  it('gives every other path, including the e-mail link pages, to the web app', () => {
    for (const url of ['/', '/jobs/42', '/auth/verify-email?token=x', '/apis', '/settings/api-keys']) {
      expect(isServerRoute(url)).toBe(false);
    }
  });
});

describe('serving the built web app', () => {
  let root: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'cronwise-web-'));
    const dist = path.join(root, 'dist');
    await mkdir(path.join(dist, 'assets'), { recursive: true });
    await writeFile(
      path.join(dist, 'index.html'),
      '<div id="root"></div><script src="/assets/index-abc123.js"></script>',
    );
    await writeFile(path.join(dist, 'assets/index-abc123.js'), 'console.log(1)');
    await writeFile(path.join(dist, 'favicon.svg'), '<svg/>');
    app = Fastify();
    app.get('/api/v1/jobs', async () => ({ items: [] }));
    await registerWebApp(app, { distDir: dist, fallbackDir: path.join(root, 'missing') });
  });

  afterAll(async () => {
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  it('answers client routes with index.html, revalidated on every load', async () => {
    const response = await app.inject({ method: 'GET', url: '/endpoints/42/edit?tab=schedule' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toContain('<div id="root">');
  });

  it('caches hashed assets for a year and other files briefly', async () => {
    expect(cacheControlFor(path.join('dist', 'assets', 'index-abc123.js'))).toContain('immutable');
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('leaves server routes alone: their unknown paths and missing files are JSON 404s', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/jobs' })).json()).toEqual({ items: [] });
    const unknownApi = await app.inject({ method: 'GET', url: '/api/v1/nothing' });
    expect(unknownApi.statusCode).toBe(404);
    expect(unknownApi.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await app.inject({ method: 'GET', url: '/assets/gone-123.js' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/jobs' })).statusCode).toBe(404);
  });
});
