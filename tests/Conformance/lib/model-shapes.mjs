// The shapes an operation reaches, in one normal form for both sides: the JS SDK's runtime schemas (dist-es/schemas)
// and the Smithy model of model/ with model/patches/*.json applied in name order (as the server and the codegen do).
// Each structure or union becomes {kind, members: {Name: type}, required: [names]}; a type is "string", "number",
// "boolean", "timestamp", "list<T>", "map<T>", "structure:Name" or "union:Name", with "!" appended when its target is
// @sensitive. Enum values are compared separately (the SDK exports each enum as an object of its values).
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, "..", "..", "..");

// ---- The model side ----------------------------------------------------------------------------------------------

/** RFC 6902 add / replace / remove, the subset model/patches uses (as Cosell.Model.Smithy.JsonPatch). */
export function applyPatch(doc, ops) {
  for (const op of ops) {
    const path = op.path.split("/").slice(1).map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
    let parent = doc;
    for (const p of path.slice(0, -1)) {
      parent = Array.isArray(parent) ? parent[Number(p)] : parent[p];
      if (parent === undefined) throw new Error(`patch path ${op.path} not found`);
    }
    const last = path.at(-1);
    if (op.op === "add" || op.op === "replace") {
      const value = structuredClone(op.value);
      if (Array.isArray(parent)) {
        if (last === "-") parent.push(value);
        else if (op.op === "add") parent.splice(Number(last), 0, value);
        else parent[Number(last)] = value;
      } else parent[last] = value;
    } else if (op.op === "remove") {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else throw new Error(`patch op ${op.op} not supported`);
  }
  return doc;
}

/** The model with every patch applied, or only those for which `keep(fileName)` is true. */
export function loadModel(keep = () => true) {
  const model = JSON.parse(readFileSync(join(repoRoot, "model", "partnercentral-selling.json"), "utf8"));
  const dir = join(repoRoot, "model", "patches");
  let files = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  } catch {
    files = [];
  }
  for (const f of files.filter(keep)) applyPatch(model, JSON.parse(readFileSync(join(dir, f), "utf8")));
  return model;
}

const NS = "com.amazonaws.partnercentralselling#";
const short = (id) => id.slice(id.indexOf("#") + 1);

export function modelShapes(model) {
  const shapes = model.shapes;
  const structures = {};
  const enums = {};
  const operations = {};
  const typeOf = (target) => {
    if (target === "smithy.api#Unit") return "unit";
    if (target === "smithy.api#String") return "string";
    if (target === "smithy.api#Integer" || target === "smithy.api#Long" || target === "smithy.api#Double") return "number";
    if (target === "smithy.api#Boolean") return "boolean";
    if (target === "smithy.api#Timestamp") return "timestamp";
    const s = shapes[target];
    if (!s) throw new Error(`unknown shape ${target}`);
    const sensitive = s.traits?.["smithy.api#sensitive"] ? "!" : "";
    switch (s.type) {
      case "string": return "string" + sensitive;
      case "enum":
        visit(target);
        return "string" + sensitive;
      case "integer": case "long": case "double": case "float": return "number" + sensitive;
      case "boolean": return "boolean" + sensitive;
      case "timestamp": return "timestamp" + sensitive;
      case "list": return `list<${typeOf(s.member.target)}>` + sensitive;
      case "map": return `map<${typeOf(s.value.target)}>` + sensitive;
      case "structure": case "union":
        visit(target);
        return `${s.type}:${short(target)}` + sensitive;
      default: throw new Error(`shape kind ${s.type} of ${target}`);
    }
  };
  const visit = (id) => {
    const name = short(id);
    const s = shapes[id];
    if (s.type === "enum") {
      enums[name] ??= Object.values(s.members).map((m) => m.traits["smithy.api#enumValue"]).sort();
      return;
    }
    if (structures[name]) return;
    const entry = { kind: s.type, members: {}, required: [] };
    structures[name] = entry;
    for (const [m, def] of Object.entries(s.members ?? {})) {
      entry.members[m] = typeOf(def.target);
      // SDKs fill an idempotency token themselves, so smithy-typescript never makes one required.
      if (def.traits?.["smithy.api#required"] && !def.traits["smithy.api#idempotencyToken"]) entry.required.push(m);
    }
    entry.required.sort();
  };
  for (const [id, s] of Object.entries(shapes)) {
    if (s.type !== "operation") continue;
    operations[short(id)] = {
      input: typeOf(s.input.target),
      output: s.output ? typeOf(s.output.target) : "unit",
    };
  }
  return { operations, structures, enums };
}

// ---- The JS SDK side ---------------------------------------------------------------------------------------------

export async function sdkShapes() {
  const sdk = await import("@aws-sdk/client-partnercentral-selling");
  const structures = {};
  const operations = {};
  const simple = (code) => {
    if (code & 64) return `list<${simple(code & ~64)}>`;
    if (code & 128) return `map<${simple(code & ~128)}>`;
    switch (code) {
      case 0: return "string";
      case 1: return "number";
      case 2: return "boolean";
      case 4: case 5: case 6: case 7: return "timestamp";
      default: throw new Error(`schema code ${code}`);
    }
  };
  const typeOf = (schema) => {
    if (Array.isArray(schema) && typeof schema[1] !== "string") schema = schema[0]; // [ref or code, memberTraits]
    if (typeof schema === "function") schema = schema();
    if (typeof schema === "number") return simple(schema);
    if (schema === "unit") return "unit";
    const [kind, , name, traits] = schema;
    const sensitive = traits & 8 ? "!" : "";
    switch (kind) {
      case 0: return simple(schema[4]) + sensitive;
      case 1: return `list<${typeOf(schema[4])}>` + sensitive;
      case 2: return `map<${typeOf(schema[5])}>` + sensitive;
      case 3: case 4:
        visit(schema);
        return `${kind === 3 ? "structure" : "union"}:${name}` + sensitive;
      default: throw new Error(`schema kind ${kind} of ${name}`);
    }
  };
  const visit = (schema) => {
    const [kind, , name, , names, members, requiredCount = 0] = schema;
    if (structures[name]) return;
    const entry = { kind: kind === 3 ? "structure" : "union", members: {}, required: names.slice(0, requiredCount).sort() };
    structures[name] = entry;
    names.forEach((m, i) => { entry.members[m] = typeOf(members[i]); });
  };
  for (const [exported, schema] of Object.entries(sdk)) {
    if (!exported.endsWith("$") || !Array.isArray(schema) || schema[0] !== 9) continue;
    operations[schema[2]] = { input: typeOf(schema[4]), output: typeOf(schema[5]) };
  }
  const enums = {};
  for (const [name, value] of Object.entries(sdk)) {
    if (value && typeof value === "object" && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string")) {
      enums[name] = Object.values(value).sort();
    }
  }
  return { operations, structures, enums };
}

/** Every difference between the two sides, one readable line each (empty when they agree). */
export function differences(model, js) {
  const out = [];
  for (const op of new Set([...Object.keys(model.operations), ...Object.keys(js.operations)])) {
    const m = model.operations[op], j = js.operations[op];
    if (!m) out.push(`operation ${op}: in the JS SDK, not in the model`);
    else if (!j) out.push(`operation ${op}: in the model, not in the JS SDK`);
    else {
      if (m.input !== j.input) out.push(`operation ${op}: input ${m.input} (model) vs ${j.input} (JS)`);
      if (m.output !== j.output) out.push(`operation ${op}: output ${m.output} (model) vs ${j.output} (JS)`);
    }
  }
  for (const name of new Set([...Object.keys(model.structures), ...Object.keys(js.structures)])) {
    const m = model.structures[name], j = js.structures[name];
    if (!m) { out.push(`${name}: reached in the JS SDK only`); continue; }
    if (!j) { out.push(`${name}: reached in the model only`); continue; }
    if (m.kind !== j.kind) out.push(`${name}: ${m.kind} (model) vs ${j.kind} (JS)`);
    for (const member of new Set([...Object.keys(m.members), ...Object.keys(j.members)])) {
      if (!(member in m.members)) out.push(`${name}.${member}: JS only (${j.members[member]})`);
      else if (!(member in j.members)) out.push(`${name}.${member}: model only (${m.members[member]})`);
      else if (m.members[member] !== j.members[member]) out.push(`${name}.${member}: ${m.members[member]} (model) vs ${j.members[member]} (JS)`);
    }
    if (m.required.join() !== j.required.join()) out.push(`${name}: required [${m.required}] (model) vs [${j.required}] (JS)`);
  }
  for (const [name, values] of Object.entries(model.enums)) {
    const j = js.enums[name];
    if (!j) continue; // the SDK names some enums differently or not at all; their values still travel as strings
    const missing = j.filter((v) => !values.includes(v)), extra = values.filter((v) => !j.includes(v));
    if (missing.length) out.push(`enum ${name}: JS only values ${JSON.stringify(missing)}`);
    if (extra.length) out.push(`enum ${name}: model only values ${JSON.stringify(extra)}`);
  }
  return out;
}
