import { Anchor, Button, Group, NumberInput, Paper, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowLeft } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import {
  MAX_PAYMENT_TERMS_DAYS,
  MAX_REMINDER_DAYS,
  type TBillingSettingsResponse,
  type TUpdateBillingSettingsRequest,
  ZBillingSettings,
} from "../../../common/billing";
import { ApiError, errorMessage } from "../../api/client";
import { FormError } from "../../components/FormError";
import { PageHeader } from "../../components/PageHeader";
import { QueryError } from "../../components/States";
import { maxLengthOf, patternOf } from "../../lib/limits";
import { useBillingSettings, useUpdateBillingSettings } from "./api";
import { parseTaxRate, taxRateInput } from "./words";

const PREFIX = patternOf(ZBillingSettings, "invoicePrefix");
const TAX_ID_MAX = maxLengthOf(ZBillingSettings, "agencyTaxId");

/** "3, 7" → [3, 7]; undefined unless whole days from 0 to the limit, each once. */
export function parseDays(text: string): number[] | undefined {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (!parts.every((p) => /^\d+$/.test(p))) return undefined;
  const days = parts.map(Number);
  if (days.some((d) => d > MAX_REMINDER_DAYS) || new Set(days).size !== days.length || days.length > 10) return undefined;
  return days.sort((a, b) => a - b);
}

type Values = {
  invoicePrefix: string;
  creditNotePrefix: string;
  nextInvoiceNumber: number | string;
  nextCreditNoteNumber: number | string;
  paymentTermsDays: number | string;
  agencyTaxId: string;
  defaultTaxRate: string;
  reminderDaysBefore: string;
  reminderDaysAfter: string;
};

function BillingSettingsForm({ answer }: { answer: TBillingSettingsResponse }) {
  const { data: settings, lastIssued } = answer;
  const update = useUpdateBillingSettings();
  const [values, setValues] = useState<Values>({
    ...settings,
    defaultTaxRate: taxRateInput(settings.defaultTaxRateBasisPoints),
    reminderDaysBefore: settings.reminderDaysBefore.join(", "),
    reminderDaysAfter: settings.reminderDaysAfter.join(", "),
  });
  const [errors, setErrors] = useState<Partial<Record<keyof Values, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<keyof Values, string>> = {};
    const prefixError = "Up to 12 letters, digits or - / _ . starting with a letter or digit (e.g. INV-).";
    if (!PREFIX.test(values.invoicePrefix.trim())) problems.invoicePrefix = prefixError;
    if (!PREFIX.test(values.creditNotePrefix.trim())) problems.creditNotePrefix = prefixError;
    else if (values.creditNotePrefix.trim() === values.invoicePrefix.trim())
      problems.creditNotePrefix = "Use a different prefix from invoices.";
    const whole = (v: number | string) => typeof v === "number" && Number.isInteger(v);
    if (!whole(values.nextInvoiceNumber) || Number(values.nextInvoiceNumber) < 1) problems.nextInvoiceNumber = "A whole number, 1 or more.";
    else if (lastIssued.invoice !== null && Number(values.nextInvoiceNumber) <= lastIssued.invoice)
      problems.nextInvoiceNumber = `More than ${lastIssued.invoice}, the last one issued: numbers never repeat or go back.`;
    if (!whole(values.nextCreditNoteNumber) || Number(values.nextCreditNoteNumber) < 1)
      problems.nextCreditNoteNumber = "A whole number, 1 or more.";
    else if (lastIssued.creditNote !== null && Number(values.nextCreditNoteNumber) <= lastIssued.creditNote)
      problems.nextCreditNoteNumber = `More than ${lastIssued.creditNote}, the last one issued.`;
    if (!whole(values.paymentTermsDays) || Number(values.paymentTermsDays) < 0 || Number(values.paymentTermsDays) > MAX_PAYMENT_TERMS_DAYS)
      problems.paymentTermsDays = `Whole days from 0 to ${MAX_PAYMENT_TERMS_DAYS}.`;
    const rate = parseTaxRate(values.defaultTaxRate);
    if (rate === undefined) problems.defaultTaxRate = "A rate from 0 to 100, e.g. 10.";
    const before = parseDays(values.reminderDaysBefore);
    const after = parseDays(values.reminderDaysAfter);
    const daysError = `Whole days from 0 to ${MAX_REMINDER_DAYS}, separated by commas (e.g. 1, 7, 14); empty: none.`;
    if (!before) problems.reminderDaysBefore = daysError;
    if (!after) problems.reminderDaysAfter = daysError;
    setErrors(problems);
    if (Object.keys(problems).length || rate === undefined || !before || !after) return;
    setFormError(null);
    const body: TUpdateBillingSettingsRequest = {
      invoicePrefix: values.invoicePrefix.trim(),
      creditNotePrefix: values.creditNotePrefix.trim(),
      paymentTermsDays: Number(values.paymentTermsDays),
      agencyTaxId: values.agencyTaxId.trim(),
      defaultTaxRateBasisPoints: rate,
      reminderDaysBefore: before,
      reminderDaysAfter: after,
      // Only a raised number is sent: sending the same one again is no change.
      ...(Number(values.nextInvoiceNumber) !== settings.nextInvoiceNumber ? { nextInvoiceNumber: Number(values.nextInvoiceNumber) } : {}),
      ...(Number(values.nextCreditNoteNumber) !== settings.nextCreditNoteNumber
        ? { nextCreditNoteNumber: Number(values.nextCreditNoteNumber) }
        : {}),
    };
    update.mutate(body, {
      onSuccess: () => notifications.show({ color: "green", title: "Billing settings saved", message: "New invoices use them." }),
      onError: (error) => {
        const field = error instanceof ApiError ? error.field : undefined;
        if (field && Object.hasOwn(values, field)) setErrors({ [field]: error.message });
        else setFormError(errorMessage(error));
      },
    });
  };

  const number = (
    key: "nextInvoiceNumber" | "nextCreditNoteNumber" | "paymentTermsDays",
    label: string,
    description: string,
    min: number,
  ) => (
    <NumberInput
      label={label}
      description={description}
      required
      min={min}
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="none"
      value={values[key]}
      onChange={(v) => set(key, v)}
      error={errors[key]}
    />
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <FormError message={formError} />
        <Paper p="lg" component="section" aria-labelledby="billing-numbers">
          <Title order={2} fz="md" mb="md" id="billing-numbers">
            Invoice numbers
          </Title>
          <Stack gap="md" maw={520}>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <TextInput
                label="Invoice prefix"
                description={`Invoices read ${values.invoicePrefix.trim() || "INV-"}${values.nextInvoiceNumber || 1001}.`}
                required
                value={values.invoicePrefix}
                onChange={(e) => set("invoicePrefix", e.currentTarget.value)}
                error={errors.invoicePrefix}
              />
              {number(
                "nextInvoiceNumber",
                "Next invoice number",
                lastIssued.invoice === null ? "None issued yet." : `Last issued: ${settings.invoicePrefix}${lastIssued.invoice}.`,
                1,
              )}
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <TextInput
                label="Credit note prefix"
                description={`Credit notes read ${values.creditNotePrefix.trim() || "CN-"}${values.nextCreditNoteNumber || 1001}.`}
                required
                value={values.creditNotePrefix}
                onChange={(e) => set("creditNotePrefix", e.currentTarget.value)}
                error={errors.creditNotePrefix}
              />
              {number(
                "nextCreditNoteNumber",
                "Next credit note number",
                lastIssued.creditNote === null ? "None issued yet." : `Last issued: ${settings.creditNotePrefix}${lastIssued.creditNote}.`,
                1,
              )}
            </SimpleGrid>
            <Text size="xs" c="dimmed">
              An invoice gets its number when it is sent, one after another with no gaps. A number can be raised, never lowered.
            </Text>
          </Stack>
        </Paper>
        <Paper p="lg" component="section" aria-labelledby="billing-terms">
          <Title order={2} fz="md" mb="md" id="billing-terms">
            Terms and tax
          </Title>
          <Stack gap="md" maw={520}>
            {number(
              "paymentTermsDays",
              "Payment terms (days)",
              "The due date is the issue date plus this many days, unless a draft sets one.",
              0,
            )}
            <TextInput
              label="Agency tax id"
              description="Printed on invoices, e.g. ABN 12 345 678 901. Optional."
              maxLength={TAX_ID_MAX}
              value={values.agencyTaxId}
              onChange={(e) => set("agencyTaxId", e.currentTarget.value)}
              error={errors.agencyTaxId}
            />
            <TextInput
              label="Default tax rate (%)"
              description="The tax rate of lines copied from a quote and of new lines."
              inputMode="decimal"
              value={values.defaultTaxRate}
              onChange={(e) => set("defaultTaxRate", e.currentTarget.value)}
              error={errors.defaultTaxRate}
            />
          </Stack>
        </Paper>
        <Paper p="lg" component="section" aria-labelledby="billing-reminders">
          <Title order={2} fz="md" mb="md" id="billing-reminders">
            Payment reminders
          </Title>
          <Stack gap="md" maw={520}>
            <TextInput
              label="Days before the due date"
              description="The client is reminded by email this many days before; e.g. 3. Empty: no reminder before."
              value={values.reminderDaysBefore}
              onChange={(e) => set("reminderDaysBefore", e.currentTarget.value)}
              error={errors.reminderDaysBefore}
            />
            <TextInput
              label="Days after the due date"
              description="And this many days after, while it is unpaid; e.g. 1, 7, 14. Reminders stop once it is paid."
              value={values.reminderDaysAfter}
              onChange={(e) => set("reminderDaysAfter", e.currentTarget.value)}
              error={errors.reminderDaysAfter}
            />
          </Stack>
        </Paper>
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** /admin/settings/billing — invoice numbering, payment terms, tax and reminders. */
export function BillingSettingsPage() {
  const settings = useBillingSettings();
  return (
    <>
      <PageHeader
        title="Billing settings"
        above={
          <Anchor component={Link} to="/admin/settings" size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
            <IconArrowLeft size={14} aria-hidden="true" /> Settings
          </Anchor>
        }
        description="How invoices are numbered, when they are due, the tax they carry and when clients are reminded to pay."
      />
      {settings.isPending ? (
        <Stack aria-busy="true" aria-label="Loading billing settings">
          <Skeleton h={120} radius="md" />
          <Skeleton h={100} radius="md" />
        </Stack>
      ) : settings.isError ? (
        <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <BillingSettingsForm answer={settings.data} />
      )}
    </>
  );
}
