import { Menu, Popover, Text } from "@mantine/core";
import { IconArrowsMove, IconCalendarDue, IconDotsVertical, IconGripVertical, IconMessageCircle, IconPaperclip } from "@tabler/icons-react";
import { type ComponentType, type CSSProperties, type HTMLAttributes, memo, type ReactNode, useState } from "react";
import { Link } from "react-router";
import { STAGE_OWNER, type TStage } from "../../../common/board";
import { ReviewSummary } from "./ReviewSummary";
import classes from "./TaskCard.module.css";
import {
  type BoardTask,
  deadlineState,
  formatDay,
  handledBy,
  initials,
  type MovableTask,
  moveChoices,
  ownerLabel,
  QUOTE_LABELS,
} from "./words";

interface MoveMenuProps {
  task: MovableTask;
  role: "client" | "agent" | "admin";
  onMove: (to: TStage) => void;
  /** The button that opens it: an icon on a card, a labelled button on the task page. */
  target: ReactNode;
  /** Controlled open state (a card's menu opens on the click that mounts it). */
  opened?: boolean;
  onChange?: (opened: boolean) => void;
}

/**
 * "Move to…": only the moves this person may make now (`checkMove`, as the server enforces it).
 * When there is none, the button opens one sentence saying what they can do instead — not a
 * list of disabled stages repeating one reason.
 */
export function MoveMenu({ task, role, onMove, target, opened, onChange }: MoveMenuProps) {
  const { moves, instead } = moveChoices({ role }, task);
  if (moves.length === 0) {
    return (
      <Popover position="bottom-end" width={280} shadow="md" withinPortal opened={opened} onChange={onChange}>
        <Popover.Target>{target}</Popover.Target>
        <Popover.Dropdown aria-label="Moving this task">
          <Text size="xs" fw={600} c="dimmed" mb={4}>
            Move to…
          </Text>
          <Text size="sm">{instead}</Text>
        </Popover.Dropdown>
      </Popover>
    );
  }
  return (
    <Menu position="bottom-end" width={280} shadow="md" withinPortal opened={opened} onChange={onChange}>
      <Menu.Target>{target}</Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Move to…</Menu.Label>
        {moves.map((move) => (
          <Menu.Item key={move.to} onClick={() => onMove(move.to)} leftSection={<IconArrowsMove size={14} aria-hidden="true" />}>
            {move.label}
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
  task: BoardTask;
  /** The task's reference in the agency's words, e.g. "WEB-318". */
  reference: string;
  role: "client" | "agent" | "admin";
  /** The combined board names the client on each card. */
  showAccount: boolean;
  agencyName: string;
  onMove: (to: TStage) => void;
  /** Set just after a drag ends, so the drop does not also open the card. */
  suppressClick?: () => boolean;
  busy?: boolean;
}

/** The card icons, defined once per board (see CardIconSprite) and drawn by reference. */
type CardIcon = "grip" | "dots" | "calendar" | "message" | "paperclip";
const ICONS: Record<CardIcon, ComponentType<{ size?: number }>> = {
  grip: IconGripVertical,
  dots: IconDotsVertical,
  calendar: IconCalendarDue,
  message: IconMessageCircle,
  paperclip: IconPaperclip,
};

/**
 * One hidden SVG with each card icon as a symbol. A thousand cards drawing five icons each would
 * otherwise create tens of thousands of SVG elements; a `<use>` is two.
 */
export function CardIconSprite() {
  return (
    <svg aria-hidden="true" style={{ position: "absolute", width: 0, height: 0, overflow: "hidden" }}>
      <title>Card icons</title>
      {(Object.keys(ICONS) as CardIcon[]).map((name) => {
        const Icon = ICONS[name];
        return (
          <symbol key={name} id={`card-icon-${name}`} viewBox="0 0 24 24">
            <Icon size={24} />
          </symbol>
        );
      })}
    </svg>
  );
}

function Icon({ name, large }: { name: CardIcon; large?: boolean }) {
  return (
    <svg className={large ? classes.icon16 : classes.icon} aria-hidden="true" focusable="false">
      <use href={`#card-icon-${name}`} />
    </svg>
  );
}

/** "💬 3" on screen, "3 comments" to a screen reader. */
function Count({ icon, value, noun }: { icon: ReactNode; value: number; noun: string }) {
  return (
    <span className={classes.count}>
      {icon}
      {value}
      <span className={classes.srOnly}> {noun}</span>
    </span>
  );
}

/**
 * The card's "Move to…" button. The menu itself mounts on first use: a board of a thousand
 * cards would otherwise build a thousand menus nobody opened.
 */
function LazyMoveMenu({
  task,
  reference,
  role,
  onMove,
}: {
  task: MovableTask;
  reference: string;
  role: Role;
  onMove: (to: TStage) => void;
}) {
  const [armed, setArmed] = useState(false);
  const [opened, setOpened] = useState(false);
  const button = (
    <button
      type="button"
      className={classes.iconButton}
      aria-label={`Move ${reference} to…`}
      // A menu of moves, or (when none is open to this person) a short note of what to do instead.
      aria-haspopup={moveChoices({ role }, task).moves.length === 0 ? "dialog" : "menu"}
      onClick={
        armed
          ? undefined
          : () => {
              setArmed(true);
              setOpened(true);
            }
      }
    >
      <Icon name="dots" large />
    </button>
  );
  if (!armed) return button;
  return <MoveMenu task={task} role={role} onMove={onMove} target={button} opened={opened} onChange={setOpened} />;
}

type Role = "client" | "agent" | "admin";

/** A card on the board: number, summary, request type, deadline, who has it, comments and files. */
export const TaskCard = memo(function TaskCard({
  task,
  reference,
  role,
  showAccount,
  agencyName,
  onMove,
  suppressClick,
  busy,
  ...drag
}: TaskCardProps) {
  const deadline = deadlineState(task.deadline, task.stage);
  const quote = task.quote !== "none" && task.stage === "requested" ? QUOTE_LABELS[task.quote] : null;
  return (
    <article
      ref={drag.cardRef}
      aria-labelledby={`task-${task.id}-title`}
      className={classes.card}
      data-draggable={drag.cardListeners ? true : undefined}
      data-dragging={drag.dragging ? true : undefined}
      style={{ ...drag.style, opacity: busy ? 0.6 : drag.style?.opacity }}
      {...drag.cardListeners}
    >
      <div className={classes.top}>
        <div className={classes.heading}>
          <div className={classes.meta}>
            <span className={classes.number}>{reference}</span>
            {showAccount ? (
              <span className={classes.account} title={task.account.name}>
                {task.account.name}
              </span>
            ) : null}
          </div>
          <Link
            id={drag.dragging ? undefined : `task-${task.id}-title`}
            to={`/work-requests/${task.id}`}
            className={classes.title}
            title={task.summary.length > 80 ? task.summary : undefined}
            onClick={(event) => {
              if (suppressClick?.()) event.preventDefault();
            }}
          >
            {task.summary}
          </Link>
        </div>
        <div className={classes.actions}>
          {drag.handleProps ? (
            <button
              type="button"
              className={`${classes.iconButton} ${classes.handle}`}
              aria-label={`Drag ${reference} ${task.summary}`}
              title="Drag, or press Space to pick up and arrow keys to move"
              {...drag.handleProps}
            >
              <Icon name="grip" large />
            </button>
          ) : null}
          <LazyMoveMenu task={task} reference={reference} role={role} onMove={onMove} />
        </div>
      </div>
      {task.review ? (
        <ReviewSummary review={task.review} viewer={{ staff: role !== "client", accountId: task.account.id }} compact />
      ) : null}
      {task.requestType || quote ? (
        <div className={classes.badges}>
          {task.requestType ? (
            <span className={classes.badge} data-color="indigo" title={task.requestType.name}>
              {task.requestType.name}
            </span>
          ) : null}
          {quote ? (
            <span className={classes.badge} data-color={quote.color}>
              {quote.label}
            </span>
          ) : null}
        </div>
      ) : null}
      <div className={classes.footer}>
        <span className={classes.owner}>
          {task.assignee ? (
            <span className={classes.avatar} role="img" aria-label={handledBy(task.assignee)} title={handledBy(task.assignee)}>
              {initials(task.assignee.name)}
            </span>
          ) : null}
          {ownerLabel(STAGE_OWNER[task.stage], role === "client", agencyName)}
        </span>
        <span className={classes.counts}>
          {task.deadline ? (
            <span className={`${classes.count} ${deadline === "overdue" ? classes.overdue : ""}`}>
              <Icon name="calendar" />
              {deadline === "overdue" ? "Overdue · " : deadline === "today" ? "Due today · " : "Due "}
              {formatDay(task.deadline)}
            </span>
          ) : null}
          <Count icon={<Icon name="message" />} value={task.commentCount} noun="comments" />
          <Count icon={<Icon name="paperclip" />} value={task.fileCount} noun="attachments" />
        </span>
      </div>
    </article>
  );
});
