import { ActionIcon, Badge, Box, Button, Group, Modal, Paper, Skeleton, Stack, Switch, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowDown, IconArrowUp, IconPencil, IconPlus, IconTags } from "@tabler/icons-react";
import { useState } from "react";
import type { TCategory } from "../../../common/tickets";
import { errorMessage } from "../../api/client";
import { useAdminCategories, useCreateCategory, useUpdateCategory } from "../../api/tickets";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, QueryError } from "../../components/States";

function validateName(value: string): string | null {
  const name = value.trim();
  if (!name) return "Enter a name.";
  return name.length > 80 ? "Use at most 80 characters." : null;
}

function AddCategory() {
  const create = useCreateCategory();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const problem = validateName(name);
    if (problem) return setError(problem);
    setError(null);
    create.mutate(name.trim(), {
      onSuccess: (body) => {
        setName("");
        notifications.show({ color: "green", title: "Category added", message: body.data.name });
      },
      onError: (e) => setError(errorMessage(e)),
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start" gap="sm" wrap="nowrap">
        <TextInput
          label="New category"
          placeholder="e.g. Website issue"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={error}
          style={{ flex: 1 }}
          maw={420}
        />
        <Button type="submit" mt={25} loading={create.isPending} leftSection={<IconPlus size={16} aria-hidden="true" />}>
          Add category
        </Button>
      </Group>
    </form>
  );
}

function RenameModal({ category, onClose }: { category: TCategory; onClose: () => void }) {
  const update = useUpdateCategory();
  const [name, setName] = useState(category.name);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const problem = validateName(name);
    if (problem) return setError(problem);
    update.mutate(
      { id: category.id, name: name.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: "green", title: "Category renamed", message: name.trim() });
          onClose();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={`Rename “${category.name}”`} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Category name"
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

function CategoryRows({ categories }: { categories: TCategory[] }) {
  const update = useUpdateCategory();
  const [renaming, setRenaming] = useState<TCategory | null>(null);
  const fail = (e: unknown) => notifications.show({ color: "red", title: "Could not save the change", message: errorMessage(e) });

  /** Swaps positions with the neighbour (two writes, so either reading of `position` works). */
  const move = async (index: number, by: -1 | 1) => {
    const a = categories[index];
    const b = categories[index + by];
    if (!a || !b) return;
    try {
      await update.mutateAsync({ id: a.id, position: b.position === a.position ? index + by : b.position });
      await update.mutateAsync({ id: b.id, position: b.position === a.position ? index : a.position });
    } catch (e) {
      fail(e);
    }
  };

  return (
    <>
      <Stack component="ol" gap={0} m={0} p={0} style={{ listStyle: "none" }} aria-label="Ticket categories, in the order clients see them">
        {categories.map((category, index) => (
          <Group
            component="li"
            key={category.id}
            justify="space-between"
            wrap="nowrap"
            gap="sm"
            py="sm"
            style={{ borderTop: index ? "1px solid var(--mantine-color-gray-2)" : undefined }}
          >
            <Group gap="xs" style={{ minWidth: 0 }} wrap="nowrap">
              <Text fw={500} size="sm" truncate c={category.disabled ? "dimmed" : undefined}>
                {category.name}
              </Text>
              {category.disabled ? <Badge color="gray">Disabled</Badge> : null}
            </Group>
            <Group gap={4} wrap="nowrap">
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Move ${category.name} up`}
                disabled={index === 0 || update.isPending}
                onClick={() => void move(index, -1)}
              >
                <IconArrowUp size={16} aria-hidden="true" />
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Move ${category.name} down`}
                disabled={index === categories.length - 1 || update.isPending}
                onClick={() => void move(index, 1)}
              >
                <IconArrowDown size={16} aria-hidden="true" />
              </ActionIcon>
              <ActionIcon variant="subtle" color="gray" aria-label={`Rename ${category.name}`} onClick={() => setRenaming(category)}>
                <IconPencil size={16} aria-hidden="true" />
              </ActionIcon>
              <Switch
                ml="xs"
                aria-label={`${category.name} enabled`}
                checked={!category.disabled}
                onChange={(event) => {
                  const enabled = event.currentTarget.checked;
                  update.mutate(
                    { id: category.id, disabled: !enabled },
                    {
                      onError: fail,
                      onSuccess: () =>
                        notifications.show({
                          color: "green",
                          title: enabled ? "Category enabled" : "Category disabled",
                          message: category.name,
                        }),
                    },
                  );
                }}
              />
            </Group>
          </Group>
        ))}
      </Stack>
      {renaming ? <RenameModal category={renaming} onClose={() => setRenaming(null)} /> : null}
    </>
  );
}

export function TicketCategoriesPage() {
  const categories = useAdminCategories();
  const sorted = [...(categories.data?.data ?? [])].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  return (
    <>
      <PageHeader
        title="Ticket categories"
        description="The categories clients choose from when they raise a ticket, in this order. Disabled categories stay on existing tickets but cannot be chosen."
      />
      <Stack gap="lg">
        <Paper p="lg">
          <AddCategory />
        </Paper>
        <Paper px="lg" py="xs">
          {categories.isPending ? (
            <Stack gap="sm" py="sm" aria-busy="true" aria-label="Loading categories">
              <Skeleton h={28} />
              <Skeleton h={28} />
              <Skeleton h={28} />
            </Stack>
          ) : categories.isError ? (
            <Box py="sm">
              <QueryError error={categories.error} onRetry={() => void categories.refetch()} />
            </Box>
          ) : sorted.length === 0 ? (
            <EmptyState title="No categories yet" icon={<IconTags size={26} />} withBorder={false}>
              Add the kinds of issues clients raise, such as “Website issue” or “Billing”.
            </EmptyState>
          ) : (
            <CategoryRows categories={sorted} />
          )}
        </Paper>
      </Stack>
    </>
  );
}
