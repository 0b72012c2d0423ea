import { promises as fs } from 'node:fs';

/**
 * Size caps for the text files checks read whole, in one place. Each is far above any real file of
 * its kind (the largest real Dockerfiles are tens of KiB; big schema dumps a few MiB) and far below
 * what would exhaust memory: a 100 MB Dockerfile used to take 3.6 GB to scan.
 */
const MiB = 1024 * 1024;
export const TEXT_LIMITS = {
  dockerfile: 10 * MiB,
  /** Table specs (.json) and DDL (.sql): real dumps of large databases. */
  schema: 50 * MiB,
  /** YAML configs: Mage metadata.yaml, ml/config.yaml. */
  config: 4 * MiB,
  /** Python sources read for facts (request models, exporters). */
  python: 4 * MiB,
} as const;

export type CappedText = { text: string; tooLarge?: undefined } | { text?: undefined; tooLarge: string };

/**
 * Reads a text file (UTF-8) when it is at most `limit` bytes; otherwise says so without reading it
 * (the size is taken from the open file, and at most limit + 1 bytes are ever read, so a file that
 * grows meanwhile is caught too). Read errors (missing file, permissions) are thrown as by fs.
 */
export async function readTextCapped(file: string, limit: number, what: string): Promise<CappedText> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size > limit) return { tooLarge: tooLargeMessage(what, size, limit) };
    const buffer = Buffer.alloc(Math.min(size, limit) + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n)
      n = (await handle.read(buffer, length, buffer.length - length, null)).bytesRead;
    if (length > limit) return { tooLarge: tooLargeMessage(what, length, limit) };
    return { text: buffer.subarray(0, length).toString('utf8') };
  } finally {
    await handle.close();
  }
}

function tooLargeMessage(what: string, size: number, limit: number): string {
  return `${what} is too large: ${size} bytes (${(size / MiB).toFixed(1)} MiB), the limit is ${limit} bytes (${limit / MiB} MiB). Check the path: no real ${what} is this big.`;
}
