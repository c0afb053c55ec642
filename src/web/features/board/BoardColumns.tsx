import {
  type Announcements,
  closestCorners,
  DndContext,
  type DragEndEvent,
  type DragOverEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  type UniqueIdentifier,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ActionIcon, Badge, Button, Group, Paper, Stack, Text, Title, VisuallyHidden } from "@mantine/core";
import { IconArrowsHorizontal, IconBan, IconChevronsLeft, IconChevronsRight, IconTemplate } from "@tabler/icons-react";
import { defaultRangeExtractor, type Range, useWindowVirtualizer } from "@tanstack/react-virtual";
import { memo, type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Link } from "react-router";
import {
  checkMove,
  STAGE_CLIENT_ACTION,
  STAGE_LABELS,
  STAGE_OWNER,
  STAGE_PURPOSE,
  STAGES,
  type TBoard,
  type TStage,
  type TTaskTemplate,
} from "../../../common/board";
import { useReferences } from "../../api/branding";
import { useSession } from "../../api/session";
import { CardIconSprite, TaskCard } from "./TaskCard";
import classes from "./TaskCard.module.css";
import { useTaskMover } from "./useTaskMover";
import {
  type BoardColumn,
  type BoardTask,
  boardFits,
  completedFolded,
  expandBoard,
  type FoldChoice,
  STAGE_COLORS,
  scrollEdges,
} from "./words";

type Role = "client" | "agent" | "admin";
type Columns = Record<TStage, string[]>;

const columnId = (stage: TStage) => `column:${stage}`;
const stageOfColumnId = (id: UniqueIdentifier): TStage | undefined => {
  const stage = String(id).replace(/^column:/, "");
  return String(id).startsWith("column:") && (STAGES as readonly string[]).includes(stage) ? (stage as TStage) : undefined;
};

function columnsOf(board: BoardColumn[]): Columns {
  return Object.fromEntries(board.map((column) => [column.stage, column.tasks.map((t) => t.id)])) as Columns;
}

/** Where the person's choice to fold or unfold COMPLETED is remembered (this browser only). */
const FOLD_KEY = "portico.board.completed";
function readFoldChoice(): FoldChoice | null {
  try {
    const value = window.localStorage.getItem(FOLD_KEY);
    return value === "collapsed" || value === "expanded" ? value : null;
  } catch {
    return null; // storage blocked: fall back to what fits
  }
}
function saveFoldChoice(choice: FoldChoice): void {
  try {
    window.localStorage.setItem(FOLD_KEY, choice);
  } catch {
    // storage blocked: the choice lasts until the page is left
  }
}

/**
 * The board's sideways scrolling: whether all five columns fit (re-measured on resize), and
 * which edges have more columns beyond them (for the fades and the hint).
 */
function useBoardScroll() {
  const ref = useRef<HTMLElement | null>(null);
  const [fits, setFits] = useState(true);
  const [edges, setEdges] = useState({ left: false, right: false });
  const update = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    setFits(boardFits(el.clientWidth));
    const next = scrollEdges(el);
    setEdges((current) => (current.left === next.left && current.right === next.right ? current : next));
  }, []);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    el.addEventListener("scroll", update, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener("scroll", update);
    };
  }, [update]);
  return { ref, fits, edges, update };
}

const SCREEN_READER_INSTRUCTIONS =
  "To move a card, focus its drag handle and press Space or Enter to pick it up. Use the arrow keys to move it within a column or to " +
  "another column, then press Space or Enter to drop it, or Escape to cancel. Each card also has a Move to… menu.";

function TemplateCard({ template }: { template: TTaskTemplate }) {
  return (
    <Paper
      component={Link}
      to={`/work-requests/templates/${template.id}`}
      p="sm"
      style={{ borderStyle: "dashed", borderWidth: 2, textDecoration: "none", color: "inherit", display: "block" }}
      bg="gray.0"
    >
      <Group gap={6} wrap="nowrap" align="flex-start">
        <IconTemplate size={18} aria-hidden="true" style={{ flex: "none", marginTop: 2 }} />
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
            Template Task – {template.name}
          </Text>
          <Text size="xs" c="dimmed">
            Open it and click +Create task from Template.
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}

const SortableCard = memo(function SortableCard(props: {
  task: BoardTask;
  reference: string;
  role: Role;
  showAccount: boolean;
  agencyName: string;
  busy: boolean;
  onMove: (task: BoardTask, to: TStage) => void;
  suppressClick: () => boolean;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: props.task.id });
  // dnd-kit types its listeners as plain Functions; they are the sensors' React event handlers.
  const on = (name: string) => listeners?.[name] as ((event: never) => void) | undefined;
  return (
    <TaskCard
      task={props.task}
      reference={props.reference}
      role={props.role}
      showAccount={props.showAccount}
      agencyName={props.agencyName}
      busy={props.busy}
      onMove={(to) => props.onMove(props.task, to)}
      suppressClick={props.suppressClick}
      cardRef={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition, opacity: isDragging ? 0.35 : 1 }}
      // Mouse and touch drag from anywhere on the card; the keyboard picks it up by its handle.
      cardListeners={{ onMouseDown: on("onMouseDown"), onTouchStart: on("onTouchStart") }}
      handleProps={{ ...attributes, onKeyDown: on("onKeyDown"), ref: setActivatorNodeRef }}
    />
  );
});

/** A card's height before it is measured, and the space between cards (Mantine's `xs`). */
const CARD_ESTIMATE_PX = 116;
const CARD_GAP_PX = 10;
/** Cards drawn beyond each end of the part of a column on screen, so scrolling never shows a gap. */
const OVERSCAN_CARDS = 6;

/**
 * A column's cards, drawn only where the page shows them: a column of 300 cards puts the few
 * on screen (and a handful beyond) in the page, in the first frame, and keeps the column as tall
 * as all of them, so the page scrolls as if every card were there. The card being dragged stays
 * drawn wherever the page has scrolled, so dnd-kit never loses it.
 */
function VirtualCards({ ids, activeId, card }: { ids: string[]; activeId: string | null; card: (id: string) => ReactNode }) {
  const listRef = useRef<HTMLDivElement | null>(null);
  // Where the list starts on the page: the window's scroll position is measured from there.
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const measure = () => {
      const next = Math.round(el.getBoundingClientRect().top + window.scrollY);
      setTop((current) => (current === next ? current : next));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);
  const activeIndex = activeId ? ids.indexOf(activeId) : -1;
  const rangeExtractor = useCallback(
    (range: Range) => {
      const drawn = defaultRangeExtractor(range);
      return activeIndex < 0 || drawn.includes(activeIndex) ? drawn : [...drawn, activeIndex].sort((a, b) => a - b);
    },
    [activeIndex],
  );
  const virtualizer = useWindowVirtualizer({
    count: ids.length,
    estimateSize: () => CARD_ESTIMATE_PX,
    gap: CARD_GAP_PX,
    overscan: OVERSCAN_CARDS,
    scrollMargin: top,
    getItemKey: (index) => ids[index] ?? index,
    rangeExtractor,
  });
  return (
    <div ref={listRef} className={classes.cardList} style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((item) => {
        const id = ids[item.index];
        return id ? (
          <div
            key={item.key}
            data-index={item.index}
            ref={virtualizer.measureElement}
            className={classes.cardSlot}
            style={{ transform: `translateY(${item.start - top}px)` }}
          >
            {card(id)}
          </div>
        ) : null;
      })}
    </div>
  );
}

interface ColumnProps {
  stage: TStage;
  ids: string[];
  total: number;
  shown: number;
  tasks: Map<string, BoardTask>;
  templates: TTaskTemplate[];
  role: Role;
  agencyName: string;
  showAccount: boolean;
  blocked: string | null;
  movingId: string | null;
  /** The card being dragged, if any. */
  activeId: string | null;
  onMove: (task: BoardTask, to: TStage) => void;
  suppressClick: () => boolean;
  taskRef: (number: number) => string;
  /** COMPLETED only: folded to a strip (`true`), unfolded (`false`); undefined for the other columns. */
  folded?: boolean;
  onFold?: (folded: boolean) => void;
}

function Column(props: ColumnProps) {
  const { stage } = props;
  const { setNodeRef, isOver } = useDroppable({ id: columnId(stage) });
  const client = props.role === "client";
  const owner = STAGE_OWNER[stage] === "client" ? (client ? "You" : "Client") : props.agencyName;
  const headingId = `column-${stage}-heading`;
  const frame = {
    borderTop: `4px solid var(--mantine-color-${STAGE_COLORS[stage]}-6)`,
    outline: props.blocked ? "2px dashed var(--mantine-color-red-7)" : isOver ? "2px solid var(--mantine-color-indigo-4)" : undefined,
  };
  if (props.folded) {
    // Folded: still a drop target (a client's approval can land here), its cards not drawn.
    return (
      <Paper
        component="section"
        aria-labelledby={headingId}
        ref={setNodeRef}
        bg={props.blocked ? "red.0" : "gray.0"}
        p={0}
        className={classes.column}
        style={frame}
      >
        <button type="button" className={classes.strip} aria-expanded={false} onClick={() => props.onFold?.(false)}>
          <IconChevronsLeft size={16} aria-hidden="true" />
          <span className={classes.stripLabel} id={headingId}>
            {STAGE_LABELS[stage]}
          </span>
          <Badge color="gray" variant="light" size="sm">
            {props.total}
            <VisuallyHidden> tasks. Show the column.</VisuallyHidden>
          </Badge>
        </button>
        {props.blocked ? <VisuallyHidden role="status">{props.blocked}</VisuallyHidden> : null}
      </Paper>
    );
  }
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      bg={props.blocked ? "red.0" : "gray.0"}
      p="xs"
      className={classes.column}
      style={frame}
    >
      <Group justify="space-between" gap={4} wrap="nowrap" mb={4}>
        <Title order={2} fz="xs" fw={700} id={headingId} style={{ letterSpacing: 0.3, overflowWrap: "anywhere" }}>
          {STAGE_LABELS[stage]}
        </Title>
        <Group gap={2} wrap="nowrap" style={{ flex: "none" }}>
          <Badge color="gray" variant="light">
            {props.total}
            <VisuallyHidden> tasks</VisuallyHidden>
          </Badge>
          {props.folded === false ? (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-expanded={true}
              aria-label={`Fold ${STAGE_LABELS[stage]} to a narrow strip`}
              title="Fold to a narrow strip"
              onClick={() => props.onFold?.(true)}
            >
              <IconChevronsRight size={16} aria-hidden="true" />
            </ActionIcon>
          ) : null}
        </Group>
      </Group>
      <Text size="xs" c="dimmed">
        <Text span fw={600} inherit c="var(--mantine-color-text)">
          Ownership: {owner}
        </Text>
        {" · "}
        {client ? STAGE_CLIENT_ACTION[stage] : STAGE_PURPOSE[stage]}
      </Text>
      {props.blocked ? (
        <Group gap={6} mt="xs" wrap="nowrap" align="flex-start" role="status">
          <IconBan size={16} aria-hidden="true" color="var(--mantine-color-red-8)" style={{ flex: "none" }} />
          <Text size="xs" c="red.9" fw={600}>
            {props.blocked}
          </Text>
        </Group>
      ) : null}
      <SortableContext id={columnId(stage)} items={props.ids} strategy={verticalListSortingStrategy}>
        <Stack ref={setNodeRef} gap="xs" mt="sm" style={{ flex: 1, minHeight: 80 }}>
          {stage === "requested" ? props.templates.map((template) => <TemplateCard key={template.id} template={template} />) : null}
          {props.ids.length > 0 ? (
            <VirtualCards
              ids={props.ids}
              activeId={props.activeId}
              card={(id) => {
                const task = props.tasks.get(id);
                return task ? (
                  <SortableCard
                    task={task}
                    reference={props.taskRef(task.number)}
                    role={props.role}
                    showAccount={props.showAccount}
                    agencyName={props.agencyName}
                    busy={props.movingId === id}
                    onMove={props.onMove}
                    suppressClick={props.suppressClick}
                  />
                ) : null;
              }}
            />
          ) : (
            <Text size="xs" c="dimmed" ta="center" py="md">
              No tasks here.
            </Text>
          )}
          {props.total > props.shown ? (
            <Text size="xs" c="dimmed" ta="center">
              Showing the first {props.shown} of {props.total}. Choose a client to see their whole column.
            </Text>
          ) : null}
        </Stack>
      </SortableContext>
    </Paper>
  );
}

/**
 * The five columns of the board, with drag and drop between and within them (mouse, touch and
 * keyboard, via dnd-kit) and a "Move to…" menu on every card. Before a card lands in another
 * column the move rules are asked: a column the card may not enter is marked with the reason and
 * the drop is refused there. The new order shows at once; the refetch after the move confirms it.
 */
export function BoardColumns({ data, role, showAccount }: { data: TBoard["data"]; role: Role; showAccount: boolean }) {
  const { data: session } = useSession();
  const agencyName = session?.agencyName ?? "The agency";
  const taskRef = useReferences().task;
  const scroll = useBoardScroll();
  const [foldChoice, setFoldChoice] = useState<FoldChoice | null>(readFoldChoice);
  const folded = completedFolded(foldChoice, scroll.fits);
  const fold = useCallback((next: boolean) => {
    const choice: FoldChoice = next ? "collapsed" : "expanded";
    saveFoldChoice(choice);
    setFoldChoice(choice);
  }, []);
  // The strip changes the columns' widths: look again at what is beyond each edge.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-measure when the fold changes
  useEffect(() => scroll.update(), [folded, scroll.update]);
  const board = useMemo(() => expandBoard(data), [data]);
  const tasks = useMemo(() => new Map(board.flatMap((column) => column.tasks.map((t) => [t.id, t] as const))), [board]);
  const [columns, setColumns] = useState<Columns>(() => columnsOf(board));
  const [activeId, setActiveId] = useState<string | null>(null);
  const [blocked, setBlocked] = useState<{ stage: TStage; reason: string } | null>(null);
  const origin = useRef<TStage | null>(null);
  const droppedAt = useRef(0);
  const blockedRef = useRef(blocked);
  blockedRef.current = blocked;

  // The server's order wins whenever it answers, except while a card is in the air.
  useEffect(() => {
    if (!activeId) setColumns(columnsOf(board));
  }, [board, activeId]);

  const mover = useTaskMover((_task, moved) => {
    if (!moved) setColumns(columnsOf(board));
  });
  // Stable callbacks: every card is memoised, and a board can hold a thousand of them.
  const moverRef = useRef(mover);
  moverRef.current = mover;
  const onMenuMove = useCallback((task: BoardTask, to: TStage) => void moverRef.current.request(task, to), []);
  const suppressClick = useCallback(() => Date.now() - droppedAt.current < 300, []);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const stageOf = (id: UniqueIdentifier): TStage | undefined =>
    stageOfColumnId(id) ?? STAGES.find((stage) => columns[stage].includes(String(id)));
  const refusal = (taskId: string, to: TStage): string | null => {
    const task = tasks.get(taskId);
    if (!task || task.stage === to) return null;
    const check = checkMove({ role }, { stage: task.stage, quote: task.quote, archived: task.archived }, to);
    return check.allowed ? null : check.reason;
  };

  const onDragStart = ({ active }: DragStartEvent) => {
    setActiveId(String(active.id));
    origin.current = stageOf(active.id) ?? null;
  };

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return setBlocked(null);
    const from = stageOf(active.id);
    const to = stageOf(over.id);
    if (!from || !to) return;
    const reason = refusal(String(active.id), to);
    if (reason) return setBlocked({ stage: to, reason });
    setBlocked(null);
    if (from === to) return;
    // Into another column: in the over card's place, or last when over the column itself.
    setColumns((current) => {
      const source = current[from].filter((id) => id !== active.id);
      const target = current[to].filter((id) => id !== active.id);
      const overIndex = target.indexOf(String(over.id));
      target.splice(overIndex >= 0 ? overIndex : target.length, 0, String(active.id));
      return { ...current, [from]: source, [to]: target };
    });
  };

  const reset = () => {
    setActiveId(null);
    setBlocked(null);
    setColumns(columnsOf(board));
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    droppedAt.current = Date.now();
    const id = String(active.id);
    const task = tasks.get(id);
    const refused = blockedRef.current;
    setActiveId(null);
    setBlocked(null);
    const to = stageOf(id);
    if (!task || !over || !to) return reset();
    if (refused && stageOf(over.id) === refused.stage) {
      reset();
      mover.request(task, refused.stage); // explains the refusal; nothing is sent
      return;
    }
    let ids = columns[to];
    const overIndex = ids.indexOf(String(over.id));
    const index = ids.indexOf(id);
    if (overIndex >= 0 && overIndex !== index) {
      ids = arrayMove(ids, index, overIndex);
      setColumns((current) => ({ ...current, [to]: ids }));
    }
    const position = ids.indexOf(id);
    const afterId = position > 0 ? ids[position - 1] : null;
    const before = board.find((c) => c.stage === task.stage)?.tasks.map((t) => t.id) ?? [];
    const unchanged = to === task.stage && (before.indexOf(id) > 0 ? before[before.indexOf(id) - 1] : null) === afterId;
    if (unchanged) return;
    mover.request(task, to, afterId);
  };

  const label = (id: UniqueIdentifier) => {
    const task = tasks.get(String(id));
    return task ? `card ${taskRef(task.number)} ${task.summary}` : "the card";
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${label(active.id)} in ${STAGE_LABELS[stageOf(active.id) ?? "requested"]}.`,
    onDragOver: ({ active, over }) => {
      const to = over ? stageOf(over.id) : undefined;
      if (!to) return `${label(active.id)} is no longer over a column.`;
      const reason = refusal(String(active.id), to);
      if (reason) return `Cannot move to ${STAGE_LABELS[to]}: ${reason}`;
      // Over a card: the place it would take; over the column itself: where it is now.
      const overIndex = columns[to].indexOf(String(over?.id));
      const position = overIndex >= 0 ? overIndex : columns[to].indexOf(String(active.id));
      return `${label(active.id)} is in ${STAGE_LABELS[to]}${position >= 0 ? `, position ${position + 1} of ${columns[to].length}` : ""}.`;
    },
    onDragEnd: ({ active, over }) => {
      const to = over ? stageOf(over.id) : undefined;
      if (!to) return `${label(active.id)} was dropped outside the board and not moved.`;
      const reason = refusal(String(active.id), to);
      return reason ? `Not moved: ${reason}` : `Dropped ${label(active.id)} in ${STAGE_LABELS[to]}.`;
    },
    onDragCancel: ({ active }) => `Move cancelled. ${label(active.id)} is back where it was.`,
  };

  const active = activeId ? tasks.get(activeId) : undefined;
  return (
    <>
      <CardIconSprite />
      <Group gap={6} mb="xs" role="group" aria-label="Jump to a column">
        {board.map((column) => (
          <Button
            key={column.stage}
            size="compact-xs"
            variant="light"
            color={STAGE_COLORS[column.stage]}
            onClick={() => {
              if (column.stage === "completed" && folded) fold(false);
              // After a fold opens, the column is laid out on the next frame.
              requestAnimationFrame(() =>
                document
                  .getElementById(`column-${column.stage}-heading`)
                  ?.closest("section")
                  ?.scrollIntoView({ behavior: "smooth", inline: "start", block: "nearest" }),
              );
            }}
          >
            {STAGE_LABELS[column.stage]} · {column.total}
          </Button>
        ))}
      </Group>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={reset}
        accessibility={{ announcements, screenReaderInstructions: { draggable: SCREEN_READER_INSTRUCTIONS } }}
      >
        <div
          className={classes.boardFrame}
          data-more-left={scroll.edges.left || undefined}
          data-more-right={scroll.edges.right || undefined}
        >
          <section
            ref={scroll.ref}
            aria-label="Board"
            aria-describedby={scroll.edges.right ? "board-scroll-hint" : undefined}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it
            tabIndex={0}
            className={classes.board}
            data-completed-collapsed={folded || undefined}
          >
            {board.map((column) => (
              <Column
                key={column.stage}
                stage={column.stage}
                ids={columns[column.stage]}
                total={column.total}
                shown={column.tasks.length}
                tasks={tasks}
                templates={column.stage === "requested" ? data.templates : []}
                role={role}
                agencyName={agencyName}
                showAccount={showAccount}
                blocked={blocked?.stage === column.stage ? `Cannot move here: ${blocked.reason}` : null}
                movingId={mover.movingId}
                activeId={activeId}
                onMove={onMenuMove}
                suppressClick={suppressClick}
                taskRef={taskRef}
                folded={column.stage === "completed" ? folded : undefined}
                onFold={column.stage === "completed" ? fold : undefined}
              />
            ))}
          </section>
        </div>
        {scroll.edges.right ? (
          <Text id="board-scroll-hint" className={classes.scrollHint} component="p" mt={4} mb={0}>
            <IconArrowsHorizontal size={14} aria-hidden="true" />
            Scroll sideways for more columns
          </Text>
        ) : null}
        <DragOverlay>
          {active ? (
            <TaskCard
              task={active}
              reference={taskRef(active.number)}
              role={role}
              showAccount={showAccount}
              agencyName={agencyName}
              onMove={() => {}}
              dragging
            />
          ) : null}
        </DragOverlay>
      </DndContext>
      {mover.dialog}
    </>
  );
}
