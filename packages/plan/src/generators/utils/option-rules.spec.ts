import { checkIdentifier, checkText, KEBAB_NAME, MAX_TEXT_LENGTH, SNAKE_NAME } from './option-rules';

describe('checkIdentifier', () => {
  it('accepts names that are identifiers everywhere they land', () => {
    expect(checkIdentifier('--schemaName', 'churn_2', SNAKE_NAME)).toBe('churn_2');
    expect(checkIdentifier('name', 'fraud-detection', KEBAB_NAME)).toBe('fraud-detection');
    expect(checkIdentifier('--modelName', 'm'.repeat(63), SNAKE_NAME)).toHaveLength(63);
  });

  it('names the option and what is allowed', () => {
    for (const bad of ['Churn', '1x', 'a-b', 'a b', 'a;b', 'x"', '', '../x', 'é', 'a\nb', 'm'.repeat(64)])
      expect(() => checkIdentifier('--schemaName', bad, SNAKE_NAME)).toThrow(
        /^Invalid --schemaName ".*": use snake_case: .*\(e\.g\. churn_model\)\.$/s,
      );
    expect(() => checkIdentifier('name', 'a--b', KEBAB_NAME)).toThrow(/^Invalid name "a--b": use kebab-case/);
  });
});

describe('checkText', () => {
  it('accepts prose with any printable character; paragraphs may hold tabs and line feeds', () => {
    const text = `x"""; __import__("os").system("id"); """ \\x ' \` $(id) <% {{ }} -- é 😀 \u2028`.replace('\u2028', '');
    expect(checkText('--projectName', text, { multiline: false })).toBe(text);
    expect(checkText('--projectDescription', 'a\n\n\tb', { multiline: true })).toBe('a\n\n\tb');
  });

  it('refuses what no generated file can carry, naming the option, the character and its position', () => {
    expect(() => checkText('--projectName', 'a\nb', { multiline: false })).toThrow(
      'Invalid --projectName: it must be one line; remove the line break (U+000A) at character 2.',
    );
    expect(() => checkText('--projectName', 'a\u2028', { multiline: false })).toThrow(/one line; .*U\+2028/);
    expect(() => checkText('--constraints', 'a\u2029', { multiline: true })).toThrow(/plain line feed .* U\+2029/);
    expect(() => checkText('--constraints', 'a\0', { multiline: true })).toThrow(
      'Invalid --constraints: it holds the control character U+0000 at character 2; only printable text, tabs and line feeds are allowed.',
    );
    expect(() => checkText('--constraints', 'a\r\n', { multiline: true })).toThrow(/U\+000D/);
    expect(() => checkText('--constraints', 'a\x1b[31m', { multiline: true })).toThrow(/U\+001B/);
    expect(() => checkText('--constraints', '😀\ud800', { multiline: true })).toThrow(
      /unpaired UTF-16 surrogate \(U\+D800\) at character 3/,
    );
    expect(() => checkText('--constraints', 'a'.repeat(MAX_TEXT_LENGTH + 1), { multiline: true })).toThrow(/at most 10000/);
    expect(() => checkText('--projectName', ' ', { multiline: false, required: true })).toThrow(
      'Invalid --projectName: it is empty; give some text.',
    );
    expect(checkText('--constraints', '', { multiline: true })).toBe('');
  });
});
