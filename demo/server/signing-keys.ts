// The key pairs JWTs are signed with. Document Engine verifies asymmetric signatures only, so the
// stand-in keeps one EC P-256 pair (ES256) and, created on first use, one RSA pair (RS256).
// A PEM private key can be supplied (keyPath / STANDIN_KEY_PATH); it is never written anywhere.
import { createPrivateKey, createPublicKey, generateKeyPair, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

export type JwtAlg = 'ES256' | 'RS256';
export const JWT_ALGS: readonly JwtAlg[] = ['ES256', 'RS256'];

interface KeyPair { privateKey: KeyObject; publicKey: KeyObject }

export class UnsupportedKeyError extends Error {
  constructor(detail: string) {
    super(`Unsupported signing key: ${detail} (use an EC P-256 or RSA private key in PEM)`);
    this.name = 'UnsupportedKeyError';
  }
}

const generateAsync = promisify(generateKeyPair);

export class SigningKeys {
  private readonly pairs = new Map<JwtAlg, Promise<KeyPair>>();

  constructor(keyPath?: string) {
    if (keyPath) this.adoptPem(readFileSync(keyPath, 'utf8'));
    if (!this.pairs.has('ES256')) {
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      this.pairs.set('ES256', Promise.resolve(pair));
    }
  }

  async privateKey(alg: JwtAlg): Promise<KeyObject> {
    return (await this.pair(alg)).privateKey;
  }

  /** undefined when no key for `alg` exists yet: then no token signed with it can be ours. */
  async publicKey(alg: string): Promise<KeyObject | undefined> {
    const pair = this.pairs.get(alg as JwtAlg);
    return pair ? (await pair).publicKey : undefined;
  }

  private pair(alg: JwtAlg): Promise<KeyPair> {
    let pair = this.pairs.get(alg);
    if (!pair) {
      // RSA generation takes ~100 ms, so only tests that ask for RS256 pay for it.
      pair = generateAsync('rsa', { modulusLength: 2048 });
      this.pairs.set(alg, pair);
    }
    return pair;
  }

  private adoptPem(pem: string): void {
    const privateKey = createPrivateKey(pem);
    const publicKey = createPublicKey(privateKey);
    const type = privateKey.asymmetricKeyType;
    const curve = privateKey.asymmetricKeyDetails?.namedCurve;
    if (type === 'ec' && curve === 'prime256v1') this.pairs.set('ES256', Promise.resolve({ privateKey, publicKey }));
    else if (type === 'rsa') this.pairs.set('RS256', Promise.resolve({ privateKey, publicKey }));
    else throw new UnsupportedKeyError(`${type ?? 'unknown'} ${curve ?? ''}`.trim());
  }
}
