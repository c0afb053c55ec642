import type { Kysely } from "kysely";

/**
 * Billing: invoices and credit notes, their lines, and the money that moved.
 *
 * `invoices`: one table for both kinds (`kind` invoice | credit_note). `number` is the per-kind
 * sequence number (counters `invoice` / `credit_note`), given when an invoice is sent and when a
 * credit note is issued, and `reference` the text people read ("INV-1001"): both null for a
 * draft; unique per kind. `status` is draft → sent → partially_paid → paid, or void (a credit
 * note is `sent` from the start); overdue is computed. The totals are stored as computed by
 * src/common/invoice-math.ts when the lines are written; `paid_minor` (payments net of refunds)
 * and `credited_minor` (credit notes against it) are kept in the same transaction as the rows
 * they sum. `credit_for_id`: a credit note's invoice; `reissue_of_id`: the void invoice a draft
 * reissues. `task_id`, `task_number`, `task_summary`: the work request whose accepted quote it
 * was made from (the summary is locked once a quote is accepted, so a copy stays true).
 *
 * `invoice_lines`: each line with its computed discount share and tax.
 *
 * `invoice_payments`: payments and refunds (`kind`), amounts always positive. An online payment
 * carries the provider's event id (unique: a webhook delivered twice records once).
 *
 * Amounts are bigint minor units (PostgreSQL returns them as strings: read through Number()).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("invoices")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("account_id", "text", (c) => c.notNull().references("client_accounts.id"))
    .addColumn("number", "integer")
    .addColumn("reference", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("issue_date", "text")
    .addColumn("due_date", "text")
    .addColumn("subtotal_minor", "bigint", (c) => c.notNull())
    .addColumn("discount_minor", "bigint", (c) => c.notNull())
    .addColumn("tax_minor", "bigint", (c) => c.notNull())
    .addColumn("total_minor", "bigint", (c) => c.notNull())
    .addColumn("paid_minor", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("credited_minor", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("notes", "text", (c) => c.notNull())
    .addColumn("void_reason", "text")
    .addColumn("credit_reason", "text")
    .addColumn("credit_for_id", "text", (c) => c.references("invoices.id"))
    .addColumn("reissue_of_id", "text", (c) => c.references("invoices.id"))
    .addColumn("task_id", "text")
    .addColumn("task_number", "integer")
    .addColumn("task_summary", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .addColumn("sent_by", "text", (c) => c.references("users.id"))
    .addColumn("paid_at", "text")
    .addColumn("voided_at", "text")
    .addColumn("voided_by", "text", (c) => c.references("users.id"))
    .execute();
  // Gap-free and unique per kind; drafts (null) are not numbered.
  await db.schema.createIndex("invoices_number_idx").on("invoices").columns(["kind", "number"]).unique().execute();
  // An account's invoices by kind, status and due date (lists, next actions, the billing summary).
  // `kind` is in it so SQLite, without statistics, does not prefer invoices_number_idx for
  // `kind = 'invoice'` and read every invoice of the agency (the bench's 5,000-invoice account).
  await db.schema.createIndex("invoices_account_idx").on("invoices").columns(["account_id", "kind", "status", "due_date"]).execute();
  await db.schema.createIndex("invoices_status_idx").on("invoices").columns(["status", "due_date"]).execute();
  await db.schema.createIndex("invoices_task_idx").on("invoices").columns(["task_id"]).execute();
  await db.schema.createIndex("invoices_credit_for_idx").on("invoices").columns(["credit_for_id"]).execute();
  await db.schema.createIndex("invoices_reissue_of_idx").on("invoices").columns(["reissue_of_id"]).execute();

  await db.schema
    .createTable("invoice_lines")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("invoice_id", "text", (c) => c.notNull().references("invoices.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("quantity_hundredths", "bigint", (c) => c.notNull())
    .addColumn("unit_price_minor", "bigint", (c) => c.notNull())
    .addColumn("tax_rate_bp", "integer", (c) => c.notNull())
    .addColumn("amount_minor", "bigint", (c) => c.notNull())
    .addColumn("discount_minor", "bigint", (c) => c.notNull())
    .addColumn("tax_minor", "bigint", (c) => c.notNull())
    .addColumn("total_minor", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("invoice_lines_invoice_idx").on("invoice_lines").columns(["invoice_id", "position"]).execute();

  await db.schema
    .createTable("invoice_payments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("invoice_id", "text", (c) => c.notNull().references("invoices.id"))
    .addColumn("account_id", "text", (c) => c.notNull().references("client_accounts.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("amount_minor", "bigint", (c) => c.notNull())
    .addColumn("paid_on", "text", (c) => c.notNull())
    .addColumn("reference", "text")
    .addColumn("reason", "text")
    .addColumn("provider_event_id", "text", (c) => c.unique())
    .addColumn("provider_payment_id", "text")
    .addColumn("recorded_by", "text", (c) => c.references("users.id"))
    .addColumn("recorded_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("invoice_payments_invoice_idx").on("invoice_payments").columns(["invoice_id", "id"]).execute();
  await db.schema.createIndex("invoice_payments_account_idx").on("invoice_payments").columns(["account_id", "paid_on"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("invoice_payments").execute();
  await db.schema.dropTable("invoice_lines").execute();
  await db.schema.dropTable("invoices").execute();
}
