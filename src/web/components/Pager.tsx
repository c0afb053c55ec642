import { Group, Pagination, Text } from "@mantine/core";

interface PagerProps {
  page: number;
  total: number;
  pageSize: number;
  onChange: (page: number) => void;
  noun?: string;
}

/** "Showing 1–25 of 80" plus page buttons; hidden when everything fits on one page. */
export function Pager({ page, total, pageSize, onChange, noun = "items" }: PagerProps) {
  const pages = Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" px="md" py="sm" gap="sm">
      <Text size="sm" c="dimmed">
        {total === 0 ? `No ${noun}` : `Showing ${first}–${last} of ${total} ${noun}`}
      </Text>
      {pages > 1 ? (
        <Pagination
          total={pages}
          value={page}
          onChange={onChange}
          size="sm"
          getControlProps={(control) => ({
            "aria-label": control === "previous" ? "Previous page" : control === "next" ? "Next page" : undefined,
          })}
        />
      ) : null}
    </Group>
  );
}
