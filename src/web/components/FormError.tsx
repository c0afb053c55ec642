import { Alert } from "@mantine/core";

/** A form's error that belongs to no one field (the server refused, the network failed), announced as it appears. */
export function FormError({ message, title }: { message: string | null | undefined; title?: string }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={title}>
      {message}
    </Alert>
  );
}
