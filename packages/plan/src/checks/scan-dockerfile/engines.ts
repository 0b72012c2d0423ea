import type * as Ast from 'dockerfile-ast';
import type * as Utils from 'dockerfile-utils';

/**
 * dockerfile-ast and dockerfile-utils, loaded on first use and kept for the process, so that
 * importing this check (e.g. for `plan --help`) costs nothing.
 */
export interface Engines {
  parser: typeof Ast.DockerfileParser;
  validate: typeof Utils.validate;
  ValidationSeverity: typeof Utils.ValidationSeverity;
  ValidationCode: typeof Utils.ValidationCode;
}

let engines: Promise<Engines> | undefined;

export function loadEngines(): Promise<Engines> {
  engines ??= Promise.resolve().then(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ast = require('dockerfile-ast') as typeof Ast;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const utils = require('dockerfile-utils') as typeof Utils;
    return {
      parser: ast.DockerfileParser,
      validate: utils.validate,
      ValidationSeverity: utils.ValidationSeverity,
      ValidationCode: utils.ValidationCode,
    };
  });
  return engines;
}
