import type { Contract } from '../../src/contract.js';

/** A collection of the contract (GET+POST /v1/things) with its item path and its examples. */
export interface ContractResource {
  collection: string;
  item: string;
  idParam: string;
  createExample: Record<string, unknown>;
  updateExample: Record<string, unknown>;
}

/** The resources of the contract, read from its paths and examples (no resource is hard-coded here). */
export function contractResources(contract: Contract): ContractResource[] {
  const paths = contract.document.paths as Record<string, Record<string, any>>;
  const out: ContractResource[] = [];
  for (const [collection, item] of Object.entries(paths)) {
    if (!item.get || !item.post) continue;
    const itemPath = Object.keys(paths).find((p) => p.startsWith(`${collection}/{`) && /^\/\{[^}]+\}$/.test(p.slice(collection.length)));
    if (!itemPath) continue;
    out.push({
      collection,
      item: itemPath,
      idParam: itemPath.slice(collection.length + 2, -1),
      createExample: item.post.requestBody.content['application/json'].example,
      updateExample: paths[itemPath].patch.requestBody.content['application/json'].example,
    });
  }
  return out;
}

export const itemUrl = (resource: ContractResource, id: string) => resource.item.replace(`{${resource.idParam}}`, id);
