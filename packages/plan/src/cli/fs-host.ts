import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FileHost } from '../generators/utils/generation-safety';

/**
 * A folder on disk as the writer's FileHost (what the Nx Tree is to generators), so `plan import`
 * writes through the same manifest-protected writer as `nx g plan:import`. With `dryRun` nothing
 * reaches the disk: writes are kept in memory and listed.
 */
export class FolderHost implements FileHost {
  /** Every file written (or, dry, that would be), in order. */
  readonly written: string[] = [];
  private readonly pending = new Map<string, Buffer>();

  constructor(
    private readonly root: string,
    private readonly dryRun = false,
  ) {}

  exists(file: string): boolean {
    return this.pending.has(file) || existsSync(path.join(this.root, file));
  }

  read(file: string): Buffer | null;
  read(file: string, encoding: BufferEncoding): string | null;
  read(file: string, encoding?: BufferEncoding): Buffer | string | null {
    const full = path.join(this.root, file);
    const content = this.pending.get(file) ?? (existsSync(full) && statSync(full).isFile() ? readFileSync(full) : null);
    return content === null ? null : encoding ? content.toString(encoding) : content;
  }

  write(file: string, content: Buffer | string): void {
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
    this.written.push(file);
    if (this.dryRun) {
      this.pending.set(file, bytes);
      return;
    }
    const full = path.join(this.root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, bytes);
  }
}
