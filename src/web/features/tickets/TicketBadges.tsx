import { Badge } from "@mantine/core";
import {
  TICKET_PRIORITY_LABELS,
  TICKET_STATUS_HELP,
  TICKET_STATUS_LABELS,
  type TTicketPriority,
  type TTicketStatus,
} from "../../../common/ticket-labels";
import { IntentTooltip } from "../../components/IntentTooltip";
import { PRIORITY_COLORS, STATUS_COLORS } from "./words";

/** Badges keep their whole word in narrow table cells instead of an ellipsis. */
const noShrink = { flex: "none", minWidth: "max-content" } as const;

/** New / Active / Closed; the guide's other word (Open, In Progress, Resolved) in the tooltip. */
export function TicketStatusBadge({ status, size = "md" }: { status: TTicketStatus; size?: "sm" | "md" | "lg" }) {
  return (
    <IntentTooltip label={TICKET_STATUS_HELP[status]} withArrow multiline maw={260} openDelay={300}>
      <Badge color={STATUS_COLORS[status]} size={size} style={noShrink}>
        {TICKET_STATUS_LABELS[status]}
      </Badge>
    </IntentTooltip>
  );
}

export function TicketPriorityBadge({ priority, withLabel = false }: { priority: TTicketPriority; withLabel?: boolean }) {
  return (
    <Badge variant="dot" color={PRIORITY_COLORS[priority]} tt="none" fw={500} style={noShrink}>
      {withLabel ? `${TICKET_PRIORITY_LABELS[priority]} priority` : TICKET_PRIORITY_LABELS[priority]}
    </Badge>
  );
}
