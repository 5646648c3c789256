import { writeFile } from 'node:fs/promises';
import { bundleWorkflows } from '../worker/bundle-workflows';

/** Writes the prebuilt workflow bundle production workers load (WORKFLOW_BUNDLE_PATH). */
async function main(): Promise<void> {
  const output = process.argv[2];
  if (!output) throw new Error('usage: build-workflow-bundle <output.js>');
  const { code } = await bundleWorkflows();
  await writeFile(output, code);
  console.log(`wrote the workflow bundle to ${output} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
