import { ActionIcon, Anchor, Badge, Group, Menu, Paper, Stack, Text, Tooltip, VisuallyHidden } from "@mantine/core";
import { IconArrowsMove, IconCalendarDue, IconDotsVertical, IconGripVertical, IconMessageCircle, IconPaperclip } from "@tabler/icons-react";
import type { CSSProperties, HTMLAttributes, ReactNode } from "react";
import { Link } from "react-router";
import { checkMove, moveLabel, STAGE_LABELS, STAGES, type TStage, type TTaskCard } from "../../../common/board";
import { useSession } from "../../api/session";
import { deadlineState, formatDay, ownerLabel, QUOTE_LABELS } from "../../lib/board";

interface MoveMenuProps {
  task: TTaskCard;
  role: "client" | "agent" | "admin";
  onMove: (to: TStage) => void;
  /** The button that opens it: an icon on a card, a labelled button on the task page. */
  target?: ReactNode;
}

/**
 * "Move to…": every other stage, the ones this person may move the card to first, the others
 * disabled with the reason — so a move that cannot be made is explained before it is tried.
 */
export function MoveMenu({ task, role, onMove, target }: MoveMenuProps) {
  const options = STAGES.filter((to) => to !== task.stage).map((to) => ({
    to,
    check: checkMove({ role }, { stage: task.stage, quote: task.quote, archived: task.archived }, to),
  }));
  const allowed = options.filter((o) => o.check.allowed);
  const refused = options.filter((o) => !o.check.allowed);
  return (
    <Menu position="bottom-end" width={300} shadow="md" withinPortal>
      <Menu.Target>
        {target ?? (
          <ActionIcon variant="subtle" color="gray" aria-label={`Move #${task.number} to…`}>
            <IconDotsVertical size={16} aria-hidden="true" />
          </ActionIcon>
        )}
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Move to…</Menu.Label>
        {allowed.length === 0 ? <Menu.Label fw={400}>No move is open to you from {STAGE_LABELS[task.stage]}.</Menu.Label> : null}
        {allowed.map(({ to, check }) => (
          <Menu.Item key={to} onClick={() => onMove(to)} leftSection={<IconArrowsMove size={14} aria-hidden="true" />}>
            {check.allowed ? moveLabel(check.action, to) : STAGE_LABELS[to]}
          </Menu.Item>
        ))}
        {refused.length > 0 ? <Menu.Divider /> : null}
        {refused.map(({ to, check }) => (
          <Menu.Item key={to} disabled>
            <Text size="sm" fw={500}>
              {STAGE_LABELS[to]}
            </Text>
            <Text size="xs">{check.allowed ? "" : check.reason}</Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

export interface CardDragProps {
  /** Pointer dragging works anywhere on the card. */
  cardListeners?: HTMLAttributes<HTMLElement>;
  /** The keyboard handle: focusable, announces itself as draggable. */
  handleProps?: HTMLAttributes<HTMLElement> & { ref?: (element: HTMLElement | null) => void };
  cardRef?: (element: HTMLElement | null) => void;
  style?: CSSProperties;
  dragging?: boolean;
}

interface TaskCardProps extends CardDragProps {
  task: TTaskCard;
  role: "client" | "agent" | "admin";
  /** The combined board names the client on each card. */
  showAccount: boolean;
  onMove: (to: TStage) => void;
  /** Set just after a drag ends, so the drop does not also open the card. */
  suppressClick?: () => boolean;
  busy?: boolean;
}

/** "💬 3" on screen, "3 comments" to a screen reader. */
function Count({ icon, value, noun }: { icon: ReactNode; value: number; noun: string }) {
  return (
    <Group gap={3} wrap="nowrap">
      {icon}
      <Text size="xs" c="dimmed">
        {value}
        <VisuallyHidden> {noun}</VisuallyHidden>
      </Text>
    </Group>
  );
}

/** A card on the board: number, summary, request type, deadline, who has it, comments and files. */
export function TaskCard({ task, role, showAccount, onMove, suppressClick, busy, ...drag }: TaskCardProps) {
  const { data: session } = useSession();
  const client = role === "client";
  const deadline = deadlineState(task.deadline, task.stage);
  const quote = task.quote !== "none" && task.stage === "requested" ? QUOTE_LABELS[task.quote] : null;
  return (
    <Paper
      ref={drag.cardRef}
      component="article"
      aria-labelledby={`task-${task.id}-title`}
      p="sm"
      shadow={drag.dragging ? "md" : "xs"}
      style={{
        ...drag.style,
        opacity: busy ? 0.6 : drag.style?.opacity,
        cursor: drag.cardListeners ? "grab" : undefined,
        touchAction: "manipulation",
      }}
      {...drag.cardListeners}
    >
      <Group justify="space-between" wrap="nowrap" gap={4} align="flex-start">
        <Stack gap={6} style={{ minWidth: 0, flex: 1 }}>
          <Group gap={6} wrap="wrap">
            <Text size="xs" c="dimmed" fw={600}>
              #{task.number}
            </Text>
            {showAccount ? (
              <Text size="xs" c="dimmed" truncate maw={160}>
                {task.account.name}
              </Text>
            ) : null}
          </Group>
          <Anchor
            id={`task-${task.id}-title`}
            component={Link}
            to={`/work-requests/${task.id}`}
            fw={600}
            size="sm"
            c="var(--mantine-color-text)"
            style={{ overflowWrap: "anywhere" }}
            onClick={(event) => {
              if (suppressClick?.()) event.preventDefault();
            }}
          >
            {task.summary}
          </Anchor>
        </Stack>
        <Group gap={0} wrap="nowrap">
          {drag.handleProps ? (
            <Tooltip label="Drag, or press Space to pick up and arrow keys to move" openDelay={600}>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Drag #${task.number} ${task.summary}`}
                {...drag.handleProps}
                style={{ cursor: "grab", touchAction: "none" }}
              >
                <IconGripVertical size={16} aria-hidden="true" />
              </ActionIcon>
            </Tooltip>
          ) : null}
          <MoveMenu task={task} role={role} onMove={onMove} />
        </Group>
      </Group>
      <Group gap={6} mt={8} wrap="wrap">
        {task.requestType ? (
          <Badge color="indigo" tt="none" maw="100%" style={{ whiteSpace: "normal", height: "auto" }}>
            {task.requestType.name}
          </Badge>
        ) : null}
        {quote ? (
          <Badge color={quote.color} tt="none">
            {quote.label}
          </Badge>
        ) : null}
      </Group>
      <Group justify="space-between" gap={6} mt={8} wrap="wrap">
        <Text size="xs" c="dimmed">
          {ownerLabel(task.owner, client, session?.agencyName ?? "the agency")}
        </Text>
        <Group gap={10} wrap="nowrap">
          {task.deadline ? (
            <Group gap={3} wrap="nowrap">
              <IconCalendarDue size={14} aria-hidden="true" color={deadline === "overdue" ? "var(--mantine-color-red-8)" : undefined} />
              <Text size="xs" c={deadline === "overdue" ? "red.9" : "dimmed"} fw={deadline === "overdue" ? 700 : undefined}>
                {deadline === "overdue" ? "Overdue · " : deadline === "today" ? "Due today · " : "Due "}
                {formatDay(task.deadline)}
              </Text>
            </Group>
          ) : null}
          <Count icon={<IconMessageCircle size={14} aria-hidden="true" />} value={task.commentCount} noun="comments" />
          <Count icon={<IconPaperclip size={14} aria-hidden="true" />} value={task.fileCount} noun="attachments" />
        </Group>
      </Group>
    </Paper>
  );
}
