import * as zlib from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';
import { Archive, isJunkEntry, isKeptEntry, unsafeNameReason } from './archive';
import { Limits, MAX_TEXT_BYTES, RATIO_MIN_BYTES, mb } from './limits';
import { Reporter } from './report';
import type { MojoRule } from './rule-catalogue';

type Yauzl = typeof import('yauzl');
let yauzlModule: Yauzl | undefined;
function yauzl(): Yauzl {
  // Loaded on first use so that importing the check stays cheap.
  yauzlModule ??= require('yauzl') as Yauzl;
  return yauzlModule;
}

interface Listed {
  entry: Entry;
  name: string;
}

/**
 * Reads a zip safely: the entry count comes from the end record before anything else is read;
 * every name is checked; declared sizes and ratios are checked from the central directory; then
 * each entry is stream-inflated with a byte budget (aborted as soon as it is exceeded) and its
 * CRC verified. Only the few text entries the validator needs are kept in memory.
 * Returns undefined when the file is not a readable zip (already reported).
 */
export async function readZipArchive(absolute: string, limits: Limits, report: Reporter): Promise<Archive | undefined> {
  const notZip = (message: string) =>
    report.error(
      'mojo/not-a-zip',
      `Not a readable zip (${message}). A MOJO is the zip H2O writes with model.download_mojo(); re-download it or give the exploded folder.`,
    );

  let zip: ZipFile;
  try {
    zip = await new Promise<ZipFile>((resolve, reject) =>
      yauzl().open(
        absolute,
        { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: true },
        (err, z) => (err || !z ? reject(err ?? new Error('no zip')) : resolve(z)),
      ),
    );
  } catch (error) {
    notZip(errorText(error));
    return undefined;
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      report.error(
        'mojo/too-many-entries',
        `The zip declares ${zip.entryCount} entries, more than the limit of ${limits.maxEntries}; nothing was read. If this MOJO is genuine (a very large tree model), raise the limit with --max-entries.`,
      );
      return undefined;
    }
    let listed: Listed[];
    try {
      listed = await listEntries(zip);
    } catch (error) {
      notZip(errorText(error));
      return undefined;
    }
    return await readEntries(zip, listed, limits, report);
  } finally {
    zip.close();
  }
}

function listEntries(zip: ZipFile): Promise<Listed[]> {
  return new Promise((resolve, reject) => {
    const listed: Listed[] = [];
    zip.on('entry', (entry: Entry) => {
      // decodeStrings: false gives the raw name bytes; H2O (java.util.zip) reads names as UTF-8.
      const raw = entry.fileName as unknown as Buffer;
      listed.push({ entry, name: Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw) });
      zip.readEntry();
    });
    zip.on('end', () => resolve(listed));
    zip.on('error', reject);
    zip.readEntry();
  });
}

async function readEntries(zip: ZipFile, listed: Listed[], limits: Limits, report: Reporter): Promise<Archive> {
  const archive: Archive = { kind: 'zip', files: new Map(), contents: new Map(), unreadable: new Set() };
  const toRead: Listed[] = [];
  let declaredTotal = 0;
  const firstIndex = new Map<string, number>();
  for (const [index, item] of listed.entries()) {
    const { entry, name } = item;
    const unsafe = unsafeNameReason(name);
    if (unsafe) {
      report.error(
        'mojo/unsafe-entry-name',
        `Entry name ${JSON.stringify(name)} is unsafe: ${unsafe}. Extracting this zip could write outside its folder; H2O never writes such names — rebuild the MOJO from H2O.`,
      );
      continue;
    }
    if (name.endsWith('/') || isJunkEntry(name)) continue; // directory entries and __MACOSX/ junk load fine
    const first = firstIndex.get(name);
    if (first !== undefined) {
      // Readers disagree on which copy wins (H2O's reader and unzip tools pick different ones), so
      // what this check validates may not be what H2O loads.
      report.error(
        'mojo/duplicate-entry',
        `Entry appears more than once (entries #${first + 1} and #${index + 1} of the zip); readers disagree on which copy wins. Re-zip the MOJO so that each entry appears once.`,
        { entry: name },
      );
      continue;
    }
    firstIndex.set(name, index);
    archive.files.set(name, { size: entry.uncompressedSize });
    if (entry.uncompressedSize > limits.maxEntryBytes) {
      report.error(
        'mojo/entry-too-large',
        `Entry ${name} declares ${mb(entry.uncompressedSize)} uncompressed, more than the per-entry limit of ${mb(limits.maxEntryBytes)}; it was not read. Raise the limit with --max-entry-mb if the model is genuinely this large.`,
      );
      archive.unreadable.add(name);
      continue;
    }
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize >= RATIO_MIN_BYTES && ratio > limits.maxCompressionRatio) {
      report.error(
        'mojo/compression-ratio',
        `Entry ${name} expands ${Math.round(ratio)}:1 (${mb(entry.compressedSize)} → ${mb(entry.uncompressedSize)}), above the limit of ${limits.maxCompressionRatio}:1 — the signature of a zip bomb; it was not read. Raise --max-compression-ratio if you trust this file.`,
      );
      archive.unreadable.add(name);
      continue;
    }
    declaredTotal += entry.uncompressedSize;
    toRead.push(item);
  }
  if (declaredTotal > limits.maxTotalBytes) {
    report.error(
      'mojo/total-too-large',
      `The entries declare ${mb(declaredTotal)} in total, more than the limit of ${mb(limits.maxTotalBytes)}; the content was not read. Raise the limit with --max-total-mb if the model is genuinely this large.`,
    );
    for (const item of toRead) archive.unreadable.add(item.name);
    return archive;
  }
  let budget = limits.maxTotalBytes;
  for (const item of toRead) {
    const outcome = await inflateEntry(
      zip,
      item,
      Math.min(limits.maxEntryBytes, budget),
      limits.maxCompressionRatio,
      isKeptEntry(item.name),
    );
    if ('problem' in outcome) {
      report.error(outcome.rule, outcome.problem);
      archive.unreadable.add(item.name);
      continue;
    }
    budget -= outcome.bytes;
    if (outcome.content) archive.contents.set(item.name, outcome.content);
  }
  return archive;
}

type Inflated = { bytes: number; content?: Buffer } | { rule: MojoRule; problem: string };

/** Inflates one entry, discarding or keeping its bytes, and stops at the first exceeded bound. */
function inflateEntry(zip: ZipFile, { entry, name }: Listed, budget: number, maxRatio: number, keep: boolean): Promise<Inflated> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: Inflated, stream?: NodeJS.ReadableStream & { destroy?: () => void }) => {
      if (settled) return;
      settled = true;
      if (stream && typeof stream.destroy === 'function') stream.destroy();
      resolve(value);
    };
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        finish({
          rule: 'mojo/corrupt-entry',
          problem: `Entry ${name} cannot be read (${errorText(err)}); H2O will fail on it too. Re-create the MOJO.`,
        });
        return;
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      let crc = 0;
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        bytes += chunk.length;
        if (bytes > budget) {
          finish(
            {
              rule: 'mojo/entry-too-large',
              problem: `Entry ${name} inflates past ${mb(budget)} (more than its declared size or the limits allow); reading was stopped. Raise --max-entry-mb / --max-total-mb only if you trust this file.`,
            },
            stream,
          );
          return;
        }
        if (bytes >= RATIO_MIN_BYTES && bytes / Math.max(1, entry.compressedSize) > maxRatio) {
          finish(
            {
              rule: 'mojo/compression-ratio',
              problem: `Entry ${name} expands more than ${maxRatio}:1 — the signature of a zip bomb; reading was stopped. Raise --max-compression-ratio if you trust this file.`,
            },
            stream,
          );
          return;
        }
        crc = zlib.crc32(chunk, crc);
        if (keep && bytes <= MAX_TEXT_BYTES) chunks.push(chunk);
      });
      stream.on('error', (error: unknown) => {
        finish(
          {
            rule: 'mojo/corrupt-entry',
            problem: `Entry ${name} is corrupt (${errorText(error)}); H2O will fail to read it. Re-create or re-download the MOJO.`,
          },
          stream,
        );
      });
      stream.on('end', () => {
        if (crc !== entry.crc32 >>> 0) {
          finish({
            rule: 'mojo/corrupt-entry',
            problem: `Entry ${name} fails its CRC-32 check (stored ${hex(entry.crc32)}, computed ${hex(crc)}): the zip is damaged. Re-create or re-download the MOJO.`,
          });
          return;
        }
        finish(keep && bytes <= MAX_TEXT_BYTES ? { bytes, content: Buffer.concat(chunks) } : { bytes });
      });
    });
  });
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
