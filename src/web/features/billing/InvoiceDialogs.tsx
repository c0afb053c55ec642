/** The dialogs behind an invoice's staff actions: void (with a reason), credit note, payment and refund. */
import { Button, Group, Modal, NativeSelect, Radio, SegmentedControl, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type FormEvent, useState } from "react";
import {
  MANUAL_PAYMENT_METHODS,
  MAX_PAYMENT_REFERENCE,
  MAX_VOID_REASON,
  PAYMENT_METHOD_LABELS,
  PAYMENT_METHODS,
  type TInvoice,
  type TManualPaymentMethod,
  type TPaymentMethod,
} from "../../../common/billing";
import { minorDigits, parseMoney } from "../../../common/money";
import { errorMessage } from "../../api/client";
import { FormError } from "../../components/FormError";
import { useCreateCreditNote, useRecordPayment, useRecordRefund, useVoidInvoice } from "./api";
import { emptyLine, type LineDraft, LinesEditor, previewTotals, readLines } from "./LinesEditor";
import { invoiceTitle, money, moneyInput } from "./words";

/** Today as the person's calendar reads it, "YYYY-MM-DD" (what they would write on a receipt). */
function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

const amountHint = (currency: string) => `An amount like 125${minorDigits(currency) ? ".00" : ""}.`;

/** A dialog's buttons: Cancel and the one action. */
export function DialogButtons({
  onCancel,
  pending,
  label,
  color,
}: {
  onCancel: () => void;
  pending: boolean;
  label: string;
  color?: string;
}) {
  return (
    <Group justify="flex-end" gap="sm" mt="xs">
      <Button variant="default" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button type="submit" loading={pending} color={color}>
        {label}
      </Button>
    </Group>
  );
}

export function VoidDialog({ invoice, onClose }: { invoice: TInvoice; onClose: () => void }) {
  const voiding = useVoidInvoice(invoice.id);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setError("Say why it is void: the client reads it.");
    setError(null);
    voiding.mutate(
      { reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: "green", title: `${invoiceTitle(invoice)} is void`, message: "Nothing more is due on it." });
          onClose();
        },
        onError: (err) => setFormError(errorMessage(err)),
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={`Void ${invoiceTitle(invoice)}?`} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <FormError message={formError} />
          <Text size="sm">
            A sent invoice is never edited: void it, then reissue a corrected one. Its number stays used, and the client sees it as void
            with your reason.
          </Text>
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            maxLength={MAX_VOID_REASON}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={error}
            data-autofocus
          />
          <DialogButtons onCancel={onClose} pending={voiding.isPending} label="Void invoice" color="red.9" />
        </Stack>
      </form>
    </Modal>
  );
}

export function CreditNoteDialog({ invoice, onClose }: { invoice: TInvoice; onClose: () => void }) {
  const credit = useCreateCreditNote(invoice.id);
  const { currency } = invoice;
  const [mode, setMode] = useState<"amount" | "lines">("amount");
  const [amount, setAmount] = useState("");
  const [drafts, setDrafts] = useState<LineDraft[]>(() => [emptyLine()]);
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const maxText = money(invoice.amountDueMinor, currency);
  const linesTotal = previewTotals(drafts, currency, 0).totals.totalMinor;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!reason.trim()) problems.reason = "Say why the client is credited.";
    let body: { amountMinor?: number; lines?: ReturnType<typeof readLines>["lines"] } = {};
    if (mode === "amount") {
      const minor = parseMoney(amount, currency);
      if (!minor) problems.amount = amountHint(currency);
      else if (minor > invoice.amountDueMinor) problems.amount = `At most the amount due, ${maxText}.`;
      else body = { amountMinor: minor };
    } else {
      const read = readLines(drafts, currency);
      Object.assign(problems, read.errors);
      if (read.lines) body = { lines: read.lines };
    }
    setErrors(problems);
    if (Object.keys(problems).length) return;
    setFormError(null);
    credit.mutate(
      { reason: reason.trim(), ...body },
      {
        onSuccess: () => {
          notifications.show({
            color: "green",
            title: "Credit note issued",
            message: `Against ${invoiceTitle(invoice)}: it is listed under Credit notes.`,
          });
          onClose();
        },
        onError: (err) => setFormError(errorMessage(err)),
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={`Credit note for ${invoiceTitle(invoice)}`} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <FormError message={formError} />
          <Text size="sm">
            It lowers what the client owes on this invoice, by at most the amount due ({maxText}). It is issued at once.
          </Text>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="credit-mode-label">
              Credit
            </Text>
            <SegmentedControl
              aria-labelledby="credit-mode-label"
              value={mode}
              onChange={(v) => setMode(v === "lines" ? "lines" : "amount")}
              data={[
                { value: "amount", label: "One amount" },
                { value: "lines", label: "Lines" },
              ]}
            />
          </Stack>
          {mode === "amount" ? (
            <TextInput
              label={`Amount (${currency})`}
              description="One line without tax."
              required
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              error={errors.amount}
            />
          ) : (
            <>
              <LinesEditor drafts={drafts} onChange={setDrafts} currency={currency} errors={errors} />
              <Text size="sm" fw={600} ta="right">
                Credit total {money(linesTotal, currency)}
              </Text>
            </>
          )}
          <Textarea
            label="Reason"
            description="Printed on the credit note; the client reads it."
            required
            autosize
            minRows={2}
            maxLength={MAX_VOID_REASON}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
          />
          <DialogButtons onCancel={onClose} pending={credit.isPending} label="Issue credit note" />
        </Stack>
      </form>
    </Modal>
  );
}

/** A payment received, or a refund given back: amount, day, method, reference (and a refund's reason). */
export function MoneyDialog({ invoice, kind, onClose }: { invoice: TInvoice; kind: "payment" | "refund"; onClose: () => void }) {
  const pay = useRecordPayment(invoice.id);
  const refund = useRecordRefund(invoice.id);
  const { currency } = invoice;
  const refundable = invoice.payments.reduce((sum, p) => sum + (p.kind === "payment" ? p.amountMinor : -p.amountMinor), 0);
  const limit = kind === "payment" ? invoice.amountDueMinor : refundable;
  const [amount, setAmount] = useState(() => moneyInput(limit, minorDigits(currency)));
  const [date, setDate] = useState(localToday);
  const [method, setMethod] = useState<TPaymentMethod>("bank_transfer");
  const [reference, setReference] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const pending = pay.isPending || refund.isPending;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const minor = parseMoney(amount, currency);
    const problems: Record<string, string> = {};
    if (!minor) problems.amount = amountHint(currency);
    else if (minor > limit)
      problems.amount =
        kind === "payment" ? `At most the amount due, ${money(limit, currency)}.` : `At most what was paid, ${money(limit, currency)}.`;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) problems.date = "Enter the date.";
    setErrors(problems);
    if (Object.keys(problems).length || !minor) return;
    setFormError(null);
    const done = {
      onSuccess: () => {
        notifications.show({
          color: "green",
          title: kind === "payment" ? "Payment recorded" : "Refund recorded",
          message: `${money(minor, currency)} on ${invoiceTitle(invoice)}.`,
        });
        onClose();
      },
      onError: (err: unknown) => setFormError(errorMessage(err)),
    };
    const common = { amountMinor: minor, ...(reference.trim() ? { reference: reference.trim() } : {}) };
    if (kind === "payment") {
      pay.mutate({ ...common, method: method as TManualPaymentMethod, receivedOn: date }, done);
    } else {
      refund.mutate({ ...common, method, refundedOn: date, ...(reason.trim() ? { reason: reason.trim() } : {}) }, done);
    }
  };
  const methods = kind === "payment" ? MANUAL_PAYMENT_METHODS : PAYMENT_METHODS;
  return (
    <Modal
      opened
      onClose={onClose}
      title={kind === "payment" ? `Record a payment on ${invoiceTitle(invoice)}` : `Record a refund on ${invoiceTitle(invoice)}`}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <FormError message={formError} />
          <TextInput
            label={`Amount (${currency})`}
            description={
              kind === "payment"
                ? `Amount due: ${money(limit, currency)}. A part payment leaves the rest due.`
                : `Paid so far: ${money(limit, currency)}.`
            }
            required
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={errors.amount}
            data-autofocus
          />
          <TextInput
            type="date"
            label={kind === "payment" ? "Received on" : "Refunded on"}
            required
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            error={errors.date}
          />
          {kind === "payment" ? (
            <Radio.Group label="Method" value={method} onChange={(v) => setMethod(v as TPaymentMethod)}>
              <Stack gap="xs" mt="xs">
                {methods.map((m) => (
                  <Radio key={m} value={m} label={PAYMENT_METHOD_LABELS[m]} />
                ))}
              </Stack>
            </Radio.Group>
          ) : (
            <NativeSelect
              label="Method"
              required
              data={methods.map((m) => ({ value: m, label: PAYMENT_METHOD_LABELS[m] }))}
              value={method}
              onChange={(e) => setMethod(e.currentTarget.value as TPaymentMethod)}
            />
          )}
          <TextInput
            label="Reference"
            description="Optional: the bank's reference or a receipt number."
            maxLength={MAX_PAYMENT_REFERENCE}
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
          />
          {kind === "refund" ? (
            <Textarea
              label="Reason"
              description="Optional."
              autosize
              minRows={2}
              maxLength={MAX_VOID_REASON}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
          ) : null}
          <DialogButtons onCancel={onClose} pending={pending} label={kind === "payment" ? "Record payment" : "Record refund"} />
        </Stack>
      </form>
    </Modal>
  );
}

/** The staff's buttons on an invoice: only those its `policies` allow, each with its dialog. */
