import { Button } from "@mantine/core";
import { IconKey } from "@tabler/icons-react";
import { useState } from "react";
import { NewAskModal } from "./AskForm";
import { useAsks } from "./api";

/**
 * "Ask for a code" on a client account's page: the new-ask form with the account chosen. Shown
 * only when the server says this person may create asks (`policies.create` of the account's asks).
 */
export function AskForCodeButton({ accountId }: { accountId: string }) {
  const asks = useAsks({ status: "open", page: 1, accountId });
  const [opened, setOpened] = useState(false);
  if (!asks.data?.policies.create) return null;
  return (
    <>
      <Button variant="default" leftSection={<IconKey size={16} aria-hidden="true" />} onClick={() => setOpened(true)}>
        Ask for a code
      </Button>
      <NewAskModal opened={opened} onClose={() => setOpened(false)} accountId={accountId} />
    </>
  );
}
