import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflows } from '../../worker/bundle-workflows';

export interface Bundles {
  lifecyclePath: string;
  barePath: string;
  remove(): Promise<void>;
}

/** Both workflow bundles, built once and written to files the worker processes load. */
export async function buildBundles(): Promise<Bundles> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lifecycle-bench-'));
  try {
    const [lifecycle, bare] = await Promise.all([
      bundleWorkflows(),
      bundleWorkflows(path.resolve(__dirname, 'bare-workflow.ts')),
    ]);
    const lifecyclePath = path.join(dir, 'lifecycle-workflows.js');
    const barePath = path.join(dir, 'bare-workflow.js');
    await Promise.all([writeFile(lifecyclePath, lifecycle.code), writeFile(barePath, bare.code)]);
    return { lifecyclePath, barePath, remove: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
