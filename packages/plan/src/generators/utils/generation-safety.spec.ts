import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { applyGeneratedFiles, assertSafeRelative, MANIFEST_FILE, readManifest, sha256 } from './generation-safety';

const files = () =>
  new Map([
    ['a.txt', 'A\n'],
    ['dir/b.py', 'print("b")\n'],
  ]);
const opts = { generator: 'plan:test', version: '1.0.0' };

describe('applyGeneratedFiles', () => {
  it('creates files and records their hashes', () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    const report = applyGeneratedFiles(tree, 'p', files(), opts);
    expect(report.created).toEqual(['a.txt', 'dir/b.py']);
    expect(tree.read('p/a.txt', 'utf-8')).toBe('A\n');
    expect(readManifest(tree, 'p')!.files).toEqual({ 'a.txt': sha256('A\n'), 'dir/b.py': sha256('print("b")\n') });
  });

  it('changes nothing on a re-run', () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    applyGeneratedFiles(tree, 'p', files(), opts);
    const before = tree.listChanges().length;
    const report = applyGeneratedFiles(tree, 'p', files(), opts);
    expect(report).toMatchObject({ created: [], updated: [], unchanged: ['a.txt', 'dir/b.py'], keptUserChanges: [] });
    expect(tree.listChanges().length).toBe(before);
  });

  it('updates a file the user did not touch when the generated content changes', () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    applyGeneratedFiles(tree, 'p', files(), opts);
    const next = files().set('a.txt', 'A2\n');
    expect(applyGeneratedFiles(tree, 'p', next, opts).updated).toEqual(['a.txt']);
    expect(tree.read('p/a.txt', 'utf-8')).toBe('A2\n');
  });

  it('keeps a file the user changed, on every later run, unless forced', () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    applyGeneratedFiles(tree, 'p', files(), opts);
    tree.write('p/a.txt', 'mine\n');
    expect(applyGeneratedFiles(tree, 'p', files(), opts).keptUserChanges).toEqual(['a.txt']);
    expect(tree.read('p/a.txt', 'utf-8')).toBe('mine\n');
    expect(applyGeneratedFiles(tree, 'p', files().set('a.txt', 'A3\n'), opts).keptUserChanges).toEqual(['a.txt']);
    const forced = applyGeneratedFiles(tree, 'p', files(), { ...opts, force: true });
    expect(forced.overwritten).toEqual(['a.txt']);
    expect(tree.read('p/a.txt', 'utf-8')).toBe('A\n');
  });

  it("treats an existing file without a manifest entry as the user's", () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    tree.write('p/a.txt', 'pre-existing\n');
    const report = applyGeneratedFiles(tree, 'p', files(), opts);
    expect(report.keptUserChanges).toEqual(['a.txt']);
    expect(tree.read('p/a.txt', 'utf-8')).toBe('pre-existing\n');
    expect(readManifest(tree, 'p')!.files['a.txt']).toBeUndefined();
  });

  it('survives a corrupt manifest', () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    applyGeneratedFiles(tree, 'p', files(), opts);
    tree.write(`p/${MANIFEST_FILE}`, '{not json');
    const report = applyGeneratedFiles(tree, 'p', files(), opts);
    expect(report.unchanged).toEqual(['a.txt', 'dir/b.py']);
  });

  it('refuses paths that leave the plan folder', () => {
    for (const bad of ['../x', '/etc/passwd', 'a/../../x', 'C:/x', ''])
      expect(() => assertSafeRelative(bad)).toThrow(/inside the plan folder/);
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' } as any);
    expect(() => applyGeneratedFiles(tree, 'p', new Map([['../evil', 'x']]), opts)).toThrow();
  });
});
