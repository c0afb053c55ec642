// Its own module so that the lazy import in ./Notifications names only the stack: importing the
// package itself lazily would need its whole namespace, pulling the stack back into the entry.
export { Notifications as NotificationStack } from "@mantine/notifications";
