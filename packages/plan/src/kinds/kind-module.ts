import type { z } from 'zod';
import type { CheckRef, FileEntry, Plan, PlanInput, PlanKind } from '../model/plan-schema';

/**
 * The contract every plan kind implements (issue 10: kinds as modules). A kind is one folder,
 * packages/plan/src/kinds/<kind>/, exporting a KindModule; its files come from skill template
 * folders shared across kinds (templates/skills/<skill>/). The kind registry (registry.ts) is the
 * only place that lists kinds: generators, `plan import` and kind inference go through it.
 */

/** What proves one checklist item and what it creates. No checks = unproven until attested. */
export interface ItemProof {
  checks?: Pick<CheckRef, 'uses' | 'with'>[];
  files?: Pick<FileEntry, 'path' | 'producedBy'>[];
  /** Extra plan paths the checks read (Nx inputs). */
  inputs?: string[];
  /** Why no machine can prove the item here (production deployment, backup drills, ...). */
  unprovable?: string;
}

/**
 * Maps items of the kind's template to their proofs. `match` is tested against the item's text
 * as written in the template with its placeholders filled (case and spacing ignored), so an
 * imported document gets the proof item by item; items no entry matches stay without checks.
 */
export interface ItemOverlayEntry {
  /** Where the item lives: a stream's checklist, an integration point, or the success criteria. */
  scope: 'stream' | 'integration' | 'success';
  match: RegExp;
  proof: ItemProof;
}

export interface KindModule<Options = any, Context = any> {
  readonly kind: PlanKind;
  /** The template's heading in its seed, e.g. "API Service (Contract-First Parallel)". */
  readonly templateTitle: string;
  /** Headings of the template's streams (without "Stream X:"), for kind inference of a filled document. */
  readonly streamTitles: readonly string[];
  /** Options after the generator's normalisation; a failure names the option and what to do. */
  readonly optionsSchema: z.ZodType<Options>;
  /** Names, entities, services: everything the files and the plan are rendered from. */
  context(options: Options): Context;
  /**
   * The context recovered from an imported plan (its variables, names in file paths); undefined when the skills cannot apply.
   * `options` carries what `plan import` was given beyond the document (e.g. --python).
   */
  contextFromPlan(plan: Plan, values: Record<string, string>, options?: { python?: string }): Context | undefined;
  /** The plan: the kind's template filled from the context, with every known item's proof applied. */
  plan(context: Context): PlanInput;
  /** Item → proof, used by `plan import` of a filled template. */
  overlay(context: Context): ItemOverlayEntry[];
  /** Every skill file, plan-relative path → content (not plan.yaml, PLAN.md or the manifest). */
  files(context: Context): Map<string, string>;
  /** Targets next to the inferred ones, written to the plan's project.json (e.g. ml-app's train). */
  projectTargets?(context: Context): Record<string, unknown>;
  /** Lines logged after generation (how to verify, what to run first). */
  nextSteps?(context: Context, directory: string): string[];
  /** npm packages the generated code needs, added to the workspace's package.json (Nx style). */
  packageDependencies?(context: Context): { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
}
