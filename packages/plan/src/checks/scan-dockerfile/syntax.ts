import type { Engines } from './engines';
import { positionOf } from './parse';
import type { Emit } from './rule-types';

/** LSP DiagnosticSeverity.Error. */
const LSP_ERROR = 1;

/** Validator codes our own rules report under hadolint ids (DL3021, DL3024, DL3043, DL3061/no FROM). */
const OVERLAPPING = [
  'INVALID_DESTINATION',
  'DUPLICATE_BUILD_STAGE_NAME',
  'ONBUILD_CHAINING_DISALLOWED',
  'ONBUILD_TRIGGER_DISALLOWED',
  'NO_SOURCE_IMAGE',
] as const;

/**
 * dockerfile-utils' validator: errors Docker itself would raise (unknown instruction, missing
 * arguments, bad flags, invalid ports...) become `dockerfile/syntax` errors; its style warnings
 * (instruction casing, empty continuation lines) become `dockerfile/style` warnings. Checks it
 * shares with our own rules (MAINTAINER, relative WORKDIR, duplicates) are switched off here so
 * each problem is reported once, under its hadolint id.
 */
export function checkSyntax(text: string, engines: Engines, emit: Emit): void {
  const ignore = engines.ValidationSeverity.IGNORE;
  let diagnostics: ReturnType<Engines['validate']>;
  try {
    diagnostics = engines.validate(text, {
      deprecatedMaintainer: ignore,
      instructionWorkdirRelative: ignore,
      instructionCmdMultiple: ignore,
      instructionEntrypointMultiple: ignore,
      instructionHealthcheckMultiple: ignore,
    });
  } catch (error) {
    emit(
      'dockerfile/syntax',
      'error',
      { line: 1, column: 1, endLine: 1, endColumn: 1 },
      `The Dockerfile could not be validated (${(error as Error).message}): check its syntax.`,
    );
    return;
  }
  const skip = new Set<unknown>(OVERLAPPING.map((name) => engines.ValidationCode[name]));
  for (const d of diagnostics) {
    if (skip.has(d.code)) continue;
    const isError = d.severity === LSP_ERROR;
    const message = typeof d.message === 'string' ? d.message : d.message.value;
    emit(
      isError ? 'dockerfile/syntax' : 'dockerfile/style',
      isError ? 'error' : 'warning',
      positionOf(d.range),
      `${message.replace(/\.$/, '')}: ${isError ? 'Docker cannot build this line; fix it' : 'fix it for consistency'}.`,
    );
  }
}
