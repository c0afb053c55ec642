import { Box, Button, Collapse, Group, NativeSelect, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconAdjustments, IconSearch } from "@tabler/icons-react";
import type { TMe } from "../../../common/schemas";
import { isStaff } from "../../api/session";
import { ClientSelect } from "../../components/ClientSelect";
import type { useListParams } from "../../lib/useListParams";
import { useUsers } from "../users/api";
import { useCategories } from "./api";
import { PRIORITY_OPTIONS, STATUS_OPTIONS } from "./words";

type ListParams = ReturnType<typeof useListParams<"q">>;

/** The filter keys kept in the address bar (besides the search text `q`). */
export const FILTER_KEYS = ["status", "priority", "categoryId", "accountId", "assignee"] as const;

function AssigneeFilter({ user, value, onChange }: { user: TMe; value: string; onChange: (value: string) => void }) {
  // Only admins may list staff; agents filter by themselves or "Unassigned".
  const admin = user.role === "admin";
  const agents = useUsers({ role: "agent", state: "active" }, { enabled: admin });
  const admins = useUsers({ role: "admin", state: "active" }, { enabled: admin });
  const staff = [...(agents.data?.data ?? []), ...(admins.data?.data ?? [])].filter((person) => person.id !== user.id);
  return (
    <NativeSelect
      label="Assignee"
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={[
        { value: "", label: "Anyone" },
        { value: "me", label: "Assigned to me" },
        { value: "none", label: "Unassigned" },
        ...staff.map((person) => ({ value: person.id, label: person.name })),
      ]}
    />
  );
}

/** Search, status, category, priority, sort — and for staff, client and assignee. Collapsible on phones. */
export function TicketFilters({ list, user }: { list: ListParams; user: TMe }) {
  const staff = isStaff(user);
  const categories = useCategories();
  const mobile = useMediaQuery("(max-width: 47.99em)", false, { getInitialValueInEffect: false });
  const [opened, { toggle }] = useDisclosure(false);
  const active = FILTER_KEYS.filter((key) => list.get(key)).length;
  const select = (key: string) => (event: React.ChangeEvent<HTMLSelectElement>) => list.set({ [key]: event.currentTarget.value || null });

  const sortSelect = (
    <NativeSelect
      label="Sort"
      value={list.get("sort") || "activity"}
      onChange={(event) => list.set({ sort: event.currentTarget.value === "created" ? "created" : null })}
      data={[
        { value: "activity", label: "Newest activity" },
        { value: "created", label: "Newest created" },
      ]}
    />
  );

  const fields = (
    <SimpleGrid cols={{ base: 1, xs: 2, sm: 3, lg: staff ? 5 : 3 }} spacing="sm" pt={mobile ? "sm" : 0}>
      <NativeSelect
        label="Status"
        value={list.get("status")}
        onChange={select("status")}
        data={[{ value: "", label: "All statuses" }, ...STATUS_OPTIONS]}
      />
      <NativeSelect
        label="Category"
        value={list.get("categoryId")}
        onChange={select("categoryId")}
        data={[
          { value: "", label: "All categories" },
          ...(categories.data?.data ?? []).map((category) => ({ value: category.id, label: category.name })),
        ]}
      />
      <NativeSelect
        label="Priority"
        value={list.get("priority")}
        onChange={select("priority")}
        data={[{ value: "", label: "All priorities" }, ...PRIORITY_OPTIONS]}
      />
      {staff ? <ClientSelect clearable value={list.get("accountId")} onChange={(value) => list.set({ accountId: value || null })} /> : null}
      {staff ? (
        <AssigneeFilter user={user} value={list.get("assignee")} onChange={(value) => list.set({ assignee: value || null })} />
      ) : null}
      {mobile ? sortSelect : null}
    </SimpleGrid>
  );

  return (
    <Stack gap={0} p="md">
      <Group gap="sm" wrap="nowrap" align="flex-end">
        <TextInput
          aria-label="Search tickets"
          placeholder="Search tickets"
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          value={list.text}
          onChange={(event) => list.setText(event.currentTarget.value)}
          type="search"
          style={{ flex: 1 }}
          maw={mobile ? undefined : 420}
        />
        {mobile ? (
          <Button
            variant="default"
            onClick={toggle}
            aria-expanded={opened}
            aria-controls="ticket-filters"
            leftSection={<IconAdjustments size={16} aria-hidden="true" />}
          >
            Filters{active ? ` (${active})` : ""}
          </Button>
        ) : (
          <>
            {active || list.get("q") ? (
              <Button variant="subtle" onClick={() => clearFilters(list)}>
                Clear filters
              </Button>
            ) : null}
            <Box w={220} ml="auto">
              {sortSelect}
            </Box>
          </>
        )}
      </Group>
      {mobile ? (
        <Collapse in={opened} id="ticket-filters">
          {fields}
        </Collapse>
      ) : (
        <div id="ticket-filters" style={{ marginTop: "var(--mantine-spacing-sm)" }}>
          {fields}
        </div>
      )}
    </Stack>
  );
}

export function clearFilters(list: ListParams) {
  list.setText("");
  list.set({ q: null, sort: null, ...Object.fromEntries(FILTER_KEYS.map((key) => [key, null])) });
}
