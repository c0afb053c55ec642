import { Button, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconBan, IconCash, IconEdit, IconReceiptRefund, IconRefresh, IconSend, IconTrash } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { Link, useNavigate } from "react-router";
import { invoicePath, type TInvoice, type TInvoicePolicies } from "../../../common/billing";
import { errorMessage } from "../../api/client";
import { FormError } from "../../components/FormError";
import { useDeleteInvoice, useReissueInvoice, useSendInvoice } from "./api";
import { CreditNoteDialog, DialogButtons, MoneyDialog, VoidDialog } from "./InvoiceDialogs";
import { money } from "./words";

type Dialog = "send" | "delete" | "void" | "credit" | "payment" | "refund" | null;

/** A yes-or-no question before a write (send, delete), with the server's refusal shown in it. */

function Confirm({
  title,
  children,
  label,
  color,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  label: string;
  color?: string;
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal opened onClose={onClose} title={title} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        <Stack gap="sm">
          <FormError message={error} />
          <Text size="sm">{children}</Text>
          <DialogButtons onCancel={onClose} pending={pending} label={label} color={color} />
        </Stack>
      </form>
    </Modal>
  );
}

export function InvoiceActions({ invoice, policies }: { invoice: TInvoice; policies: TInvoicePolicies }) {
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState<string | null>(null);
  const send = useSendInvoice(invoice.id);
  const remove = useDeleteInvoice(invoice.id);
  const reissue = useReissueInvoice(invoice.id);
  const close = () => {
    setDialog(null);
    setError(null);
  };
  const open = (next: Dialog) => {
    setError(null);
    setDialog(next);
  };
  const icon = (Icon: typeof IconSend) => <Icon size={16} aria-hidden="true" />;
  const doReissue = () =>
    reissue.mutate(undefined, {
      onSuccess: (answer) => {
        notifications.show({ color: "green", title: "Reissued as a new draft", message: "Correct it, then send it." });
        void navigate(`${invoicePath(answer.data.id)}/edit`);
      },
      onError: (err) => notifications.show({ color: "red", title: "Could not reissue", message: errorMessage(err) }),
    });

  return (
    <>
      {policies.send ? (
        <Button leftSection={icon(IconSend)} onClick={() => open("send")}>
          Send
        </Button>
      ) : null}
      {policies.recordPayment ? (
        <Button leftSection={icon(IconCash)} onClick={() => open("payment")}>
          Record payment
        </Button>
      ) : null}
      {policies.edit ? (
        <Button component={Link} to={`${invoicePath(invoice.id)}/edit`} variant="default" leftSection={icon(IconEdit)}>
          Edit
        </Button>
      ) : null}
      {policies.creditNote ? (
        <Button variant="default" leftSection={icon(IconReceiptRefund)} onClick={() => open("credit")}>
          Issue credit note
        </Button>
      ) : null}
      {policies.recordRefund ? (
        <Button variant="default" leftSection={icon(IconReceiptRefund)} onClick={() => open("refund")}>
          Record refund
        </Button>
      ) : null}
      {policies.reissue ? (
        <Button variant="default" leftSection={icon(IconRefresh)} loading={reissue.isPending} onClick={doReissue}>
          Reissue
        </Button>
      ) : null}
      {policies.void ? (
        <Button variant="default" color="red" leftSection={icon(IconBan)} onClick={() => open("void")}>
          Void
        </Button>
      ) : null}
      {policies.delete ? (
        <Button variant="default" color="red" leftSection={icon(IconTrash)} onClick={() => open("delete")}>
          Delete draft
        </Button>
      ) : null}

      {dialog === "send" ? (
        <Confirm
          title="Send this invoice?"
          label="Send invoice"
          pending={send.isPending}
          error={error}
          onClose={close}
          onConfirm={() =>
            send.mutate(undefined, {
              onSuccess: () => {
                notifications.show({
                  color: "green",
                  title: "Invoice sent",
                  message: `${invoice.account.name} is emailed and sees it as due.`,
                });
                close();
              },
              onError: (err) => setError(errorMessage(err)),
            })
          }
        >
          It gets its number and can no longer be edited. {invoice.account.name} is emailed and sees{" "}
          <strong>{money(invoice.totalMinor, invoice.currency)}</strong> due on their dashboard and Billing page.
        </Confirm>
      ) : null}
      {dialog === "delete" ? (
        <Confirm
          title="Delete this draft?"
          label="Delete draft"
          color="red.9"
          pending={remove.isPending}
          error={error}
          onClose={close}
          onConfirm={() =>
            remove.mutate(undefined, {
              onSuccess: () => {
                notifications.show({ color: "green", title: "Draft deleted", message: "It was never sent." });
                void navigate("/billing", { replace: true });
              },
              onError: (err) => setError(errorMessage(err)),
            })
          }
        >
          The client never saw it; no number is used.
        </Confirm>
      ) : null}
      {dialog === "void" ? <VoidDialog invoice={invoice} onClose={close} /> : null}
      {dialog === "credit" ? <CreditNoteDialog invoice={invoice} onClose={close} /> : null}
      {dialog === "payment" ? <MoneyDialog invoice={invoice} kind="payment" onClose={close} /> : null}
      {dialog === "refund" ? <MoneyDialog invoice={invoice} kind="refund" onClose={close} /> : null}
    </>
  );
}
