// Its own module so that IntentTooltip's lazy import names only the Tooltip: importing
// @mantine/core lazily would need its whole namespace, and with it every component.
export { Tooltip } from "@mantine/core";
