import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

/** A short, stable name for a key, so a value says which key sealed it (rotation keeps old ones readable). */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Seals personal data at rest (national ID numbers, document bytes) with AES-256-GCM. The current
 * key seals; older keys still open what they sealed until `rotate` re-seals it with the current one.
 */
export class FieldCipher {
  private readonly keys = new Map<string, Buffer>();
  readonly currentId: string;

  constructor(current: Buffer, older: readonly Buffer[] = []) {
    for (const key of [current, ...older]) {
      if (key.length !== 32) throw new Error('encryption keys must be 32 bytes');
      this.keys.set(keyId(key), key);
    }
    this.currentId = keyId(current);
  }

  /** The ids of the keys this cipher can open with, the current one first. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** Whether a stored value is sealed (rather than plain text from before encryption was on). */
  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  seal(plain: string): string {
    return PREFIX + this.sealBytes(Buffer.from(plain, 'utf8')).toString('base64url');
  }

  open(value: string): string {
    if (!FieldCipher.isSealed(value)) return value;
    return this.openBytes(Buffer.from(value.slice(PREFIX.length), 'base64url')).toString('utf8');
  }

  /** Layout: key id (8 ascii) | iv (12) | tag (16) | ciphertext. */
  sealBytes(plain: Buffer): Buffer {
    const key = this.keys.get(this.currentId)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.from(this.currentId, 'ascii'), iv, cipher.getAuthTag(), body]);
  }

  openBytes(sealed: Buffer): Buffer {
    const id = sealed.subarray(0, 8).toString('ascii');
    const key = this.keys.get(id);
    if (!key) throw new Error(`no encryption key ${id}: add the old key to ENCRYPTION_KEYS_OLD to read it`);
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(8, 20));
    decipher.setAuthTag(sealed.subarray(20, 36));
    return Buffer.concat([decipher.update(sealed.subarray(36)), decipher.final()]);
  }

  /** The key a sealed value was sealed with. */
  sealedWith(value: string | Buffer): string | undefined {
    const bytes =
      typeof value === 'string'
        ? FieldCipher.isSealed(value)
          ? Buffer.from(value.slice(PREFIX.length), 'base64url')
          : undefined
        : value;
    return bytes?.subarray(0, 8).toString('ascii');
  }
}
