import { Button, Group, Text } from "@mantine/core";
import { Link } from "react-router";

/** Cancel and Submit under a form with attachments: Submit waits for the uploads, and says so. */
export function SubmitRow({ cancelTo, pending, uploading }: { cancelTo: string; pending: boolean; uploading: boolean }) {
  return (
    <>
      <Group justify="flex-end" gap="sm">
        <Button variant="default" component={Link} to={cancelTo}>
          Cancel
        </Button>
        <Button type="submit" loading={pending} disabled={uploading}>
          Submit
        </Button>
      </Group>
      {uploading ? (
        <Text size="xs" c="dimmed" ta="right" aria-live="polite">
          Waiting for attachments to finish uploading…
        </Text>
      ) : null}
    </>
  );
}
