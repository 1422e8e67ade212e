import type { OpenAPIObject } from 'trpc-to-openapi';

type SchemaLike = Record<string, unknown>;
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: SchemaLike }>;
  requestBody?: { content?: Record<string, { schema?: SchemaLike }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: SchemaLike }> }>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function resolveRef(document: OpenAPIObject, schema: SchemaLike | undefined): SchemaLike | undefined {
  const ref = schema?.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.split('/').pop() ?? '';
  return (document.components?.schemas?.[name] as SchemaLike | undefined) ?? schema;
}

function schemaBlock(document: OpenAPIObject, schema: SchemaLike | undefined): string {
  if (!schema) return '';
  return `<pre>${escapeHtml(JSON.stringify(resolveRef(document, schema), null, 2))}</pre>`;
}

/**
 * The API reference at /api/docs: a static page rendered from the OpenAPI document, one section
 * per tag and one entry per operation, with parameters, request body and response schema. It
 * needs no script or CDN, so it works offline and behind strict content policies.
 */
export function renderApiReference(document: OpenAPIObject): string {
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? 'other';
      const parameters = (operation.parameters ?? [])
        .map(
          (parameter) =>
            `<tr><td><code>${escapeHtml(parameter.name)}</code></td><td>${parameter.in}</td><td>${parameter.required ? 'yes' : 'no'}</td><td>${escapeHtml(String(parameter.schema?.type ?? ''))}</td><td>${escapeHtml(parameter.description ?? '')}</td></tr>`,
        )
        .join('');
      const body = operation.requestBody?.content?.['application/json']?.schema;
      const success = operation.responses?.['200']?.content?.['application/json']?.schema;
      const entry = `<section class="operation" id="${escapeHtml(operation.operationId ?? `${method}-${path}`)}">
  <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
  <p>${escapeHtml(operation.summary ?? '')}</p>
  ${operation.description ? `<p class="description">${escapeHtml(operation.description)}</p>` : ''}
  ${parameters ? `<table><thead><tr><th>Parameter</th><th>In</th><th>Required</th><th>Type</th><th>Description</th></tr></thead><tbody>${parameters}</tbody></table>` : ''}
  ${body ? `<details><summary>Request body</summary>${schemaBlock(document, body)}</details>` : ''}
  ${success ? `<details><summary>Response 200</summary>${schemaBlock(document, success)}</details>` : ''}
</section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), entry]);
    }
  }
  const base = document.servers?.[0]?.url ?? '/api/v1';
  const sections = [...byTag.entries()]
    .map(([tag, entries]) => `<h2 id="tag-${escapeHtml(tag)}">${escapeHtml(tag)}</h2>\n${entries.join('\n')}`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${escapeHtml(document.info.title)} reference</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml" />
<style>
  body { font-family: system-ui, sans-serif; margin: 0; color: #0f172a; background: #f8fafc; }
  main { max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
  h1 { color: #0f766e; }
  .operation { background: white; border: 1px solid #e2e8f0; border-radius: 0.5rem; padding: 0.5rem 1rem; margin: 0.75rem 0; }
  .method { display: inline-block; min-width: 4rem; font-size: 0.8rem; padding: 0.1rem 0.4rem; border-radius: 0.25rem; color: white; text-align: center; }
  .get { background: #0369a1; } .post { background: #15803d; } .put { background: #a16207; } .patch { background: #7c3aed; } .delete { background: #b91c1c; }
  table { border-collapse: collapse; font-size: 0.9rem; } td, th { border: 1px solid #e2e8f0; padding: 0.2rem 0.5rem; text-align: left; }
  pre { background: #0f172a; color: #e2e8f0; padding: 0.75rem; border-radius: 0.25rem; overflow-x: auto; font-size: 0.8rem; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description ?? '')}</p>
<p>Base URL: <code>${escapeHtml(base)}</code> · Machine-readable: <a href="/api/v1/openapi.json">openapi.json</a></p>
${sections}
</main>
</body>
</html>`;
}
