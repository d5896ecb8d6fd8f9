import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EncryptedDocumentStore } from '../../src/documents/encrypted-document-store';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { FieldCipher } from '../../src/security/field-cipher';
import { loadCipher } from '../../src/security/load-cipher';

describe('encryption at rest', () => {
  const key = randomBytes(32);

  it('seals an ID number so the stored text never contains it, and opens it again', () => {
    const cipher = new FieldCipher(key);
    const sealed = cipher.seal('1000000008');
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain('1000000008');
    expect(cipher.seal('1000000008')).not.toBe(sealed); // a fresh IV every time
    expect(cipher.open(sealed)).toBe('1000000008');
    expect(cipher.open('plain text from before encryption')).toBe('plain text from before encryption');
  });

  it('refuses tampered data instead of returning garbage', () => {
    const cipher = new FieldCipher(key);
    const bytes = cipher.sealBytes(Buffer.from('secret'));
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    expect(() => cipher.openBytes(bytes)).toThrow();
  });

  it('reads data sealed with an old key after a rotation, and seals new data with the new key', () => {
    const before = new FieldCipher(key);
    const sealed = before.seal('2345678904');
    const newKey = randomBytes(32);
    const after = new FieldCipher(newKey, [key]);
    expect(after.open(sealed)).toBe('2345678904');
    expect(after.sealedWith(after.seal('x'))).toBe(after.currentId);
    expect(after.sealedWith(sealed)).not.toBe(after.currentId);
    expect(() => new FieldCipher(newKey).open(sealed)).toThrow(/ENCRYPTION_KEYS_OLD/);
  });

  it('stores documents as ciphertext while describing the plain file', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'tawasul-enc-'));
    const store = new EncryptedDocumentStore(new FsDocumentStore(root), new FieldCipher(key));
    const pdf = Buffer.from('%PDF-1.4\nthe lease contract of 1000000008\n%%EOF');
    const stored = await store.put(pdf, { fileName: 'lease.pdf' });
    expect(stored.mimeType).toBe('application/pdf');
    expect(stored.sizeBytes).toBe(pdf.length);
    const files = readdirSync(root, { recursive: true })
      .map(String)
      .filter((f) => statSync(path.join(root, f)).isFile());
    expect(files).toHaveLength(1);
    expect(readFileSync(path.join(root, files[0]!)).includes('1000000008')).toBe(false);
    expect(await store.get(stored.ref)).toEqual(pdf);
  });

  it('generates a key once in the data folder, readable by its owner only, and warns to back it up', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-key-'));
    const warnings: string[] = [];
    const first = loadCipher({ dataDir: dir, warn: (m) => warnings.push(m) });
    const second = loadCipher({ dataDir: dir, warn: (m) => warnings.push(m) });
    expect(second.open(first.seal('x'))).toBe('x');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('back it up');
    expect(statSync(path.join(dir, 'encryption.key')).mode & 0o777).toBe(0o600);
  });

  it('gives every seal its own IV, across the refills of its pool of random bytes', () => {
    const cipher = new FieldCipher(randomBytes(32));
    const sealed = Array.from({ length: 1500 }, (_, n) => cipher.seal(`value ${n}`));
    const ivs = sealed.map((value) =>
      Buffer.from(value.slice('enc:v1:'.length), 'base64url').subarray(8, 20).toString('hex'),
    );
    expect(new Set(ivs).size).toBe(sealed.length);
    expect(sealed.map((value) => cipher.open(value))).toEqual(sealed.map((_, n) => `value ${n}`));
  });
});
