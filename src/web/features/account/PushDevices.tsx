import { Alert, Badge, Button, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { TPushDevice } from "../../../common/push";
import { errorMessage } from "../../api/client";
import { FormError } from "../../components/FormError";
import { QueryError } from "../../components/States";
import { formatDate, formatRelative } from "../../lib/format";
import { type BrowserPush, PermissionRefused, useBrowserPush, usePushDevices, useRemovePushDevice, useTurnOnPush } from "./push-api";

/** An iPhone or iPad (iPadOS calls itself a Mac with a touch screen). */
const isAppleMobile = () =>
  /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.maxTouchPoints > 1 && /Macintosh/.test(navigator.userAgent));

/** Why this browser cannot, in one sentence a person can act on. */
function Unavailable({ support }: { support: Exclude<BrowserPush["support"], "supported"> }) {
  const sentence =
    support === "insecure"
      ? "This browser allows notifications only when the portal is opened over a secure (https) address."
      : support === "no-worker"
        ? "Notifications are not available in this window yet. Reload the page and try again."
        : isAppleMobile()
          ? "On an iPhone or iPad, notifications work once the portal is on your Home Screen: tap Share, then “Add to Home Screen”, and open it from there."
          : "This browser cannot receive notifications from the portal. Try a current version of Chrome, Edge, Firefox or Safari.";
  return (
    <Text size="sm" c="dimmed">
      {sentence}
    </Text>
  );
}

function Blocked() {
  return (
    <Alert color="yellow" variant="light" title="Notifications are blocked in this browser">
      To allow them, open this site's settings (the icon beside the web address), set Notifications to Allow, then reload this page.
    </Alert>
  );
}

function DeviceRow({ device }: { device: TPushDevice }) {
  const remove = useRemovePushDevice();
  return (
    <Group
      component="li"
      justify="space-between"
      wrap="nowrap"
      gap="sm"
      py="xs"
      style={{ borderTop: "1px solid var(--mantine-color-gray-3)" }}
    >
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
            {device.label}
          </Text>
          {device.current ? (
            <Badge size="sm" variant="light">
              This device
            </Badge>
          ) : null}
        </Group>
        <Text size="xs" c="dimmed">
          Added {formatDate(device.createdAt)} ·{" "}
          {device.lastUsedAt ? `Last notified ${formatRelative(device.lastUsedAt)}` : "Not notified yet"}
        </Text>
      </Stack>
      <Button
        variant="light"
        color="red"
        size="xs"
        style={{ flexShrink: 0 }}
        loading={remove.isPending}
        aria-label={`Remove ${device.label}${device.current ? " (this device)" : ""}`}
        onClick={() =>
          remove.mutate(device, {
            onSuccess: () =>
              notifications.show({ color: "green", title: "Device removed", message: `${device.label} will no longer be notified.` }),
            onError: (error) => notifications.show({ color: "red", title: "Could not remove the device", message: errorMessage(error) }),
          })
        }
      >
        Remove
      </Button>
    </Group>
  );
}

/** The turn-on button, or why it is not there. */
function ThisDevice({ browser, listedHere }: { browser: BrowserPush; listedHere: boolean }) {
  const turnOn = useTurnOnPush();
  if (browser.support !== "supported") return <Unavailable support={browser.support} />;
  const refused = turnOn.error instanceof PermissionRefused ? turnOn.error : null;
  if (browser.permission === "denied" || refused?.permission === "denied") return <Blocked />;
  if (listedHere && browser.permission === "granted") {
    return (
      <Text size="sm" c="dimmed">
        Notifications are on for this device.
      </Text>
    );
  }
  return (
    <Stack gap="sm" align="flex-start">
      <FormError
        message={
          refused
            ? "Notifications were not turned on: your browser asked, and they were not allowed."
            : turnOn.error
              ? errorMessage(turnOn.error)
              : null
        }
      />
      <Button
        loading={turnOn.isPending}
        // Its words may take two lines on a phone rather than run past the card.
        h="auto"
        mih={36}
        py={8}
        styles={{ label: { whiteSpace: "normal", textAlign: "center", lineHeight: 1.35 } }}
        onClick={() =>
          turnOn.mutate(undefined, {
            onSuccess: () =>
              notifications.show({ color: "green", title: "Notifications turned on", message: "This device will now be notified." }),
          })
        }
      >
        Turn on notifications on this device
      </Button>
    </Stack>
  );
}

/** Account page: Web Push on this device, and every device the person turned it on for. */
export function PushDevices() {
  const browser = useBrowserPush();
  const endpoint = browser.data?.support === "supported" ? browser.data.endpoint : null;
  const devices = usePushDevices(endpoint, { enabled: !browser.isPending });
  const list = devices.data?.data ?? [];
  return (
    <Paper p="lg" component="section" aria-labelledby="push-devices-title">
      <Title order={2} fz="md" id="push-devices-title">
        Notifications on your phone or computer
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Turn them on for each device you use, so a request for a one-time code reaches you in seconds, even when the portal is closed. They
        say what is asked, never a code or a password.
      </Text>
      <Stack gap="md">
        {browser.isPending ? (
          <Skeleton h={36} w={260} />
        ) : browser.data ? (
          <ThisDevice browser={browser.data} listedHere={list.some((d) => d.current)} />
        ) : null}
        {devices.isPending ? (
          <Stack gap="sm" aria-busy="true" aria-label="Loading your devices">
            <Skeleton h={24} />
            <Skeleton h={24} />
          </Stack>
        ) : devices.isError ? (
          <QueryError error={devices.error} onRetry={() => void devices.refetch()} />
        ) : list.length === 0 ? (
          <Text size="sm" c="dimmed">
            No device is notified yet.
          </Text>
        ) : (
          <Stack gap={0}>
            <Text size="sm" fw={500} mb={4} id="push-devices-list">
              Your devices
            </Text>
            <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: "none" }} aria-labelledby="push-devices-list">
              {list.map((device) => (
                <DeviceRow key={device.id} device={device} />
              ))}
            </Stack>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
