import { minorDigits, parseMoney, parseQuantity } from "../../common/money";

/** The part every typed money line has (a quote's, an invoice's): text until it is sent. */
export interface TypedLine {
  description: string;
  quantity: string;
  unitPrice: string;
}

/**
 * Reads line `index`'s description, quantity and unit price; what is wrong goes into `errors`
 * keyed `index.field`, and the line is undefined unless all three read.
 */
export function readTypedLine(
  draft: TypedLine,
  index: number,
  currency: string,
  descriptionMax: number,
  errors: Record<string, string>,
): { description: string; quantity: number; unitPriceMinor: number } | undefined {
  const description = draft.description.trim();
  const quantity = parseQuantity(draft.quantity);
  const unitPriceMinor = parseMoney(draft.unitPrice, currency);
  if (!description) errors[`${index}.description`] = "Say what this line is for.";
  else if (description.length > descriptionMax) errors[`${index}.description`] = `At most ${descriptionMax} characters.`;
  if (quantity === undefined) errors[`${index}.quantity`] = "More than 0, at most 2 decimals.";
  if (unitPriceMinor === undefined) errors[`${index}.unitPrice`] = `An amount like 125${minorDigits(currency) ? ".00" : ""}.`;
  return description && quantity !== undefined && unitPriceMinor !== undefined ? { description, quantity, unitPriceMinor } : undefined;
}
