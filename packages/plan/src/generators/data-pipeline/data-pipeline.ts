import { dataPipelineKind } from '../../kinds/data-pipeline';
import { kindGenerator } from '../utils/kind-generator';

/** `nx g plan:data-pipeline <name> --datasets=events,sessions`: Template 4 of seed 001 with every item's files (kinds/data-pipeline). */
export const dataPipelineGenerator = kindGenerator(dataPipelineKind);

export default dataPipelineGenerator;
