/** The billing module's tables (migration 20261207T1000-billing). bigint columns come back as strings on PostgreSQL: read them through Number(). */
import type { TInvoiceKind, TInvoiceStatus, TPaymentKind, TPaymentMethod } from "../../../../common/billing";

export interface BillingTables {
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_payments: InvoicePaymentsTable;
}

type Bigint = number | string;

export interface InvoicesTable {
  id: string;
  kind: TInvoiceKind;
  account_id: string;
  /** The per-kind sequence number, given at send (a credit note's at issue); null for a draft. */
  number: number | null;
  /** "INV-1001": the prefix at the time it was numbered, and the number. */
  reference: string | null;
  status: TInvoiceStatus;
  currency: string;
  /** "YYYY-MM-DD". */
  issue_date: string | null;
  due_date: string | null;
  subtotal_minor: Bigint;
  discount_minor: Bigint;
  tax_minor: Bigint;
  total_minor: Bigint;
  /** Payments net of refunds. */
  paid_minor: Bigint;
  /** Credit notes issued against it. */
  credited_minor: Bigint;
  notes: string;
  void_reason: string | null;
  credit_reason: string | null;
  credit_for_id: string | null;
  reissue_of_id: string | null;
  task_id: string | null;
  task_number: number | null;
  task_summary: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  sent_by: string | null;
  paid_at: string | null;
  voided_at: string | null;
  voided_by: string | null;
}

export interface InvoiceLinesTable {
  id: string;
  invoice_id: string;
  position: number;
  description: string;
  quantity_hundredths: Bigint;
  unit_price_minor: Bigint;
  tax_rate_bp: number;
  amount_minor: Bigint;
  discount_minor: Bigint;
  tax_minor: Bigint;
  total_minor: Bigint;
}

export interface InvoicePaymentsTable {
  id: string;
  invoice_id: string;
  account_id: string;
  kind: TPaymentKind;
  method: TPaymentMethod;
  /** Always positive. */
  amount_minor: Bigint;
  /** The day it was received or refunded, "YYYY-MM-DD". */
  paid_on: string;
  reference: string | null;
  reason: string | null;
  /** An online payment's provider event (unique: recorded once). */
  provider_event_id: string | null;
  provider_payment_id: string | null;
  recorded_by: string | null;
  recorded_at: string;
}
