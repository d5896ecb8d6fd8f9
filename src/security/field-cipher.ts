import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';
/** AES-GCM's standard nonce length. */
const IV_BYTES = 12;

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
  private ivPool = Buffer.alloc(0);
  private ivOffset = 0;

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
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.from(this.currentId, 'ascii'), iv, cipher.getAuthTag(), body]);
  }

  /**
   * A fresh random IV, cut from random bytes drawn 512 IVs at a time: one call to the system's random
   * source per IV was a tenth of sealing's cost (issue 22). Each pool is a new buffer, never refilled,
   * so an IV handed out never changes.
   */
  private nextIv(): Buffer {
    if (this.ivOffset + IV_BYTES > this.ivPool.length) {
      this.ivPool = randomBytes(IV_BYTES * 512);
      this.ivOffset = 0;
    }
    const iv = this.ivPool.subarray(this.ivOffset, this.ivOffset + IV_BYTES);
    this.ivOffset += IV_BYTES;
    return iv;
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
