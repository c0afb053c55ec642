import type { TCreateInvoiceRequest, TInvoice } from "../../../common/billing";
import { createInvoice, sendInvoice } from "../../modules/billing/service";
import type { TestApp } from "../harness";
import { actorFor, type Person } from "./people";

/* Invoices made through the real billing service. */

export interface InvoiceOverrides extends Partial<Omit<TCreateInvoiceRequest, "accountId">> {
  /** Sent at once (numbered). Default: a draft. */
  send?: boolean;
}

/** Factory: an invoice for `accountId` by `by` (staff who may see the account): one A$100.00 line at 10 % unless lines are given. */
export async function buildInvoice(t: TestApp, by: Person, accountId: string, overrides: InvoiceOverrides = {}): Promise<TInvoice> {
  const { send = false, ...input } = overrides;
  const actor = await actorFor(t, by);
  const created = await createInvoice(t.ctx, actor, {
    currency: "AUD",
    lines: [{ description: "Website care, December", quantity: 1, unitPriceMinor: 10_000, taxRateBasisPoints: 1000 }],
    ...input,
    accountId,
  });
  if (!send) return created.data;
  return (await sendInvoice(t.ctx, actor, created.data.id)).data;
}
