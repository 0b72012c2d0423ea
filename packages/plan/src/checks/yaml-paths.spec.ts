import { parseDocument } from 'yaml';
import { toPlainValue } from './yaml-paths';

describe('toPlainValue', () => {
  it('expands aliases and merge keys as yaml does, and keeps a recursive alias as a reference', () => {
    expect(toPlainValue(parseDocument('x: &x {a: 1}\ny: {<<: *x, b: 2}\nz: *x\n', { merge: true }))).toEqual({
      x: { a: 1 },
      y: { a: 1, b: 2 },
      z: { a: 1 },
    });
    const cyclic = toPlainValue(parseDocument('a: &x {b: *x}\n')) as { a: { b: unknown } };
    expect(cyclic.a.b).toBe(cyclic.a);
  });

  it('refuses a "billion laughs" document before building it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [from, to] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
    ])
      levels.push(`${to}: &${to} [${Array(10).fill(`*${from}`).join(', ')}]`);
    expect(() => toPlainValue(parseDocument(levels.join('\n')))).toThrow(/Aliases expand this document by more than/);
  });

  it('resolves a chain of hundreds of nested aliases, each to the last anchor of its name before it', () => {
    // Nested aliases are what made yaml's own count walk the whole document again per alias (fuzzing service-mesh: minutes).
    const blocks = ['b0: &b0 {k: v}', 'shadowed: &b0 {k: old}'.replace('old', 'w')];
    for (let i = 1; i < 300; i++) blocks.push(`b${i}: &b${i} {prev: *b${i - 1}}`);
    const value = toPlainValue(parseDocument(blocks.join('\n'))) as Record<string, { prev?: unknown }>;
    expect(value.b299.prev).toBe(value.b298);
    expect(value.b1.prev).toEqual({ k: 'w' });
  });
});
