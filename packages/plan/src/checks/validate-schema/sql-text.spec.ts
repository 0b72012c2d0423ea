import { jsOffsetOfCodePoint, skipSpaceAndComments, stripPsqlOnly } from './sql-text';

describe('psql-only lines', () => {
  it('finds meta-commands outside strings, comments and dollar quotes, keeping offsets', () => {
    const text = "\\connect db\nSELECT 'a \\c b', E'x\\'y', $f$ \\c $f$; -- \\c\n/* \\c */ SELECT 1; \\gset\n";
    const { sql, found } = stripPsqlOnly(text);
    expect(found.map((f) => [f.kind, f.text, f.start])).toEqual([
      ['meta-command', '\\connect db', 0],
      ['meta-command', '\\gset', text.indexOf('\\gset')],
    ]);
    expect(sql).toHaveLength(text.length);
    expect(sql.split('\n')).toHaveLength(text.split('\n').length);
    expect(sql.startsWith('           \nSELECT')).toBe(true);
  });

  it('blanks COPY ... FROM stdin data up to \\.', () => {
    const text = 'CREATE TABLE t (a int);\nCOPY public.t (a) FROM stdin;\n1\n2\n\\.\nSELECT 1;\n';
    const { sql, found } = stripPsqlOnly(text);
    expect(found).toEqual([
      { kind: 'copy-data', start: text.indexOf('COPY'), end: text.indexOf('\nSELECT'), text: 'COPY public.t (a) FROM stdin' },
    ]);
    expect(sql.trim().split(/\s+/).join(' ')).toBe('CREATE TABLE t (a int); SELECT 1;');
  });
});

describe('offsets', () => {
  it('converts code-point positions to JS offsets past astral characters', () => {
    const text = 'a😀b';
    expect(jsOffsetOfCodePoint(text, 2)).toBe(3);
    expect(text[jsOffsetOfCodePoint(text, 2)]).toBe('b');
    expect(jsOffsetOfCodePoint(text, 99)).toBe(text.length);
  });

  it('skips whitespace and comments to the start of a statement', () => {
    const text = ';\n  -- c\n /* d */ CREATE';
    expect(text.slice(skipSpaceAndComments(text, 1))).toBe('CREATE');
  });
});
