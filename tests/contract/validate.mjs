#!/usr/bin/env node
// Checks recorded HTTP exchanges against docs/openapi.yaml.
//
//   node tests/contract/validate.mjs [--spec FILE] [--strict] [--coverage] LOG.jsonl...
//
// Each log line is one exchange, as tests/support's HttpCall writes it when the environment
// variable HOTEL_CONTRACT_LOG names a file:
//   {"method":"GET","path":"/api/v1/tenants","status":200,
//    "contentType":"application/json","body":"{\"items\":[],\"nextCursor\":null}"}
// `path` has no query string (one is cut off if present); `body` is the raw response body
// as a string; `contentType` is the Content-Type header ("" when absent).
//
// Each exchange is matched to an operation (path template + method; HEAD uses GET's), the
// response documented for its status (exact, then `4XX`-style, then `default`), its media
// type, and its body is validated with Ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses).
// A path, method or status the spec does not document is a mismatch, except the server-wide
// answers the spec lists under `x-server-wide-responses` (e.g. 404 for an unknown path, 405
// for a known path with another method, 400/413/500 for any request, 204/403 for a CORS
// pre-flight); --strict turns those off too.
//
// Prints every mismatch, then "contract: N responses checked, M mismatches". Exit status:
// 0 when none, 1 when there are mismatches, 2 when the spec or a log cannot be read.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_SPEC = path.resolve(here, '../../docs/openapi.yaml');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const COMPONENTS_ID = 'https://hotel-platform.dev/openapi/components.json';

// ---------------------------------------------------------------------------------------
// The spec

function pointer(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  let node = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) throw new Error(`unresolvable $ref ${ref}`);
    node = node[key];
  }
  return node;
}

// Follows $ref chains of non-schema objects (responses, parameters, headers).
function deref(doc, obj) {
  const seen = new Set();
  while (obj && typeof obj === 'object' && typeof obj.$ref === 'string') {
    if (seen.has(obj.$ref)) throw new Error(`$ref cycle at ${obj.$ref}`);
    seen.add(obj.$ref);
    obj = pointer(doc, obj.$ref);
  }
  return obj;
}

// A deep copy of a schema whose local refs point into the components schema registered with Ajv.
function rebase(schema) {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$ref' && typeof v === 'string') {
      const m = /^#\/components\/schemas\/(.+)$/.exec(v);
      if (!m) throw new Error(`schema $ref outside #/components/schemas: ${v}`);
      out.$ref = `${COMPONENTS_ID}#/$defs/${m[1]}`;
    } else {
      out[k] = rebase(v);
    }
  }
  return out;
}

function collectExtensionKeywords(node, found = new Set()) {
  if (Array.isArray(node)) node.forEach((n) => collectExtensionKeywords(n, found));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('x-')) found.add(k);
      collectExtensionKeywords(v, found);
    }
  }
  return found;
}

function templateRegex(template) {
  const parts = template.split(/(\{[^}/]+\})/).map((p) =>
    /^\{[^}/]+\}$/.test(p) ? '([^/]+)' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('')}$`);
}

export function loadSpec(specPath = DEFAULT_SPEC) {
  const doc = YAML.parse(readFileSync(specPath, 'utf8'));
  if (!doc || typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.1')) {
    throw new Error(`${specPath}: not an OpenAPI 3.1 document`);
  }
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  // Keywords of the OpenAPI 3.1 base dialect that are annotations only, and x- extensions.
  ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
  const schemas = doc.components?.schemas ?? {};
  const extensions = [...collectExtensionKeywords(schemas)];
  if (extensions.length) ajv.addVocabulary(extensions);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: rebase(schemas) });

  const paths = Object.entries(doc.paths ?? {}).map(([template, item]) => ({
    template,
    item: deref(doc, item),
    regex: templateRegex(template),
    literalSegments: template.split('/').filter((s) => s && !s.includes('{')).length,
  }));
  const serverWide = doc['x-server-wide-responses'] ?? {};
  const operations = [];
  for (const p of paths) {
    for (const m of METHODS) if (p.item[m]) operations.push({ method: m.toUpperCase(), template: p.template, operationId: p.item[m].operationId });
  }
  return { doc, ajv, paths, serverWide, operations, validators: new Map() };
}

function findPath(spec, urlPath) {
  let best = null;
  for (const p of spec.paths) {
    if (!p.regex.test(urlPath)) continue;
    if (!best || p.literalSegments > best.literalSegments) best = p;
  }
  return best;
}

function lookupStatus(responses, status) {
  if (!responses) return undefined;
  const s = String(status);
  return responses[s] ?? responses[`${s[0]}XX`] ?? responses[`${s[0]}xx`] ?? responses.default;
}

function validatorFor(spec, schema) {
  let v = spec.validators.get(schema);
  if (!v) {
    v = spec.ajv.compile(rebase(schema));
    spec.validators.set(schema, v);
  }
  return v;
}

// Validates a value against a schema of the spec (refs into #/components/schemas allowed);
// returns the list of problems, empty when it fits.
export function schemaErrors(spec, schema, value) {
  const validate = validatorFor(spec, schema);
  return validate(value) ? [] : validate.errors.map(formatAjvError);
}

function formatAjvError(e) {
  const where = e.instancePath || '(body)';
  let extra = '';
  if (e.keyword === 'additionalProperties') extra = `: ${JSON.stringify(e.params.additionalProperty)}`;
  else if (e.keyword === 'enum') extra = `: ${JSON.stringify(e.params.allowedValues)}`;
  else if (e.keyword === 'const') extra = `: ${JSON.stringify(e.params.allowedValue)}`;
  return `${where} ${e.message}${extra}`;
}

function mediaTypeOf(contentType) {
  return String(contentType ?? '').split(';')[0].trim().toLowerCase();
}

function findMedia(content, mediaType) {
  const keys = Object.keys(content);
  const exact = keys.find((k) => k.split(';')[0].trim().toLowerCase() === mediaType);
  if (exact) return content[exact];
  const [type] = mediaType.split('/');
  const wild = keys.find((k) => k === `${type}/*`) ?? keys.find((k) => k === '*/*');
  return wild ? content[wild] : undefined;
}

const isJson = (mediaType) => mediaType === 'application/json' || mediaType.endsWith('+json');

// Checks one exchange; returns {operation, problems: [string]}.
export function checkExchange(spec, ex, { strict = false } = {}) {
  const method = String(ex.method ?? '').toUpperCase();
  const urlPath = String(ex.path ?? '').split('?')[0];
  const status = Number(ex.status);
  if (!method || !urlPath.startsWith('/') || !Number.isInteger(status)) {
    return { operation: null, problems: ['log line lacks method, path or status'] };
  }
  const wide = strict ? {} : spec.serverWide;
  // A CORS pre-flight can come for any path; an OPTIONS that is not one is routed as usual.
  const fallback = (scope) =>
    (method === 'OPTIONS' ? lookupStatus(wide.preflight, status) : undefined) ??
    lookupStatus(wide[scope], status) ?? lookupStatus(wide.anyRequest, status);

  const p = findPath(spec, urlPath);
  let operation = null;
  let response;
  const noBody = method === 'HEAD';
  if (!p) {
    response = fallback('unmatchedPath');
    if (!response) return { operation, problems: [`path ${urlPath} is not documented (status ${status})`] };
  } else {
    let op = p.item[method.toLowerCase()];
    if (!op && method === 'HEAD') op = p.item.get;
    if (op) {
      operation = `${method === 'HEAD' && !p.item.head ? 'GET' : method} ${p.template}`;
      response = lookupStatus(op.responses, status) ?? (strict ? undefined : lookupStatus(wide.anyRequest, status));
      if (!response) {
        const documented = Object.keys(op.responses ?? {}).join(', ');
        return { operation, problems: [`status ${status} is not documented for ${operation} (documented: ${documented})`] };
      }
    } else {
      response = fallback('unmatchedMethod');
      if (!response) return { operation, problems: [`method ${method} is not documented for ${p.template} (status ${status})`] };
    }
  }
  response = deref(spec.doc, response);

  const problems = [];
  const body = typeof ex.body === 'string' ? ex.body : ex.body == null ? '' : JSON.stringify(ex.body);
  const content = response.content ?? {};
  if (Object.keys(content).length === 0) {
    if (!noBody && body.length > 0) problems.push(`documented without a body, but ${body.length} bytes came (${ex.contentType || 'no Content-Type'})`);
    return { operation, problems };
  }
  const mediaType = mediaTypeOf(ex.contentType);
  const media = mediaType ? findMedia(content, mediaType) : undefined;
  if (!media) {
    problems.push(`Content-Type ${JSON.stringify(ex.contentType ?? '')} is not documented (documented: ${Object.keys(content).join(', ')})`);
    return { operation, problems };
  }
  if (noBody || !media.schema) return { operation, problems };
  let value = body;
  if (isJson(mediaType)) {
    try {
      value = JSON.parse(body);
    } catch (e) {
      problems.push(`body is not JSON: ${e.message}`);
      return { operation, problems };
    }
  }
  problems.push(...schemaErrors(spec, media.schema, value));
  return { operation, problems };
}

// Reads JSON-lines logs and checks every exchange. Returns a report object.
export function checkLogs(spec, files, options = {}) {
  const report = { checked: 0, mismatches: [], files: files.length, exercised: new Set() };
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const where = `${file}:${i + 1}`;
      let ex;
      try {
        ex = JSON.parse(line);
      } catch (e) {
        report.mismatches.push({ where, summary: '(unreadable log line)', problems: [`not JSON: ${e.message}`] });
        return;
      }
      report.checked += 1;
      const { operation, problems } = checkExchange(spec, ex, options);
      if (operation) report.exercised.add(operation);
      if (problems.length) {
        report.mismatches.push({ where, summary: `${String(ex.method).toUpperCase()} ${ex.path} -> ${ex.status}`, operation, problems });
      }
    });
  }
  return report;
}

function main(argv) {
  const files = [];
  let specPath = DEFAULT_SPEC;
  let strict = false;
  let coverage = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--spec') specPath = argv[++i];
    else if (a === '--strict') strict = true;
    else if (a === '--coverage') coverage = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: validate.mjs [--spec docs/openapi.yaml] [--strict] [--coverage] LOG.jsonl...');
      return 0;
    } else if (a.startsWith('--')) {
      console.error(`validate.mjs: unknown option ${a}`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    console.error('usage: validate.mjs [--spec docs/openapi.yaml] [--strict] [--coverage] LOG.jsonl...');
    return 2;
  }
  let spec;
  let report;
  try {
    spec = loadSpec(specPath);
    report = checkLogs(spec, files, { strict });
  } catch (e) {
    console.error(`contract: ${e.message}`);
    return 2;
  }
  for (const m of report.mismatches) {
    console.log(`MISMATCH ${m.summary}${m.operation ? ` [${m.operation}]` : ''}  (${m.where})`);
    for (const p of m.problems) console.log(`    ${p}`);
  }
  const total = spec.operations.length;
  const seen = spec.operations.filter((o) => report.exercised.has(`${o.method} ${o.template}`));
  console.log(`contract: ${seen.length} of ${total} documented operations exercised`);
  if (coverage) {
    for (const o of spec.operations) if (!report.exercised.has(`${o.method} ${o.template}`)) console.log(`    not exercised: ${o.method} ${o.template} (${o.operationId})`);
  }
  console.log(`contract: ${report.checked} responses checked, ${report.mismatches.length} mismatches`);
  return report.mismatches.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
