import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts stored secrets (SMTP and IMAP passwords) with a key from the environment, so a copied
 * database file or backup does not carry working mail credentials. AES-256-GCM with a fresh nonce
 * per value; the row's identity is bound as associated data, so a sealed value pasted into another
 * row does not open.
 */
export interface SecretBox {
  seal(plain: string, context: string): string;
  /** Throws when the key is wrong or the value was tampered with. */
  open(sealed: string, context: string): string;
}

const VERSION = 'v1';

export function createSecretBox(secret: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', secret, 'followthrough', 'stored secrets v1', 32));
  return {
    seal(plain, context) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, nonce.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
    },
    open(sealed, context) {
      const [version, nonce, tag, body] = sealed.split(':');
      if (version !== VERSION || !nonce || !tag || body === undefined) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
