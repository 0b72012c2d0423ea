import { createWriteStream, writeFileSync } from 'node:fs';
import * as zlib from 'node:zlib';

/**
 * A minimal zip writer for tests and fuzzing: local headers + central directory + end record,
 * deflate or store, no zip64 (entries and archive < 4 GiB). It writes whatever it is told —
 * including hostile names (`../evil`, `/etc/x`) and lying sizes — because tests need bad zips too.
 */
export interface ZipEntry {
  /** Entry name exactly as stored (forward slashes; a trailing `/` makes a directory entry). */
  name: string;
  /** Content; strings are UTF-8. Omit for directory entries. */
  data?: Buffer | string;
  /** 'deflate' (default) or 'store'. */
  method?: 'deflate' | 'store';
  /** Lie about the uncompressed size in both headers (hostile-zip tests). */
  declaredSize?: number;
}

/** An entry whose content is produced in chunks (e.g. 1 GB of zeros) without holding it in memory. */
export interface StreamedZipEntry {
  name: string;
  chunks: () => Iterable<Buffer>;
  declaredSize?: number;
  /** The content's CRC-32 when already known (skips computing it: ~6 s per GiB in JS). */
  crc?: number;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE), continuable: pass the previous result as `crc` to extend it. */
export function crc32(data: Buffer, crc = 0): number {
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface Prepared {
  name: Buffer;
  method: number;
  crc: number;
  compressed: Buffer[];
  compressedSize: number;
  size: number;
  directory: boolean;
}

// 2020-01-01 00:00 in DOS format: fixed so that generated zips are byte-for-byte reproducible.
const DOS_TIME = 0;
const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;

function localHeader(p: Prepared): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(0x0800, 6); // names are UTF-8
  h.writeUInt16LE(p.method, 8);
  h.writeUInt16LE(DOS_TIME, 10);
  h.writeUInt16LE(DOS_DATE, 12);
  h.writeUInt32LE(p.crc, 14);
  h.writeUInt32LE(p.compressedSize, 18);
  h.writeUInt32LE(p.size, 22);
  h.writeUInt16LE(p.name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, p.name]);
}

function centralHeader(p: Prepared, offset: number): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(0x0314, 4); // made by: unix, 2.0
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(0x0800, 8);
  h.writeUInt16LE(p.method, 10);
  h.writeUInt16LE(DOS_TIME, 12);
  h.writeUInt16LE(DOS_DATE, 14);
  h.writeUInt32LE(p.crc, 16);
  h.writeUInt32LE(p.compressedSize, 20);
  h.writeUInt32LE(p.size, 24);
  h.writeUInt16LE(p.name.length, 28);
  // extra length, comment length, disk, internal attributes: 0
  h.writeUInt32LE((p.directory ? 0o40755 : 0o100644) * 0x10000 + (p.directory ? 0x10 : 0), 38);
  h.writeUInt32LE(offset, 42);
  return Buffer.concat([h, p.name]);
}

function endRecord(count: number, cdSize: number, cdOffset: number): Buffer {
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt16LE(count, 8);
  e.writeUInt16LE(count, 10);
  e.writeUInt32LE(cdSize, 12);
  e.writeUInt32LE(cdOffset, 16);
  return e;
}

function prepare(entry: ZipEntry): Prepared {
  const directory = entry.name.endsWith('/');
  const raw = entry.data === undefined ? Buffer.alloc(0) : Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
  const store = directory || entry.method === 'store';
  const compressed = store ? raw : zlib.deflateRawSync(raw);
  return {
    name: Buffer.from(entry.name, 'utf8'),
    method: store ? 0 : 8,
    crc: crc32(raw),
    compressed: [compressed],
    compressedSize: compressed.length,
    size: entry.declaredSize ?? raw.length,
    directory,
  };
}

function assemble(prepared: Prepared[]): Buffer[] {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of prepared) {
    const header = localHeader(p);
    central.push(centralHeader(p, offset));
    parts.push(header, ...p.compressed);
    offset += header.length + p.compressedSize;
  }
  const cd = Buffer.concat(central);
  parts.push(cd, endRecord(prepared.length, cd.length, offset));
  return parts;
}

/** The bytes of a zip holding `entries`, in order. */
export function zipBuffer(entries: ZipEntry[]): Buffer {
  return Buffer.concat(assemble(entries.map(prepare)));
}

/** Writes a zip holding `entries` to `target`. */
export function writeZip(target: string, entries: ZipEntry[]): void {
  writeFileSync(target, zipBuffer(entries));
}

/**
 * Writes a zip whose entries may be huge: each streamed entry is deflated chunk by chunk, so only
 * the compressed bytes are held (1 GB of zeros deflates to about 1 MB).
 */
export async function writeZipStreamed(target: string, entries: Array<ZipEntry | StreamedZipEntry>): Promise<void> {
  const prepared: Prepared[] = [];
  for (const entry of entries) {
    if (!('chunks' in entry)) {
      prepared.push(prepare(entry));
      continue;
    }
    let crc = 0;
    let size = 0;
    const compressed: Buffer[] = [];
    const deflate = zlib.createDeflateRaw({ level: 9 });
    deflate.on('data', (chunk: Buffer) => compressed.push(chunk));
    const done = new Promise<void>((resolve, reject) => {
      deflate.on('end', resolve);
      deflate.on('error', reject);
    });
    for (const chunk of entry.chunks()) {
      if (entry.crc === undefined) crc = crc32(chunk, crc);
      size += chunk.length;
      if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
    }
    deflate.end();
    await done;
    prepared.push({
      name: Buffer.from(entry.name, 'utf8'),
      method: 8,
      crc: entry.crc ?? crc,
      compressed,
      compressedSize: compressed.reduce((n, b) => n + b.length, 0),
      size: entry.declaredSize ?? size,
      directory: false,
    });
  }
  const out = createWriteStream(target);
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  for (const part of assemble(prepared)) out.write(part);
  out.end();
  await finished;
}
