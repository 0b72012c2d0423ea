import { webAppKind } from '../../kinds/web-app';
import { kindGenerator } from '../utils/kind-generator';

/** `nx g plan:web-app <name> --resources=boards,cards`: Template 1 of seed 001 with every item's files (kinds/web-app). */
export const webAppGenerator = kindGenerator(webAppKind);

export default webAppGenerator;
