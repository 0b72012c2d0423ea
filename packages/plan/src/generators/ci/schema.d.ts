export interface CiGeneratorSchema {
  /** Workflow file name without extension (default `plan-verify`). */
  name?: string;
  /** Pass the self-hosted remote cache secrets to Nx (default true). */
  remoteCache?: boolean;
  /** Node.js version for actions/setup-node (default 20). */
  nodeVersion?: string | number;
  /** Branch that nx-set-shas compares against and pushes to which run the workflow (default main). */
  mainBranch?: string;
  /** Overwrite the workflow even if it was changed since it was generated. */
  force?: boolean;
  skipFormat?: boolean;
}
