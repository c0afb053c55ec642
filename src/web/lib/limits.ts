import type { TSchema } from "typebox";

/**
 * Form limits read from the shared request schemas (src/common), so a field's limit in the
 * browser is the one the server enforces — never a second copy of the number.
 */
type Limited = TSchema & { minLength?: number; maxLength?: number; minimum?: number; maximum?: number; pattern?: string };

/** The schema of one field of an object schema; a missing field is a programming error. */
function fieldOf(schema: TSchema & { properties?: Record<string, TSchema> }, field: string): Limited {
  const property = schema.properties?.[field];
  if (!property) throw new Error(`limits: the schema has no field ${field}`);
  return property as Limited;
}

/** The longest value a string field accepts. */
export function maxLengthOf(schema: TSchema, field: string): number {
  const max = fieldOf(schema, field).maxLength;
  if (max === undefined) throw new Error(`limits: ${field} has no maxLength`);
  return max;
}

/** The shortest value a string field accepts (0 when it states none). */
export function minLengthOf(schema: TSchema, field: string): number {
  return fieldOf(schema, field).minLength ?? 0;
}

/** An integer field's range. */
export function rangeOf(schema: TSchema, field: string): { min: number; max: number } {
  const { minimum, maximum } = fieldOf(schema, field);
  if (minimum === undefined || maximum === undefined) throw new Error(`limits: ${field} has no range`);
  return { min: minimum, max: maximum };
}

/** The pattern a string field must match, as a RegExp. */
export function patternOf(schema: TSchema, field: string): RegExp {
  const pattern = fieldOf(schema, field).pattern;
  if (pattern === undefined) throw new Error(`limits: ${field} has no pattern`);
  return new RegExp(pattern);
}

/** "Use at most 50,000 characters": the number written the way the guide's readers write it. */
export const atMost = (max: number, what = "") => `Use at most ${max.toLocaleString("en-US")} characters${what ? ` for ${what}` : ""}.`;
export const atLeast = (min: number) => `Use at least ${min.toLocaleString("en-US")} characters.`;
