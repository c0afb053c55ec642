/**
 * Bounded integers for request schemas (query, params, body). Every whole number a client may
 * send goes through `boundedInteger`, so each one has a finite maximum: without it `page=1e21`
 * reaches SQL as an OFFSET no database takes, and a position above 2³¹−1 overflows PostgreSQL's
 * `integer` column (a 500, not the 400 naming the field a person can act on).
 *
 * Why not only `maximum`: ajv's integer check lets `Infinity` through (`limit=1e309` passed
 * `maximum: 100`). The input guards (server/platform/input-guards.ts) refuse non-finite numbers
 * and query-string integers not written in plain digits ("0x10", "1e3", "1.0") before the schema
 * is checked; these bounds catch every finite value beyond range.
 */
import { type TInteger, Type } from "typebox";

/** The largest value of a 32-bit signed integer: PostgreSQL's `integer`, the columns positions and counts live in. */
export const INT32_MAX = 2_147_483_647;

/** The most pages a paged list can be asked for (a list of 50 a page: 50 million rows), far below any OFFSET limit. */
export const MAX_PAGE = 1_000_000;

export interface BoundedIntegerOptions {
  minimum: number;
  /** Default 2³¹−1. */
  maximum?: number;
  /** Allows a maximum above 2³¹−1 (up to 2⁵³−1), for columns that are `bigint` (amounts in minor units). */
  beyond32Bit?: boolean;
  default?: number;
  description?: string;
}

/**
 * An integer schema between `minimum` and `maximum`, both finite. A maximum above the 32-bit range
 * is refused unless `beyond32Bit` says the column holding it is wider: a mistake here is a
 * programming error, so it throws when the module loads, not when a request arrives.
 */
export function boundedInteger(options: BoundedIntegerOptions): TInteger {
  const { minimum, maximum = INT32_MAX, beyond32Bit = false, ...annotations } = options;
  const ceiling = beyond32Bit ? Number.MAX_SAFE_INTEGER : INT32_MAX;
  if (!Number.isSafeInteger(minimum) || minimum < -ceiling - 1) throw new Error(`boundedInteger: minimum ${minimum} is out of range`);
  if (!Number.isSafeInteger(maximum) || maximum > ceiling || maximum < minimum) {
    throw new Error(`boundedInteger: maximum ${maximum} must be a whole number between ${minimum} and ${ceiling}`);
  }
  return Type.Integer({ minimum, maximum, ...annotations });
}

/** `page` of a paged list: 1 to MAX_PAGE, 1 when absent. */
export const ZPage = boundedInteger({ minimum: 1, maximum: MAX_PAGE, default: 1 });

/** `limit` of a cursor-paged list: 1 to `max` items, `fallback` when absent. */
export const ZLimit = (max: number, fallback: number) => boundedInteger({ minimum: 1, maximum: max, default: fallback });

/** A place in an admin-ordered list (categories, request types, templates): 0 to 2³¹−1, as the `integer` column holds. */
export const ZPosition = boundedInteger({ minimum: 0 });
