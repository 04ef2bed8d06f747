// The README's token endpoint, run as written: its code block is taken from README.md and run with
// the real `jose` and a small stand-in for `express` (only what the snippet uses: `get`, `listen`,
// `req.query`, `req.session`, `res.status/set/json`) on 127.0.0.1. What it answers is what a
// reader who copies it gets.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as jose from 'jose';

/** The signed-in user the snippet's `req.session?.user` finds, or none (signed out). */
export interface ReadmeUser {
  mayView(documentId: string): boolean;
}

/** The README's endpoint code, from its "Your token endpoint" section. */
export function readmeEndpointCode(readme = readFileSync('README.md', 'utf8')): string {
  const code = /```js\n(import express from 'express';[\s\S]*?)```/.exec(readme)?.[1];
  if (!code) throw new Error('README.md has no ```js block that starts with the express import');
  return code;
}

/** Runs the README's endpoint; `user()` is read on every request (the app's own login). */
export async function startReadmeEndpoint(user: () => ReadmeUser | undefined) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const servers: Server[] = [];
  const express = () => {
    const routes = new Map<string, (req: unknown, res: unknown) => unknown>();
    return {
      get: (path: string, handler: (req: unknown, res: unknown) => unknown) => void routes.set(path, handler),
      listen: (_port: number) => {
        // The snippet's port (3000) may be taken here: a free one, on loopback only.
        const server = createServer((req, res) => void answer(routes, req, res, user));
        servers.push(server.listen(0, '127.0.0.1'));
      },
    };
  };
  const code = readmeEndpointCode();
  const imports = [...code.matchAll(/^import .*$/gm)].map((match) => match[0]);
  // The snippet may import only what this runner provides: anything else would not run as written.
  if (imports.join('\n') !== "import express from 'express';\nimport { importPKCS8, SignJWT } from 'jose';") {
    throw new Error(`The README endpoint's imports changed: ${imports.join(' | ')}`);
  }
  const body = code.replace(/^import .*$/gm, '');
  const env = { DOCUMENT_ENGINE_JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
  await new AsyncFunction('express', 'importPKCS8', 'SignJWT', 'process', body)(express, jose.importPKCS8, jose.SignJWT, { env });
  const server = servers[0];
  if (!server) throw new Error('The README endpoint never called app.listen');
  if (!server.listening) await new Promise((done) => server.once('listening', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/api/viewer-token`,
    publicKey: publicKey as KeyObject,
    close: () => Promise.all(servers.map((s) => new Promise((done) => s.close(done)))),
  };
}

async function answer(
  routes: Map<string, (req: unknown, res: unknown) => unknown>,
  req: IncomingMessage,
  res: ServerResponse,
  user: () => ReadmeUser | undefined,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const route = req.method === 'GET' ? routes.get(url.pathname) : undefined;
  if (!route) return void res.writeHead(404).end();
  // express's query parser: a repeated key gives an array.
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length > 1 ? values : values[0]!;
  }
  const signedIn = user();
  const response = {
    status: (code: number) => ((res.statusCode = code), response),
    set: (name: string, value: string) => (res.setHeader(name, value), response),
    json: (value: unknown) => void res.setHeader('content-type', 'application/json').end(JSON.stringify(value)),
  };
  try {
    await route({ query, session: signedIn ? { user: signedIn } : undefined }, response);
  } catch {
    if (!res.headersSent) res.writeHead(500).end();
  }
}
