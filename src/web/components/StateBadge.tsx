import { Badge } from "@mantine/core";
import type { TUserState } from "../../common/schemas";
import { STATE_COLORS, STATE_LABELS } from "../lib/format";

export function StateBadge({ state }: { state: TUserState }) {
  return <Badge color={STATE_COLORS[state]}>{STATE_LABELS[state]}</Badge>;
}
