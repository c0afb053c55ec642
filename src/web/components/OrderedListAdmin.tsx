import { ActionIcon, Badge, Box, Button, Flex, Group, Modal, Paper, Skeleton, Stack, Switch, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowDown, IconArrowUp, IconPencil, IconPlus } from "@tabler/icons-react";
import type { UseMutationResult, UseQueryResult } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { errorMessage } from "../api/client";
import { EmptyState, QueryError } from "./States";

/** A named entry an admin orders and switches off, such as a ticket category or a request type. */
export interface OrderedItem {
  id: string;
  name: string;
  position: number;
  disabled: boolean;
}

/** What the admin's update endpoints for such lists accept. */
export interface OrderedItemPatch {
  id: string;
  name?: string;
  position?: number;
  disabled?: boolean;
}

/** Position first, then name: the order the people choosing from the list see. */
export function byPosition<T extends { position: number; name: string }>(a: T, b: T): number {
  return a.position - b.position || a.name.localeCompare(b.name);
}

/**
 * The two writes that swap the item at `index` with its neighbour (`by` −1 up, +1 down) in a
 * list sorted by `byPosition`, or null at either end. When both share a position (older rows),
 * the list indexes are written instead, so either reading of `position` gives the new order.
 */
export function swapWithNeighbour<T extends { id: string; position: number }>(
  items: readonly T[],
  index: number,
  by: -1 | 1,
): [{ id: string; position: number }, { id: string; position: number }] | null {
  const a = items[index];
  const b = items[index + by];
  if (!a || !b) return null;
  const same = a.position === b.position;
  return [
    { id: a.id, position: same ? index + by : b.position },
    { id: b.id, position: same ? index : a.position },
  ];
}

/** "Move X up" / "Move X down" for one row of an ordered list. */
export function UpDownButtons(props: { name: string; index: number; count: number; disabled: boolean; onMove: (by: -1 | 1) => void }) {
  return (
    <>
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={`Move ${props.name} up`}
        disabled={props.index === 0 || props.disabled}
        onClick={() => props.onMove(-1)}
      >
        <IconArrowUp size={16} aria-hidden="true" />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={`Move ${props.name} down`}
        disabled={props.index === props.count - 1 || props.disabled}
        onClick={() => props.onMove(1)}
      >
        <IconArrowDown size={16} aria-hidden="true" />
      </ActionIcon>
    </>
  );
}

export interface OrderedListAdminProps<T extends OrderedItem> {
  /** The admin's list (disabled entries included), in any order; shown sorted by `byPosition`. */
  query: UseQueryResult<{ data: T[] }>;
  /** Adds an entry by name. */
  create: UseMutationResult<{ data: T }, Error, string>;
  /** Renames, moves (`position`) or enables/disables an entry. */
  update: UseMutationResult<{ data: T }, Error, OrderedItemPatch>;
  /** Lower case, as in "Add category" and "Category renamed": e.g. "category". */
  singular: string;
  /** Lower case, as in "Loading categories". */
  plural: string;
  /** Label of the add field, e.g. "New category". */
  addLabel: string;
  /** Placeholder of the add field, e.g. "e.g. Website issue". */
  addPlaceholder: string;
  /** The ordered list's accessible name, saying whose order it is. */
  listLabel: string;
  emptyTitle: string;
  emptyText: ReactNode;
  emptyIcon: ReactNode;
  /** The longest name the server accepts. */
  maxNameLength: number;
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

function nameValidator(maxLength: number) {
  return (value: string): string | null => {
    const name = value.trim();
    if (!name) return "Enter a name.";
    return name.length > maxLength ? `Use at most ${maxLength} characters.` : null;
  };
}

type Words = Pick<OrderedListAdminProps<OrderedItem>, "singular" | "addLabel" | "addPlaceholder" | "maxNameLength">;

function AddItem({ create, words }: { create: UseMutationResult<{ data: OrderedItem }, Error, string>; words: Words }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const problem = nameValidator(words.maxNameLength)(name);
    if (problem) return setError(problem);
    setError(null);
    create.mutate(name.trim(), {
      onSuccess: (body) => {
        setName("");
        notifications.show({ color: "green", title: `${capitalize(words.singular)} added`, message: body.data.name });
      },
      onError: (e) => setError(errorMessage(e)),
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Flex direction={{ base: "column", xs: "row" }} align={{ base: "stretch", xs: "flex-start" }} gap="sm">
        <TextInput
          label={words.addLabel}
          placeholder={words.addPlaceholder}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={error}
          style={{ flex: 1 }}
          maw={420}
        />
        <Button
          type="submit"
          mt={{ base: 0, xs: 25 }}
          style={{ alignSelf: "flex-start", flexShrink: 0 }}
          loading={create.isPending}
          leftSection={<IconPlus size={16} aria-hidden="true" />}
        >
          Add {words.singular}
        </Button>
      </Flex>
    </form>
  );
}

interface RenameModalProps {
  item: OrderedItem;
  update: UseMutationResult<{ data: OrderedItem }, Error, OrderedItemPatch>;
  words: Words;
  onClose: () => void;
}

function RenameModal({ item, update, words, onClose }: RenameModalProps) {
  const [name, setName] = useState(item.name);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const problem = nameValidator(words.maxNameLength)(name);
    if (problem) return setError(problem);
    update.mutate(
      { id: item.id, name: name.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: "green", title: `${capitalize(words.singular)} renamed`, message: name.trim() });
          onClose();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={`Rename “${item.name}”`} centered styles={{ title: { overflowWrap: "anywhere" } }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={`${capitalize(words.singular)} name`}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={error}
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save name
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface ItemRowsProps {
  items: OrderedItem[];
  update: UseMutationResult<{ data: OrderedItem }, Error, OrderedItemPatch>;
  words: Words;
  listLabel: string;
}

function ItemRows({ items, update, words, listLabel }: ItemRowsProps) {
  const [renaming, setRenaming] = useState<OrderedItem | null>(null);
  const fail = (e: unknown) => notifications.show({ color: "red", title: "Could not save the change", message: errorMessage(e) });

  /** Swaps positions with the neighbour (two writes, so either reading of `position` works). */
  const move = async (index: number, by: -1 | 1) => {
    const writes = swapWithNeighbour(items, index, by);
    if (!writes) return;
    try {
      await update.mutateAsync(writes[0]);
      await update.mutateAsync(writes[1]);
    } catch (e) {
      fail(e);
    }
  };

  return (
    <>
      <Stack component="ol" gap={0} m={0} p={0} style={{ listStyle: "none" }} aria-label={listLabel}>
        {items.map((item, index) => (
          // On a phone the buttons sit on their own line under the name, so a long name (request
          // types run to 160 characters) wraps over the full width instead of being cut off.
          <Flex
            component="li"
            key={item.id}
            direction={{ base: "column", xs: "row" }}
            align={{ base: "stretch", xs: "center" }}
            justify="space-between"
            gap={{ base: 4, xs: "sm" }}
            py="sm"
            style={{ borderTop: index ? "1px solid var(--mantine-color-gray-2)" : undefined }}
          >
            <Group gap="xs" wrap="nowrap" style={{ flex: "1 1 auto", minWidth: 0 }}>
              <Text fw={500} size="sm" c={item.disabled ? "dimmed" : undefined} style={{ minWidth: 0, overflowWrap: "anywhere" }}>
                {item.name}
              </Text>
              {item.disabled ? (
                <Badge color="gray" style={{ flexShrink: 0 }}>
                  Disabled
                </Badge>
              ) : null}
            </Group>
            <Group gap={4} wrap="nowrap" justify="flex-end" style={{ flexShrink: 0 }}>
              <UpDownButtons
                name={item.name}
                index={index}
                count={items.length}
                disabled={update.isPending}
                onMove={(by) => void move(index, by)}
              />
              <ActionIcon variant="subtle" color="gray" aria-label={`Rename ${item.name}`} onClick={() => setRenaming(item)}>
                <IconPencil size={16} aria-hidden="true" />
              </ActionIcon>
              <Switch
                ml="xs"
                aria-label={`${item.name} enabled`}
                checked={!item.disabled}
                onChange={(event) => {
                  const enabled = event.currentTarget.checked;
                  update.mutate(
                    { id: item.id, disabled: !enabled },
                    {
                      onError: fail,
                      onSuccess: () =>
                        notifications.show({
                          color: "green",
                          title: `${capitalize(words.singular)} ${enabled ? "enabled" : "disabled"}`,
                          message: item.name,
                        }),
                    },
                  );
                }}
              />
            </Group>
          </Flex>
        ))}
      </Stack>
      {renaming ? <RenameModal item={renaming} update={update} words={words} onClose={() => setRenaming(null)} /> : null}
    </>
  );
}

/**
 * The body of an admin page for a short ordered list of names: an add field, then the list with
 * move up/down, rename and an enabled switch per entry. The page supplies the header, the
 * query and mutations, and the words.
 */
export function OrderedListAdmin<T extends OrderedItem>(props: OrderedListAdminProps<T>) {
  const { query, plural } = props;
  const words: Words = props;
  // The pieces only read and write the OrderedItem fields of T.
  const create: UseMutationResult<{ data: OrderedItem }, Error, string> = props.create;
  const update: UseMutationResult<{ data: OrderedItem }, Error, OrderedItemPatch> = props.update;
  const sorted = [...(query.data?.data ?? [])].sort(byPosition);
  return (
    <Stack gap="lg">
      <Paper p="lg">
        <AddItem create={create} words={words} />
      </Paper>
      <Paper px="lg" py="xs">
        {query.isPending ? (
          <Stack gap="sm" py="sm" aria-busy="true" aria-label={`Loading ${plural}`}>
            <Skeleton h={28} />
            <Skeleton h={28} />
            <Skeleton h={28} />
          </Stack>
        ) : query.isError ? (
          <Box py="sm">
            <QueryError error={query.error} onRetry={() => void query.refetch()} />
          </Box>
        ) : sorted.length === 0 ? (
          <EmptyState title={props.emptyTitle} icon={props.emptyIcon} withBorder={false}>
            {props.emptyText}
          </EmptyState>
        ) : (
          <ItemRows items={sorted} update={update} words={words} listLabel={props.listLabel} />
        )}
      </Paper>
    </Stack>
  );
}
