import { Alert, Button, Stack, Text } from "@mantine/core";
import { IconCreditCard, IconDownload } from "@tabler/icons-react";
import { useState } from "react";
import type { TInvoice } from "../../../common/billing";
import { errorMessage } from "../../api/client";
import { useCheckout } from "./api";
import { money } from "./words";

/**
 * "Pay now": shown only when the invoice's policies say it can be paid online (Stripe is
 * configured and something is due). It opens Stripe Checkout for the amount due; the payment is
 * recorded when Stripe confirms it, never because the browser came back.
 */
export function PayNowButton({ invoice }: { invoice: TInvoice }) {
  const checkout = useCheckout(invoice.id);
  const [error, setError] = useState<string | null>(null);
  const pay = () => {
    setError(null);
    checkout.mutate(undefined, {
      onSuccess: (answer) => window.location.assign(answer.data.url),
      onError: (e) => setError(errorMessage(e)),
    });
  };
  return (
    <Stack gap={6}>
      <Button size="md" fullWidth leftSection={<IconCreditCard size={18} aria-hidden="true" />} loading={checkout.isPending} onClick={pay}>
        Pay now · {money(invoice.amountDueMinor, invoice.currency)}
      </Button>
      <Text size="xs" c="dimmed" ta="center">
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
