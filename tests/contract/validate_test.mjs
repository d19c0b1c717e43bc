// Tests of validate.mjs against the real docs/openapi.yaml, with the small logs in fixtures/.
// Run: node --test tests/contract/validate_test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { loadSpec, checkExchange, schemaErrors } from './validate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const validator = path.join(here, 'validate.mjs');
const fixture = (name) => path.join(here, 'fixtures', name);

function run(...args) {
  const r = spawnSync(process.execPath, [validator, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function summary(out) {
  const m = /^contract: (\d+) responses checked, (\d+) mismatches$/m.exec(out);
  assert.ok(m, `no summary line in:\n${out}`);
  return { checked: Number(m[1]), mismatches: Number(m[2]) };
}

test('a log of correct responses passes', () => {
  const r = run(fixture('good.jsonl'));
  assert.equal(r.code, 0, r.out + r.err);
  const s = summary(r.out);
  assert.ok(s.checked >= 25, `only ${s.checked} checked`);
  assert.equal(s.mismatches, 0);
  assert.doesNotMatch(r.out, /MISMATCH/);
});

test('a field of the wrong type is a mismatch', () => {
  const r = run(fixture('wrong-type.jsonl'));
  assert.equal(r.code, 1);
  assert.match(r.out, /MISMATCH GET \/api\/v1\/tenants\/tnt_\w+ -> 200 \[GET \/api\/v1\/tenants\/\{id\}\]/);
  assert.match(r.out, /\/status must be string/);
  assert.deepEqual(summary(r.out), { checked: 1, mismatches: 1 });
});

test('an undocumented status is a mismatch', () => {
  const r = run(fixture('undocumented-status.jsonl'));
  assert.equal(r.code, 1);
  assert.match(r.out, /status 409 is not documented for GET \/api\/v1\/tenants/);
  assert.deepEqual(summary(r.out), { checked: 1, mismatches: 1 });
});

test('an undocumented path is a mismatch', () => {
  const r = run(fixture('undocumented-path.jsonl'));
  assert.equal(r.code, 1);
  assert.match(r.out, /path \/api\/v1\/bookings is not documented \(status 200\)/);
});

test('an undocumented method on a documented path is a mismatch', () => {
  const r = run(fixture('undocumented-method.jsonl'));
  assert.equal(r.code, 1);
  assert.match(r.out, /method DELETE is not documented for \/api\/v1\/tenants/);
});

test('a Content-Type the response does not document is a mismatch', () => {
  const r = run(fixture('wrong-content-type.jsonl'));
  assert.equal(r.code, 1);
  assert.match(r.out, /Content-Type "application\/json" is not documented \(documented: application\/problem\+json\)/);
});

test('an API key listed with its secret is a mismatch (no extra fields)', () => {
  const r = run(fixture('leaked-key.jsonl'));
  assert.equal(r.code, 1);
  assert.match(r.out, /\/items\/0 must NOT have additional properties: "key"/);
});

test('a problem whose code does not fit its status is a mismatch', () => {
  const r = run(fixture('wrong-code.jsonl'));
  assert.equal(r.code, 1);
  assert.match(r.out, /\/code must be equal to constant: "not_found"/);
});

test('an unreadable log line is a mismatch', () => {
  const r = run(fixture('unreadable.jsonl'));
  assert.equal(r.code, 1);
  assert.match(r.out, /unreadable\.jsonl:2/);
});

test('every mismatch of several files is listed, and counts add up', () => {
  const r = run(fixture('good.jsonl'), fixture('wrong-type.jsonl'), fixture('undocumented-path.jsonl'));
  assert.equal(r.code, 1);
  assert.equal((r.out.match(/^MISMATCH /gm) ?? []).length, 2);
  const good = summary(run(fixture('good.jsonl')).out).checked;
  assert.deepEqual(summary(r.out), { checked: good + 2, mismatches: 2 });
});

test('server-wide answers pass by default and fail with --strict', () => {
  const spec = loadSpec();
  const notFound = {
    method: 'GET', path: '/no/such/path', status: 404, contentType: 'application/problem+json',
    body: JSON.stringify({ type: 'https://hotel-platform.dev/errors/not_found', title: 'Not found', status: 404, code: 'not_found', detail: 'No route for /no/such/path.', traceId: '0af7651916cd43dd8448eb211c80319c' }),
  };
  assert.deepEqual(checkExchange(spec, notFound).problems, []);
  assert.match(checkExchange(spec, notFound, { strict: true }).problems[0], /path \/no\/such\/path is not documented/);
  // An unknown path answering anything but a documented server-wide status is caught.
  assert.equal(checkExchange(spec, { ...notFound, status: 200, contentType: 'application/json', body: '{}' }).problems.length, 1);
  // A CORS pre-flight may come for any path.
  const preflight = { method: 'OPTIONS', path: '/api/v1/anything', status: 204, contentType: '', body: '' };
  assert.deepEqual(checkExchange(spec, preflight).problems, []);
  assert.equal(checkExchange(spec, preflight, { strict: true }).problems.length, 1);
  // The server-wide 404 must still be a well-formed problem.
  const bad = checkExchange(spec, { ...notFound, body: '{"error":"not found"}' }).problems;
  assert.ok(bad.some((p) => /must have required property 'code'/.test(p)), bad.join('\n'));
});

test('HEAD is checked against GET, without a body', () => {
  const spec = loadSpec();
  assert.deepEqual(checkExchange(spec, { method: 'HEAD', path: '/health', status: 200, contentType: 'application/json', body: '' }).problems, []);
  assert.equal(checkExchange(spec, { method: 'HEAD', path: '/health', status: 201, contentType: '', body: '' }).problems.length, 1);
});

test('a query string in the logged path is ignored, and literal paths win over templates', () => {
  const spec = loadSpec();
  const audit = { method: 'GET', path: '/api/v1/config/audit?kind=flag', status: 200, contentType: 'application/json', body: '{"items":[],"nextCursor":null}' };
  const r = checkExchange(spec, audit);
  assert.equal(r.operation, 'GET /api/v1/config/audit');
  assert.deepEqual(r.problems, []);
});

test('every example in the spec fits its schema', () => {
  const spec = loadSpec();
  const { doc } = spec;
  const deref = (o) => (o && o.$ref ? deref(o.$ref.slice(2).split('/').reduce((n, k) => n[k], doc)) : o);
  const failures = [];
  let count = 0;
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      const where = `${method.toUpperCase()} ${template}`;
      for (const [mt, media] of Object.entries(op.requestBody?.content ?? {})) {
        for (const [name, value] of examplesOf(media)) {
          count += 1;
          for (const p of schemaErrors(spec, media.schema, value)) failures.push(`${where} request ${mt} ${name}: ${p}`);
        }
      }
      // Responses go through checkExchange, as a logged exchange would.
      for (const [status, resp] of Object.entries(op.responses)) {
        for (const [mt, media] of Object.entries(deref(resp).content ?? {})) {
          for (const [name, value] of examplesOf(media)) {
            count += 1;
            const body = typeof value === 'string' && !mt.includes('json') ? value : JSON.stringify(value);
            const exchange = { method: method.toUpperCase(), path: template.replace(/\{[^}]+\}/g, 'x'), status: Number(status), contentType: mt, body };
            for (const p of checkExchange(spec, exchange).problems) failures.push(`${where} ${status} ${mt} ${name}: ${p}`);
          }
        }
      }
    }
  }
  assert.ok(count > 40, `only ${count} examples found`);
  assert.deepEqual(failures, []);
});

function examplesOf(media) {
  const out = [];
  if ('example' in media) out.push(['example', media.example]);
  for (const [name, ex] of Object.entries(media.examples ?? {})) out.push([name, ex.value]);
  return out;
}

test('usage errors exit 2', () => {
  assert.equal(run().code, 2);
  assert.equal(run('--no-such-option', fixture('good.jsonl')).code, 2);
  assert.equal(run(fixture('does-not-exist.jsonl')).code, 2);
});
