import { writeFile } from 'node:fs/promises';
import { bundleWorkflows } from '../worker/bundle-workflows';

/**
 * Writes the prebuilt workflow bundle production workers load (WORKFLOW_BUNDLE_PATH). It carries
 * the tracing interceptors, so the same image traces when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
async function main(): Promise<void> {
  const output = process.argv[2];
  if (!output) throw new Error('usage: build-workflow-bundle <output.js>');
  const { code } = await bundleWorkflows(undefined, { withTracingInterceptors: true });
  await writeFile(output, code);
  console.log(`wrote the workflow bundle to ${output} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
