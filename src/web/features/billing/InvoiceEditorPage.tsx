import { Alert, Box, Button, Grid, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { invoicePath, MAX_INVOICE_NOTES, type TInvoice } from "../../../common/billing";
import { minorDigits, parseMoney } from "../../../common/money";
import { ApiError, errorMessage } from "../../api/client";
import { useMe, useSession } from "../../api/session";
import { ClientSelect } from "../../components/ClientSelect";
import { detailStates } from "../../components/DetailStates";
import { FormError } from "../../components/FormError";
import { MarkdownField } from "../../components/MarkdownField";
import { PageHeader } from "../../components/PageHeader";
import { useBillingSettings, useCreateInvoice, useInvoice, useUpdateInvoice } from "./api";
import { draftsOf, emptyLine, type LineDraft, LinesEditor, previewTotals, readLines, TotalsList } from "./LinesEditor";
import { BillingBackLink } from "./parts";
import { invoiceTitle, moneyInput, taxRateInput } from "./words";

const COMMON_CURRENCIES = ["AUD", "CAD", "EUR", "GBP", "NZD", "USD"];

/** /billing/invoices/new?accountId=… — a new draft for a client account. */
export function NewInvoicePage() {
  const [params] = useSearchParams();
  return <InvoiceEditor accountId={params.get("accountId") ?? ""} />;
}

/** /billing/invoices/:id/edit — a draft's lines, dates and notes (a sent invoice is never edited). */
export function EditInvoicePage() {
  const { id = "" } = useParams();
  const query = useInvoice(id);
  const back = <BillingBackLink />;
  const fallback = detailStates({ query, title: "Edit invoice", noun: "invoice", back });
  if (fallback || !query.data) return fallback;
  if (!query.data.policies.edit) {
    return (
      <>
        <PageHeader title={`Edit ${invoiceTitle(query.data.data)}`} above={back} />
        <Alert color="gray" variant="light" title="Only a draft can be edited">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">A sent invoice is never changed in place: void it and reissue a corrected one, or issue a credit note.</Text>
            <Button component={Link} to={invoicePath(id)} variant="default" size="xs">
              Open the invoice
            </Button>
          </Stack>
        </Alert>
      </>
    );
  }
  return <InvoiceEditor key={id} invoice={query.data.data} accountId={query.data.data.account.id} />;
}

function InvoiceEditor({ invoice, accountId: initialAccount }: { invoice?: TInvoice; accountId: string }) {
  const navigate = useNavigate();
  const { data: session } = useSession();
  const settings = useBillingSettings({ enabled: useMe().role === "admin" });
  const create = useCreateInvoice();
  const update = useUpdateInvoice(invoice?.id ?? "");
  const defaultTax = settings.data?.data.defaultTaxRateBasisPoints ? taxRateInput(settings.data.data.defaultTaxRateBasisPoints) : "";
  const [accountId, setAccountId] = useState(initialAccount);
  const [currency, setCurrency] = useState(invoice?.currency ?? session?.defaultCurrency ?? "USD");
  const [issueDate, setIssueDate] = useState(invoice?.issueDate ?? "");
  const [dueDate, setDueDate] = useState(invoice?.dueDate ?? "");
  const [drafts, setDrafts] = useState<LineDraft[]>(() => (invoice ? draftsOf(invoice.lines, invoice.currency) : [emptyLine()]));
  const [discount, setDiscount] = useState(invoice?.discountMinor ? moneyInput(invoice.discountMinor, minorDigits(invoice.currency)) : "");
  const [notes, setNotes] = useState(invoice?.notes ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const pending = create.isPending || update.isPending;
  const currencies = [...new Set([...COMMON_CURRENCIES, currency])].sort();
  const discountMinor = discount.trim() ? parseMoney(discount, currency) : 0;
  const preview = previewTotals(drafts, currency, discountMinor ?? 0);
  const title = invoice ? (invoice.number ? `Edit ${invoice.number}` : "Edit draft invoice") : "New invoice";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const read = readLines(drafts, currency);
    const problems: Record<string, string> = { ...read.errors };
    if (!invoice && !accountId) problems.accountId = "Choose the client account to bill.";
    if (discountMinor === undefined) problems.discount = `An amount like 50${minorDigits(currency) ? ".00" : ""}, or empty.`;
    else if (preview.discountTooLarge) problems.discount = "The discount cannot be more than the subtotal.";
    if (issueDate && dueDate && dueDate < issueDate) problems.dueDate = "The due date cannot be before the issue date.";
    setErrors(problems);
    if (Object.keys(problems).length || !read.lines) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('main [aria-invalid="true"]')?.focus());
      return;
    }
    setFormError(null);
    const body = {
      currency,
      lines: read.lines,
      discountMinor: discountMinor ?? 0,
      issueDate: issueDate || null,
      dueDate: dueDate || null,
      notes,
    };
    const onSuccess = (answer: { data: { id: string } }) => {
      notifications.show({ color: "green", title: "Draft saved", message: "Send it when it is ready: the client sees it then." });
      void navigate(invoicePath(answer.data.id));
    };
    const onError = (error: unknown) => {
      if (error instanceof ApiError && error.field && /discount/i.test(error.field)) setErrors({ discount: error.message });
      else setFormError(errorMessage(error));
    };
    if (invoice) update.mutate(body, { onSuccess, onError });
    else create.mutate({ accountId, ...body }, { onSuccess, onError });
  };

  return (
    <>
      <PageHeader
        title={title}
        above={<BillingBackLink />}
        description="A draft: only the agency sees it until it is sent. The totals are worked out as the invoice will show them: tax is rounded per line, after the discount."
      />
      <form onSubmit={submit} noValidate>
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="lg">
              <FormError message={formError} />
              <Paper p={{ base: "md", sm: "lg" }} component="section" aria-labelledby="invoice-details">
                <Title order={2} fz="md" mb="sm" id="invoice-details">
                  Details
                </Title>
                <Stack gap="sm">
                  {invoice ? (
                    <Text size="sm">
                      Client: <strong>{invoice.account.name}</strong>
                    </Text>
                  ) : (
                    <ClientSelect value={accountId} onChange={setAccountId} required error={errors.accountId} />
                  )}
                  <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
                    <NativeSelect
                      label="Currency"
                      data={currencies}
                      value={currency}
                      onChange={(e) => setCurrency(e.currentTarget.value)}
                    />
                    <TextInput
                      type="date"
                      label="Issue date"
                      aria-describedby="invoice-dates-hint"
                      value={issueDate}
                      onChange={(e) => setIssueDate(e.currentTarget.value)}
                    />
                    <TextInput
                      type="date"
                      label="Due date"
                      aria-describedby="invoice-dates-hint"
                      value={dueDate}
                      onChange={(e) => setDueDate(e.currentTarget.value)}
                      error={errors.dueDate}
                    />
                  </SimpleGrid>
                  <Text size="xs" c="dimmed" id="invoice-dates-hint">
                    Dates are optional: without them the issue date is the day it is sent, and the due date that plus your payment terms.
                  </Text>
                </Stack>
              </Paper>
              <Paper p={{ base: "md", sm: "lg" }} component="section" aria-labelledby="invoice-lines-heading">
                <Title order={2} fz="md" mb="sm" id="invoice-lines-heading">
                  Line items
                </Title>
                <LinesEditor
                  drafts={drafts}
                  onChange={setDrafts}
                  currency={currency}
                  errors={errors}
                  defaultTaxRate={defaultTax}
                  discountMinor={preview.discountTooLarge ? 0 : (discountMinor ?? 0)}
                />
              </Paper>
              <Paper p={{ base: "md", sm: "lg" }} component="section" aria-labelledby="invoice-notes-heading">
                <Title order={2} fz="md" mb="sm" id="invoice-notes-heading">
                  Notes
                </Title>
                <MarkdownField
                  label="Notes on the invoice"
                  description="Payment details, thanks, anything the client should read. Optional."
                  minRows={3}
                  value={notes}
                  onChange={(v) => setNotes(v.slice(0, MAX_INVOICE_NOTES))}
                />
              </Paper>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Box style={{ position: "sticky", top: 76 }}>
              <Paper p={{ base: "md", sm: "lg" }} component="section" aria-labelledby="invoice-totals-heading">
                <Title order={2} fz="md" mb="sm" id="invoice-totals-heading">
                  Totals
                </Title>
                <Stack gap="md">
                  <TextInput
                    label={`Discount (${currency})`}
                    description="Before tax, shared across the lines."
                    inputMode="decimal"
                    placeholder="0"
                    value={discount}
                    onChange={(e) => setDiscount(e.currentTarget.value)}
                    error={errors.discount}
                  />
                  <div aria-live="polite">
                    <TotalsList totals={preview.totals} currency={currency} />
                  </div>
                  <Group justify="flex-end" gap="sm" wrap="wrap">
                    <Button variant="default" component={Link} to={invoice ? invoicePath(invoice.id) : "/billing"}>
                      Cancel
                    </Button>
                    <Button type="submit" loading={pending}>
                      Save draft
                    </Button>
                  </Group>
                </Stack>
              </Paper>
            </Box>
          </Grid.Col>
        </Grid>
      </form>
    </>
  );
}
