/**
 * Mutations of OpenAPI/AsyncAPI documents for the contract fuzzers (validate-openapi,
 * validate-asyncapi, contract-test): byte-level edits of the text, and structure-aware edits of
 * the parsed document (weird values, deleted keys, references that lead nowhere, to themselves, to
 * other files or off the machine), written back as YAML or JSON.
 */
import { parse, stringify } from 'yaml';

export interface Mutator {
  mutate(seed: string): string | Buffer;
}

const TOKENS = [
  ':',
  ': ',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '!!str ',
  '!!binary ',
  '? ',
  '|',
  '>-',
  "'",
  '"',
  '#',
  '\t',
  '\n',
  '---\n',
  '%YAML 1.1\n',
  '<<: *a\n',
  '~',
  '\u0000',
  '\uFEFF',
  '\u202e',
  '\ud800',
  '💥',
  '\r\n',
  '$ref: ',
  "$ref: '#/'",
  '{',
  '}',
];
const WEIRD: unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  true,
  '',
  'x',
  '../..',
  '/etc/passwd',
  '__proto__',
  'constructor',
  [],
  {},
  ['a'],
  { a: 1 },
  [[1]],
  '\u0000',
  'é/💥',
  'x'.repeat(3000),
  '{id}',
  '/a/{b}/{b}',
];
const REFS = [
  '#',
  '#/',
  '#/components/schemas/Nope',
  '#/components/schemas',
  '#/paths',
  '#/channels/x/messages/y',
  '#/info/title',
  '#anchor',
  '#/%ZZ',
  '#/~2',
  './missing.yaml#/X',
  '../../../../etc/passwd',
  'https://example.invalid/x.yaml',
  'file:///etc/hostname',
  'other.yaml#/Thing',
  'other.yaml',
  'self.yaml#/',
  '',
  '#/__proto__',
  '#/constructor/prototype',
];
const KEYS = [
  'openapi',
  'asyncapi',
  'info',
  'paths',
  'channels',
  'operations',
  'components',
  'servers',
  'security',
  'parameters',
  'responses',
  'requestBody',
  'schema',
  'example',
  'examples',
  'payload',
  'messages',
  'channel',
  'required',
  'in',
  'name',
  'type',
  'properties',
  'items',
  'nullable',
  'enum',
  'pattern',
  '$ref',
  'x-y',
  '__proto__',
  'reply',
  'schemaFormat',
  'discriminator',
  'allOf',
  'oneOf',
  'exclusiveMinimum',
];
const VERSIONS = ['3.0.0', '3.0.3', '3.1.0', '3.1.1', '3.2.0', '2.0', '2.6.0', '2.0.0', '3.0.0-rc', 'x', ''];

type Obj = Record<string, unknown>;
const isContainer = (v: unknown): v is Obj | unknown[] => typeof v === 'object' && v !== null;

export function createMutator(rand: () => number): Mutator {
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];

  function byteMutate(text: string): string {
    let s = text;
    for (let k = 1 + int(4); k > 0; k--) {
      const at = int(s.length + 1);
      const lines = s.split('\n');
      switch (int(6)) {
        case 0:
          if (s.length > 0)
            s = s.slice(0, at) + String.fromCharCode(s.charCodeAt(Math.min(at, s.length - 1)) ^ (1 << int(16))) + s.slice(at + 1);
          break;
        case 1:
          s = s.slice(0, at);
          break;
        case 2: {
          const i = int(lines.length);
          lines.splice(i, 0, lines[i]);
          s = lines.join('\n');
          break;
        }
        case 3:
          lines.splice(int(lines.length), 1);
          s = lines.join('\n');
          break;
        case 4: {
          const i = int(lines.length);
          lines[i] = ' '.repeat(int(6)) + lines[i].trimStart();
          s = lines.join('\n');
          break;
        }
        default:
          s = s.slice(0, at) + pick(TOKENS) + s.slice(at);
      }
    }
    return s;
  }

  /** A random container of the document (walking from the root). */
  function randomNode(doc: Obj): Obj | unknown[] {
    let node: Obj | unknown[] = doc;
    for (let depth = int(12); depth > 0; depth--) {
      const children = Object.values(node).filter(isContainer);
      if (children.length === 0) break;
      node = pick(children);
    }
    return node;
  }

  function structureMutate(doc: Obj): void {
    for (let k = 1 + int(3); k > 0; k--) {
      const node = randomNode(doc);
      const keys = Object.keys(node);
      const key = keys.length ? pick(keys) : '0';
      const set = (value: unknown) => {
        if (Array.isArray(node)) node[Number(key) || 0] = value;
        else node[key] = value;
      };
      switch (int(9)) {
        case 0:
          if (Array.isArray(node)) node.splice(Number(key), 1);
          else delete node[key];
          break;
        case 1:
          set(pick(WEIRD));
          break;
        case 2:
          set({ $ref: pick(REFS) });
          break;
        case 3:
          if (!Array.isArray(node)) node[pick(KEYS)] = pick(WEIRD);
          break;
        case 4:
          if (!Array.isArray(node)) node.$ref = pick(REFS);
          break;
        case 5: // the same subtree in two places (shared nodes, cycles after a $ref)
          set(randomNode(doc));
          break;
        case 6:
          doc[pick(['openapi', 'asyncapi'])] = pick(VERSIONS);
          break;
        case 7: // a path template with or without its parameter
          if (typeof doc.paths === 'object' && doc.paths !== null)
            (doc.paths as Obj)[pick(['/a/{id}', '/a/{id}/{id}', '/{x}', '/a/{', '/a/{}'])] = {
              get: {
                parameters: [{ name: pick(['id', 'x', '']), in: pick(['path', 'query']), required: pick([true, false]) }],
                responses: { 200: { description: 'ok' } },
              },
            };
          break;
        default: // an example or payload that does not fit
          if (!Array.isArray(node))
            node[pick(['example', 'examples', 'payload', 'schema'])] = pick([
              ...WEIRD,
              [{ payload: pick(WEIRD) }],
              { a: { value: pick(WEIRD) } },
            ]);
      }
    }
  }

  return {
    mutate(seed: string): string | Buffer {
      const mode = int(10);
      if (mode < 3) return byteMutate(seed);
      if (mode === 9) return Buffer.from(Array.from({ length: int(600) }, () => int(256)));
      let doc: unknown;
      try {
        doc = parse(seed);
      } catch {
        return byteMutate(seed);
      }
      if (!isContainer(doc) || Array.isArray(doc)) return byteMutate(seed);
      structureMutate(doc as Obj);
      let text: string;
      try {
        text =
          rand() < 0.5 ? (JSON.stringify(doc, null, 2) ?? seed) : stringify(doc, { lineWidth: 0, aliasDuplicateObjects: rand() < 0.5 });
      } catch {
        text = seed; // a cycle made by case 5 cannot be written as JSON
      }
      return mode < 7 ? text : byteMutate(text);
    },
  };
}
