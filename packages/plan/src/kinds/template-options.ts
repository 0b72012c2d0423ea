import { checkIdentifier, checkText, KEBAB_NAME } from '../generators/utils/option-rules';

/**
 * What seed-001 kinds without skill files of their own share: the plan name, its title and
 * overview (free text, set on the parsed plan, never pasted into the Markdown the parser reads),
 * and the template's estimate placeholders ("[6-10] hours").
 */
export interface TemplateBasics {
  name: string;
  title: string;
  description: string;
}

const HOURS = /^\d{1,3}(-\d{1,3})?$/;

export function templateBasics(
  options: { name: string; title?: string; description?: string },
  fallbackDescription: string,
): TemplateBasics {
  const name = checkIdentifier('name', options.name, KEBAB_NAME);
  const title = checkText('--title', options.title ?? titleOf(name), { multiline: false, required: true });
  const description = checkText('--description', options.description ?? `${title}: ${fallbackDescription}`, { multiline: true });
  return { name, title, description };
}

/** An estimate placeholder: hours as a number or a range. */
export function templateHours(option: string, value: string | undefined, fallback: string): string {
  const hours = (value ?? fallback).trim();
  if (!HOURS.test(hours)) throw new Error(`Invalid --${option} "${hours}": use hours as a number or a range, e.g. 6 or 6-10.`);
  return hours;
}

function titleOf(name: string): string {
  return name
    .split('-')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}
