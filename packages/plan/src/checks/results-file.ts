/** Where a task's last outcome is kept, relative to the plan folder (an Nx output of its target). */
export const RESULTS_DIR = '.plan/results';

export function resultFileOf(taskKey: string): string {
  return `${RESULTS_DIR}/${taskKey}.json`;
}
