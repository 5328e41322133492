// Compiles one OCSF event class from a checkout of the OCSF schema repository (github.com/ocsf/ocsf-schema,
// the definitions the OCSF server at schema.ocsf.io serves) into a JSON Schema (2020-12), the way the
// server resolves it: `extends` chains merged child over parent, `$include`d traits merged in, profile
// attributes left out unless the class sets `"profile": null`, types and enums from dictionary.json,
// objects resolved the same way (recursively, by $ref), `constraints` (at_least_one / just_one) kept.
// Unknown attributes are refused (additionalProperties: false), as the OCSF validator does.
//
// The output is recorded in test/fixtures/ocsf/ and pinned by the test that validates --format ocsf;
// this script is how it was made, so a newer OCSF release can be pinned the same way:
//   git clone https://github.com/ocsf/ocsf-schema && git -C ocsf-schema checkout 1.5.0
//   npx tsc -p tsconfig.json && node dist/scripts/compile-ocsf-schema.js ocsf-schema detection_finding > test/fixtures/ocsf/detection_finding-1.5.0.schema.json
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

type Json = Record<string, unknown>;
interface Attribute {
  requirement?: string;
  profile?: string | null;
  type?: string;
  is_array?: boolean;
  enum?: Record<string, unknown>;
  [key: string]: unknown;
}
interface Definition {
  name: string;
  extends?: string;
  uid?: number;
  category?: string;
  attributes: Record<string, Attribute>;
  constraints?: Record<string, string[]>;
}

const [rootArg, classArg] = process.argv.slice(2);
if (!rootArg || !classArg) {
  process.stderr.write('usage: compile-ocsf-schema <ocsf-schema checkout> <class name>\n');
  process.exit(2);
}
const root: string = rootArg;
const className: string = classArg;
const read = (path: string): Json => JSON.parse(readFileSync(join(root, path), 'utf8')) as Json;
const dictionary = read('dictionary.json') as {
  attributes: Record<string, Attribute>;
  types: { attributes: Record<string, Attribute> };
};
const categories = read('categories.json') as { attributes: Record<string, { uid: number }> };
const version = (read('version.json') as { version: string }).version;

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(join(root, path)).isDirectory() ? filesUnder(path) : entry.endsWith('.json') ? [path] : [];
  });
}
const byName = (dir: string): Map<string, Definition> =>
  new Map(
    filesUnder(dir)
      .map((path) => read(path) as unknown as Definition)
      .map((definition) => [definition.name, definition]),
  );
const events = byName('events');
const objects = byName('objects');

/** Per attribute, the later definition's keys win; enums are unions, as the server merges them. */
function mergeAttributes(base: Record<string, Attribute>, over: Record<string, Attribute>): Record<string, Attribute> {
  const merged: Record<string, Attribute> = { ...base };
  for (const [name, attribute] of Object.entries(over)) {
    const before = merged[name] ?? {};
    merged[name] = {
      ...before,
      ...attribute,
      ...(before.enum || attribute.enum ? { enum: { ...before.enum, ...attribute.enum } } : {}),
    };
  }
  return merged;
}

/** A definition's own attributes with its $includes: a profile's attributes are marked with its name. */
function ownAttributes(definition: Definition): Record<string, Attribute> {
  const { $include, ...own } = definition.attributes as Record<string, Attribute> & { $include?: string[] };
  let attributes: Record<string, Attribute> = {};
  for (const path of ($include as unknown as string[] | undefined) ?? []) {
    const included = read(path) as unknown as Definition & { meta?: string };
    const marked = Object.fromEntries(
      Object.entries(included.attributes).map(([name, attribute]) => [
        name,
        included.meta === 'profile' ? { profile: included.name, ...attribute } : attribute,
      ]),
    );
    attributes = mergeAttributes(attributes, marked);
  }
  return mergeAttributes(attributes, own as Record<string, Attribute>);
}

function resolve(
  definitions: Map<string, Definition>,
  name: string,
): { attributes: Record<string, Attribute>; constraints?: Record<string, string[]>; definition: Definition } {
  const definition = definitions.get(name);
  if (!definition) throw new Error(`no OCSF definition named ${name}`);
  const parent = definition.extends ? resolve(definitions, definition.extends) : undefined;
  const constraints = definition.constraints ?? parent?.constraints;
  return {
    definition,
    attributes: mergeAttributes(parent?.attributes ?? {}, ownAttributes(definition)),
    ...(constraints ? { constraints } : {}),
  };
}

const defs: Record<string, Json> = {};

function primitive(type: string): Json {
  const spec = dictionary.types.attributes[type];
  if (!spec) throw new Error(`unknown OCSF type ${type}`);
  if (spec.type) return primitive(spec.type);
  switch (type) {
    case 'string_t':
      return { type: 'string' };
    case 'integer_t':
    case 'long_t':
      return { type: 'integer' };
    case 'float_t':
      return { type: 'number' };
    case 'boolean_t':
      return { type: 'boolean' };
    case 'json_t':
      return {};
    default:
      throw new Error(`unmapped OCSF base type ${type}`);
  }
}

function attributeSchema(name: string, attribute: Attribute): Json {
  const entry: Attribute & { object_type?: string } = {
    ...dictionary.attributes[name],
    ...attribute,
    enum: { ...dictionary.attributes[name]?.enum, ...attribute.enum },
  };
  const type = entry.type ?? entry.object_type;
  if (!type) throw new Error(`attribute ${name} has no type`);
  let schema: Json;
  if (type === 'object_t') schema = objectRef(entry.object_type ?? 'object');
  else if (dictionary.types.attributes[type]) schema = primitive(type);
  else schema = objectRef(type);
  const values = Object.keys(entry.enum ?? {});
  if (values.length > 0 && schema['type'] === 'integer') schema = { ...schema, enum: values.map(Number) };
  return entry.is_array ? { type: 'array', items: schema } : schema;
}

function objectRef(name: string): Json {
  if (!(name in defs)) {
    defs[name] = {};
    // `object` itself is OCSF's generic object ("an unordered collection of attributes", used by
    // `unmapped` and `data`): open. Every object that extends it lists its attributes: closed.
    defs[name] = name === 'object' ? { type: 'object' } : shape(resolve(objects, name));
  }
  return { $ref: `#/$defs/${name}` };
}

function shape(resolved: ReturnType<typeof resolve>): Json {
  const present = Object.entries(resolved.attributes).filter(([, attribute]) => !attribute.profile);
  const anyOf = [
    ...(resolved.constraints?.['at_least_one']
      ? [{ anyOf: resolved.constraints['at_least_one'].map((name) => ({ required: [name] })) }]
      : []),
    ...(resolved.constraints?.['just_one']
      ? [{ oneOf: resolved.constraints['just_one'].map((name) => ({ required: [name] })) }]
      : []),
  ];
  return {
    type: 'object',
    properties: Object.fromEntries(present.map(([name, attribute]) => [name, attributeSchema(name, attribute)])),
    required: present
      .filter(([, attribute]) => attribute.requirement === 'required')
      .map(([name]) => name)
      .sort(),
    additionalProperties: false,
    ...(anyOf.length > 0 ? { allOf: anyOf } : {}),
  };
}

const resolvedClass = resolve(events, className);
const category =
  resolvedClass.definition.category ??
  [...events.values()].find((event) => event.name === resolvedClass.definition.extends)?.category;
const categoryUid = categories.attributes[category ?? '']?.uid;
if (categoryUid === undefined || resolvedClass.definition.uid === undefined)
  throw new Error(`${className} is not a concrete class`);
const classUid = categoryUid * 1000 + resolvedClass.definition.uid;
const body = shape(resolvedClass);
const properties = body['properties'] as Record<string, Json>;
const activities = (properties['activity_id']?.['enum'] as number[] | undefined) ?? [];
// The class fixes its own uid, category and the type_uid each activity gives (class_uid * 100 + activity_id).
properties['class_uid'] = { type: 'integer', const: classUid };
properties['category_uid'] = { type: 'integer', const: categoryUid };
properties['type_uid'] = { type: 'integer', enum: activities.map((activity) => classUid * 100 + activity) };
process.stdout.write(
  `${JSON.stringify(
    {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `https://schema.ocsf.io/${version}/classes/${className}`,
      $comment: `Compiled by scripts/compile-ocsf-schema.ts from github.com/ocsf/ocsf-schema at tag ${version} (events, objects, dictionary.json, categories.json; Apache-2.0). No profile applied.`,
      title: `OCSF ${version} ${resolvedClass.definition.name} (class_uid ${classUid})`,
      ...body,
      $defs: defs,
    },
    null,
    1,
  )}\n`,
);
