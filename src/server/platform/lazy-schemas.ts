import AjvCompiler from "@fastify/ajv-compiler";
import SerializerSelector from "@fastify/fast-json-stringify-compiler";
import type { FastifyServerOptions } from "fastify";

/**
 * Fastify compiles every route's validators (ajv) and response serializers (fast-json-stringify)
 * while the server starts: about 800 ms of a cold start for this app's few hundred schemas, paid
 * before the portal answers anything, for routes most processes never see. These builders hand
 * Fastify the same compilers, each compiled on its route's first request instead (a few
 * milliseconds, once per route per process). `compileAll()` compiles whatever is still pending:
 * a test calls it so that a schema that cannot compile still fails a test, not a person.
 */
interface Pending {
  compile(): void;
}

type ValidatorFn = ((data: unknown) => unknown) & { errors?: unknown };
type ValidatorCompiler = (route: { schema: unknown; method: string; url: string; httpPart?: string }) => ValidatorFn;
type SerializerCompiler = (route: { schema: unknown; method: string; url: string; httpStatus?: string }) => (data: unknown) => string;

/** A validator that compiles on its first call; ajv's `errors` are copied where Fastify reads them. */
function lazyValidator(pending: Set<Pending>, compile: () => ValidatorFn): ValidatorFn {
  let compiled: ValidatorFn | undefined;
  const entry: Pending = {
    compile: () => {
      compiled ??= compile();
      pending.delete(entry);
    },
  };
  pending.add(entry);
  const validate: ValidatorFn = (data) => {
    if (!compiled) entry.compile();
    const result = compiled!(data);
    validate.errors = compiled!.errors;
    return result;
  };
  return validate;
}

function lazySerializer(pending: Set<Pending>, compile: () => (data: unknown) => string): (data: unknown) => string {
  let compiled: ((data: unknown) => string) | undefined;
  const entry: Pending = {
    compile: () => {
      compiled ??= compile();
      pending.delete(entry);
    },
  };
  pending.add(entry);
  return (data) => {
    if (!compiled) entry.compile();
    return compiled!(data);
  };
}

export interface LazySchemas {
  /** Fastify's `schemaController` option: its own compilers, each route's compiled on first use. */
  controller: NonNullable<FastifyServerOptions["schemaController"]>;
  /** Compiles every schema not compiled yet and returns how many (tests: a broken one throws here). */
  compileAll(): number;
}

export function lazySchemas(): LazySchemas {
  const pending = new Set<Pending>();
  const buildValidator = AjvCompiler();
  const buildSerializer = SerializerSelector();
  return {
    controller: {
      compilersFactory: {
        buildValidator: (externalSchemas: unknown, ajvOptions: unknown) => {
          const compiler = buildValidator(externalSchemas as never, ajvOptions as never) as unknown as ValidatorCompiler;
          return ((route: Parameters<ValidatorCompiler>[0]) => lazyValidator(pending, () => compiler(route))) as never;
        },
        buildSerializer: (externalSchemas: unknown, serializerOptions: unknown) => {
          const compiler = buildSerializer(externalSchemas as never, serializerOptions as never) as unknown as SerializerCompiler;
          return ((route: Parameters<SerializerCompiler>[0]) => lazySerializer(pending, () => compiler(route))) as never;
        },
      },
    },
    compileAll: () => {
      const count = pending.size;
      for (const entry of [...pending]) entry.compile();
      return count;
    },
  };
}
