import { apiServiceKind } from '../../kinds/api-service';
import { kindGenerator } from '../utils/kind-generator';

/** `nx g plan:api-service <name> --resources=payments,refunds`: Template 2 of seed 001 with every item's files (kinds/api-service). */
export const apiServiceGenerator = kindGenerator(apiServiceKind);

export default apiServiceGenerator;
