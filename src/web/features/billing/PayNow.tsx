import { Alert, Button, Stack, Text } from "@mantine/core";
import { IconCreditCard, IconDownload } from "@tabler/icons-react";
import { useState } from "react";
import type { TInvoice, TInvoiceSummary } from "../../../common/billing";
import { errorMessage } from "../../api/client";
import { useCheckout } from "./api";
import { invoiceTitle, money } from "./words";

/**
 * "Pay now": shown only when the invoice's policies say it can be paid online (Stripe is
 * configured and something is due) — on the invoice's page and on each card of the client's
 * Billing list (`inList`: smaller, and named with the invoice's number, as there may be several).
 * It opens Stripe Checkout for the amount due; the payment is recorded when Stripe confirms it,
 * never because the browser came back.
 */
export function PayNowButton({
  invoice,
  inList = false,
}: {
  invoice: Pick<TInvoiceSummary, "id" | "kind" | "number" | "amountDueMinor" | "currency">;
  inList?: boolean;
}) {
  const checkout = useCheckout(invoice.id);
  const [error, setError] = useState<string | null>(null);
  const pay = () => {
    setError(null);
    checkout.mutate(undefined, {
      onSuccess: (answer) => window.location.assign(answer.data.url),
      onError: (e) => setError(errorMessage(e)),
    });
  };
  const label = `Pay now · ${money(invoice.amountDueMinor, invoice.currency)}`;
  return (
    <Stack gap={6}>
      <Button
        size={inList ? "sm" : "md"}
        fullWidth
        leftSection={<IconCreditCard size={18} aria-hidden="true" />}
        loading={checkout.isPending}
        onClick={pay}
        // The visible words first (what a voice user says), then which invoice.
        aria-label={inList ? `${label}, ${invoiceTitle(invoice)}` : undefined}
      >
        {label}
      </Button>
      <Text size="xs" c="dimmed" ta={inList ? "right" : "center"}>
        By card, on Stripe's secure page.
      </Text>
      {error ? (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}

/** The invoice's PDF, and its receipt once anything was paid. */
export function DocumentLinks({ invoice }: { invoice: TInvoice }) {
  return (
    <Stack gap={6}>
      <Button
        component="a"
        href={invoice.pdfUrl}
        download
        variant="default"
        fullWidth
        leftSection={<IconDownload size={16} aria-hidden="true" />}
      >
        Download PDF
      </Button>
      {invoice.receiptUrl ? (
        <Button
          component="a"
          href={invoice.receiptUrl}
          download
          variant="default"
          fullWidth
          leftSection={<IconDownload size={16} aria-hidden="true" />}
        >
          Download receipt
        </Button>
      ) : null}
    </Stack>
  );
}
