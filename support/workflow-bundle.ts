import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows } from '../worker/bundle-workflows';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflow code, bundled once per process (per test file under jest). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflows();
  return bundle;
}

export interface BundleFile {
  path: string;
  remove(): Promise<void>;
}

/** The workflow code bundled once, in a file for WORKFLOW_BUNDLE_PATH, so each process starts in seconds. */
export async function writeWorkflowBundle(): Promise<BundleFile> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loan-workflow-bundle-'));
  const file = path.join(dir, 'workflow-bundle.js');
  await writeFile(file, (await workflowBundle()).code);
  return { path: file, remove: () => rm(dir, { recursive: true, force: true }) };
}
