// AES-256-GCM for secrets at rest (calendar links). Pure crypto, no I/O.
// Stored form: "v1.<iv>.<tag>.<ciphertext>", each part base64url; a fresh 12-byte IV per seal.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;

export type SecretBox = { seal(plaintext: string): string; open(sealed: string): string };

export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== 32) throw new Error('the secret key must be 32 bytes (KAIROS_SECRET, base64)');
  const keyBytes = Buffer.from(key);
  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyBytes, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [version, iv, tag, ciphertext] = sealed.split('.');
      if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', keyBytes, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      // a wrong key or a tampered value throws here (GCM authentication)
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * The key check value stored beside the sealed links: an HMAC of a fixed label, equal for equal
 * keys and telling nothing of the key. A start compares it instead of trying every link.
 */
export function keyCheck(key: Uint8Array): string {
  return `v1.${createHmac('sha256', key).update('kairos key check\n').digest('base64url')}`;
}

/** True when the sealed value opens with this box (a wrong key or a damaged value: false). */
export function opens(box: SecretBox, sealed: string): boolean {
  try {
    box.open(sealed);
    return true;
  } catch {
    return false;
  }
}
