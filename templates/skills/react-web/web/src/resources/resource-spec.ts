/**
 * What the generic pages need to know of a resource: its fields (from the contract's Create
 * schema) and one function per operation, each calling the generated client.
 */
export interface FieldSpec {
  name: string;
  label: string;
  type: 'string' | 'integer' | 'boolean';
  required: boolean;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  defaultValue?: string | number | boolean;
}

export interface Stored {
  id: string;
  createdAt: string;
  updatedAt: string;
}

export interface ResourceSpec<T extends Stored = Stored & Record<string, unknown>> {
  /** Path segment of the routes and the contract, e.g. boards. */
  name: string;
  /** Plural label (Boards) and singular (Board). */
  label: string;
  singular: string;
  summary: string;
  fields: readonly FieldSpec[];
  title(item: T): string;
  list(cursor?: string): Promise<{ data: T[]; nextCursor: string | null }>;
  create(body: Record<string, unknown>): Promise<T>;
  get(id: string): Promise<T>;
  update(id: string, body: Record<string, unknown>): Promise<T>;
  remove(id: string): Promise<void>;
}

/** Client-side validation by the contract's constraints; the server validates again. */
export function validateField(field: FieldSpec, raw: FormDataEntryValue | null): { value?: unknown; error?: string } {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return field.required ? { error: `${field.label} is required.` } : {};
  if (field.type === 'integer') {
    const n = Number(text);
    if (!Number.isInteger(n)) return { error: `${field.label} must be a whole number.` };
    if (field.minimum !== undefined && n < field.minimum) return { error: `${field.label} must be at least ${field.minimum}.` };
    if (field.maximum !== undefined && n > field.maximum) return { error: `${field.label} must be at most ${field.maximum}.` };
    return { value: n };
  }
  if (field.type === 'boolean') return { value: text === 'true' };
  if (field.minLength !== undefined && text.length < field.minLength)
    return { error: `${field.label} needs at least ${field.minLength} characters.` };
  if (field.maxLength !== undefined && text.length > field.maxLength)
    return { error: `${field.label} takes at most ${field.maxLength} characters.` };
  if (field.pattern !== undefined && !new RegExp(field.pattern).test(text)) return { error: `${field.label} has the wrong format.` };
  if (field.enum && !field.enum.includes(text)) return { error: `${field.label} must be one of ${field.enum.join(', ')}.` };
  return { value: text };
}
