import { ActionIcon, Button, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconPencil, IconPlus, IconTrash, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { MAX_HELP_CATEGORY_NAME, type THelpCategory } from "../../../../common/help";
import { errorMessage } from "../../../api/client";
import { swapWithNeighbour, UpDownButtons } from "../../../components/OrderedListAdmin";
import { useCreateHelpCategory, useDeleteHelpCategory, useHelpCategories, useUpdateHelpCategory } from "../api";

const failed = (title: string) => (error: unknown) => notifications.show({ color: "red", title, message: errorMessage(error) });

function CategoryRow(props: { category: THelpCategory; index: number; all: THelpCategory[] }) {
  const { category, index, all } = props;
  const update = useUpdateHelpCategory();
  const remove = useDeleteHelpCategory();
  const [editing, setEditing] = useState<string | null>(null);
  const move = async (by: -1 | 1) => {
    const writes = swapWithNeighbour(all, index, by);
    if (!writes) return;
    try {
      for (const w of writes) await update.mutateAsync({ id: w.id, patch: { position: w.position } });
    } catch (error) {
      failed("The category was not moved")(error);
    }
  };
  const rename = () => {
    if (editing === null) return;
    update.mutate(
      { id: category.id, patch: { name: editing } },
      { onSuccess: () => setEditing(null), onError: failed("The category was not renamed") },
    );
  };
  return (
    <Group gap="xs" wrap="nowrap" py={4} style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
      {editing !== null ? (
        <TextInput
          aria-label={`New name for ${category.name}`}
          value={editing}
          maxLength={MAX_HELP_CATEGORY_NAME}
          onChange={(e) => setEditing(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") rename();
            if (e.key === "Escape") setEditing(null);
          }}
          size="xs"
          style={{ flex: 1 }}
          autoFocus
        />
      ) : (
        <Text size="sm" style={{ flex: 1, overflowWrap: "anywhere" }}>
          {category.name}{" "}
          <Text span size="xs" c="dimmed">
            ({category.articleCount === 1 ? "1 article" : `${category.articleCount} articles`})
          </Text>
        </Text>
      )}
      {editing !== null ? (
        <>
          <ActionIcon variant="subtle" aria-label={`Save the name of ${category.name}`} onClick={rename} loading={update.isPending}>
            <IconCheck size={16} aria-hidden="true" />
          </ActionIcon>
          <ActionIcon variant="subtle" color="gray" aria-label="Cancel renaming" onClick={() => setEditing(null)}>
            <IconX size={16} aria-hidden="true" />
          </ActionIcon>
        </>
      ) : (
        <>
          <UpDownButtons name={category.name} index={index} count={all.length} disabled={update.isPending} onMove={(by) => void move(by)} />
          <ActionIcon variant="subtle" color="gray" aria-label={`Rename ${category.name}`} onClick={() => setEditing(category.name)}>
            <IconPencil size={16} aria-hidden="true" />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={category.articleCount > 0 ? `${category.name} has articles and cannot be deleted` : `Delete ${category.name}`}
            disabled={category.articleCount > 0}
            loading={remove.isPending}
            onClick={() => remove.mutate(category.id, { onError: failed("The category was not deleted") })}
          >
            <IconTrash size={16} aria-hidden="true" />
          </ActionIcon>
        </>
      )}
    </Group>
  );
}

/** Help categories, managed inline: add, rename, move up and down, delete when empty. */
export function HelpCategoriesPanel() {
  const categories = useHelpCategories();
  const create = useCreateHelpCategory();
  const [name, setName] = useState("");
  const list = categories.data?.data ?? [];
  const add = (event: React.FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    create.mutate({ name }, { onSuccess: () => setName(""), onError: failed("The category was not added") });
  };
  return (
    <Paper p={{ base: "md", sm: "lg" }}>
      <Title order={2} fz="md" mb="xs">
        Categories
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        The Help page groups articles by these, in this order. A category can be deleted once it has no articles.
      </Text>
      <Stack gap={0} mb="sm">
        {list.length === 0 && !categories.isPending ? <Text size="sm">No categories yet: add one to start writing articles.</Text> : null}
        {list.map((c, i) => (
          <CategoryRow key={c.id} category={c} index={i} all={list} />
        ))}
      </Stack>
      <form onSubmit={add}>
        <Group gap="xs" align="flex-end">
          <TextInput
            label="New category"
            placeholder="e.g. Getting started"
            value={name}
            maxLength={MAX_HELP_CATEGORY_NAME}
            onChange={(e) => setName(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 180 }}
          />
          <Button type="submit" variant="default" loading={create.isPending} leftSection={<IconPlus size={16} aria-hidden="true" />}>
            Add
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
