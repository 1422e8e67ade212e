/** `pnpm sdk:generate`: writes the OpenAPI document and the SDK's types from the router. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateSdkArtifacts, REPOSITORY_ROOT } from './sdk-generation';

for (const artifact of await generateSdkArtifacts()) {
  const target = path.join(REPOSITORY_ROOT, artifact.path);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, artifact.content);
  console.log(`wrote ${artifact.path}`);
}
process.exit(0);
