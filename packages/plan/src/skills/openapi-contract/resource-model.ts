/**
 * The domain a contract is built around: each resource (a kebab-case plural such as `payments`)
 * with its names in every spelling the generated files need and its fields. The contract, the
 * service's migrations and mappers, the SDK and the infra skills all read this one model, so a
 * name is derived once.
 */

export type FieldType = 'string' | 'integer' | 'boolean';

export interface FieldModel {
  /** JSON property name (camelCase). */
  name: string;
  /** SQL column name (snake_case). */
  column: string;
  type: FieldType;
  description: string;
  /** Required when creating a resource (and always present in responses). */
  required: boolean;
  example: string | number | boolean;
  format?: 'uuid' | 'date-time';
  enum?: string[];
  default?: string | number | boolean;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

export interface ResourceModel {
  /** As given: kebab-case plural, e.g. `payments`, `line-items`. Path segment and scope prefix. */
  name: string;
  /** kebab-case singular, e.g. `payment`. */
  singular: string;
  /** PascalCase singular: schema names (`Payment`, `PaymentCreate`). */
  pascal: string;
  /** PascalCase plural: `listPayments`. */
  pascalPlural: string;
  /** camelCase singular: path parameter stem and variables (`paymentId`). */
  camel: string;
  /** snake_case plural: the SQL table. */
  table: string;
  /** The path parameter naming one resource, e.g. `paymentId`. */
  idParam: string;
  /** Scopes guarding reads and writes, e.g. `payments:read`. */
  scopes: { read: string; write: string };
  operationIds: { list: string; create: string; get: string; update: string; delete: string };
  /** Fields a client sends (the server adds id, createdAt, updatedAt). */
  fields: FieldModel[];
  /** Example id used in the contract's examples. */
  exampleId: string;
}

/** Resource names: kebab-case plurals, short enough for SQL identifiers and scope names. */
export const RESOURCE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function singularOf(plural: string): string {
  if (/[^aeiou]ies$/.test(plural)) return plural.slice(0, -3) + 'y';
  if (/(ss|x|ch|sh|zz)es$/.test(plural)) return plural.slice(0, -2);
  if (/[^su]s$/.test(plural)) return plural.slice(0, -1);
  return plural;
}

const words = (kebab: string) => kebab.split('-');
const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const pascalOf = (kebab: string) => words(kebab).map(capital).join('');
const camelOf = (kebab: string) => {
  const pascal = pascalOf(kebab);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
};

/** Resources that carry money get amount + currency; everything else a name. */
const MONETARY = /^(payment|refund|charge|invoice|order|transaction|payout|transfer|subscription|donation|fee|bill)s?$/;

function fieldsFor(singular: string): FieldModel[] {
  const description: FieldModel = {
    name: 'description',
    column: 'description',
    type: 'string',
    description: `Free-text note about the ${singular.replace(/-/g, ' ')}`,
    required: false,
    example: `Example ${singular.replace(/-/g, ' ')}`,
    maxLength: 500,
  };
  const last = singular.split('-').pop() ?? singular;
  if (MONETARY.test(last)) {
    return [
      {
        name: 'amount',
        column: 'amount',
        type: 'integer',
        description: 'Amount in the minor unit of the currency (cents)',
        required: true,
        example: 2500,
        minimum: 1,
        maximum: 100_000_000,
      },
      {
        name: 'currency',
        column: 'currency',
        type: 'string',
        description: 'ISO 4217 currency code',
        required: true,
        example: 'EUR',
        pattern: '^[A-Z]{3}$',
      },
      description,
      {
        name: 'status',
        column: 'status',
        type: 'string',
        description: 'Processing state',
        required: false,
        example: 'pending',
        enum: ['pending', 'succeeded', 'failed', 'cancelled'],
        default: 'pending',
      },
    ];
  }
  return [
    {
      name: 'name',
      column: 'name',
      type: 'string',
      description: `Display name of the ${singular.replace(/-/g, ' ')}`,
      required: true,
      example: `First ${singular.replace(/-/g, ' ')}`,
      minLength: 1,
      maxLength: 200,
    },
    description,
    {
      name: 'status',
      column: 'status',
      type: 'string',
      description: 'Lifecycle state',
      required: false,
      example: 'active',
      enum: ['active', 'archived'],
      default: 'active',
    },
  ];
}

/** A stable, valid UUID per resource so examples do not change between runs. */
function exampleIdFor(index: number): string {
  const n = (index + 1).toString(16).padStart(12, '0');
  return `3f1c2a9e-7b4d-4c1e-9a2f-${n}`;
}

export function resourceModel(name: string, index = 0): ResourceModel {
  if (!RESOURCE_NAME.test(name)) throw new Error(`Invalid resource "${name}": use a kebab-case plural such as payments or line-items.`);
  let singular = singularOf(name);
  const pascalPlural = pascalOf(name);
  // `staff` / `news`: the same word for one and many; operation ids still differ by verb.
  if (singular === '') singular = name;
  const pascal = pascalOf(singular);
  const camel = camelOf(singular);
  return {
    name,
    singular,
    pascal,
    pascalPlural,
    camel,
    table: name.replace(/-/g, '_'),
    idParam: `${camel}Id`,
    scopes: { read: `${name}:read`, write: `${name}:write` },
    operationIds: {
      list: `list${pascalPlural}`,
      create: `create${pascal}`,
      get: `get${pascal}`,
      update: `update${pascal}`,
      delete: `delete${pascal}`,
    },
    fields: fieldsFor(singular),
    exampleId: exampleIdFor(index),
  };
}

/** The models of a resource list; refuses duplicates and names whose schemas would collide. */
export function resourceModels(names: readonly string[]): ResourceModel[] {
  if (names.length === 0) throw new Error('Invalid --resources: give at least one resource, e.g. payments,refunds.');
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw new Error(`Invalid --resources: "${duplicate}" is listed twice.`);
  const models = names.map((name, i) => resourceModel(name, i));
  const seen = new Map<string, string>();
  for (const model of models) {
    for (const key of [model.pascal, model.pascalPlural]) {
      const other = seen.get(key);
      if (other && other !== model.name)
        throw new Error(`Invalid --resources: "${other}" and "${model.name}" both give the name ${key}; rename one.`);
      seen.set(key, model.name);
    }
  }
  return models;
}
