import { Finding } from '../contract';
import { Bundle, locate } from './bundle';
import { LoadedDocument, positionOf, Segments } from './load-document';

/** What placing a finding needs: the root document and the bundle made from it. */
export interface BundledContract {
  root: LoadedDocument;
  bundled: Bundle;
}

/** The source document and path of a bundled node (for positions and schema pointers). */
export function sourceOf(contract: BundledContract, segments: Segments): { document: LoadedDocument; segments: Segments } {
  return locate(contract.bundled, segments) ?? { document: contract.root, segments };
}

/** A finding at a node of the bundled contract, placed in the file and line it came from. */
export function findingAt<R extends string>(
  contract: BundledContract,
  segments: Segments,
  rule: R,
  message: string,
  severity: Finding['severity'] = 'error',
  atKey = false,
): Finding<R> {
  const source = sourceOf(contract, segments);
  return { rule, severity, message, file: source.document.display, ...positionOf(source.document, source.segments, atKey) };
}
