import type { FastifySchemaValidationError } from "fastify/types/schema";
import { AppError } from "./errors";

/** The key a `propertyNames` rule refused (ajv puts it on the error, and on the rule's own error's params). */
function refusedKey(error: FastifySchemaValidationError): string | undefined {
  const named = (error as { propertyName?: unknown }).propertyName ?? (error.params as Record<string, unknown>).propertyName;
  return typeof named === "string" ? named : undefined;
}

/** "/company" → "company"; a missing property names itself, as does a key that is not allowed. */
function fieldOf(error: FastifySchemaValidationError): string {
  const params = error.params as Record<string, unknown>;
  const refused = refusedKey(error);
  if (refused !== undefined) return [error.instancePath.replace(/^\//, "").replace(/\//g, "."), refused].filter(Boolean).join(".");
  if (typeof params.missingProperty === "string") return params.missingProperty;
  if (typeof params.additionalProperty === "string") return params.additionalProperty;
  const path = error.instancePath.replace(/^\//, "").replace(/\//g, ".");
  return path || "body";
}

function sentence(error: FastifySchemaValidationError, field: string): string {
  const params = error.params as Record<string, unknown>;
  if (refusedKey(error) !== undefined || error.keyword === "additionalProperties") return `${field} is not a field this request takes.`;
  switch (error.keyword) {
    case "required":
      return `${field} is required.`;
    case "format":
      return params.format === "email" ? `${field} must be a valid email address.` : `${field} is not a valid ${String(params.format)}.`;
    case "minLength":
      return Number(params.limit) === 1 ? `${field} must not be empty.` : `${field} must be at least ${params.limit} characters long.`;
    case "maxLength":
      return `${field} must be at most ${params.limit} characters long.`;
    case "pattern": {
      const description = (error as { parentSchema?: { description?: string } }).parentSchema?.description;
      return description ? `${field}: ${description}.` : `${field} contains characters that are not allowed.`;
    }
    case "minProperties":
      return "Send at least one field to change.";
    case "enum":
    case "const":
    case "anyOf":
      return `${field} has a value that is not allowed.`;
    case "type":
      return `${field} must be ${String(params.type)}.`;
    default:
      return `${field} ${error.message ?? "is not valid"}.`;
  }
}

/** Turns Fastify's schema errors into one message a person can act on, naming the field. */
export function validationError(errors: FastifySchemaValidationError[], context: string): AppError {
  const first = errors.find((e) => e.keyword !== "anyOf" && e.keyword !== "if") ?? errors[0];
  if (!first) return new AppError("validation_error", "The request is not valid.", context);
  const field = fieldOf(first);
  return new AppError("validation_error", sentence(first, field), context === "body" ? field : `${context}.${field}`);
}
