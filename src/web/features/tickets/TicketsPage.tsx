import { Box, Button, Center, Paper, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconHeadset, IconPlus } from "@tabler/icons-react";
import { Link } from "react-router";
import type { TTicketListQuery } from "../../../common/tickets";
import { isStaff, useMe } from "../../api/session";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { useListParams } from "../../lib/useListParams";
import { type TicketListParams, useTickets } from "./api";
import { clearFilters, FILTER_KEYS, TicketFilters } from "./TicketFilters";
import { TicketCards, TicketTable } from "./TicketList";
import { isPriority, isStatus, STATUS_HELP } from "./words";

type List = ReturnType<typeof useListParams<"q">>;

/** The address bar's filters as the API's query. */
function toQuery(list: List, userId: string): TicketListParams {
  const status = list.get("status");
  const priority = list.get("priority");
  const assignee = list.get("assignee");
  const query: TicketListParams = { sort: list.get("sort") === "created" ? "created" : "activity" };
  if (isStatus(status)) query.status = status;
  if (isPriority(priority)) query.priority = priority;
  if (list.get("categoryId")) query.categoryId = list.get("categoryId");
  if (list.get("accountId")) query.accountId = list.get("accountId");
  if (list.get("q")) query.q = list.get("q");
  if (assignee === "none") query.unassigned = true;
  else if (assignee === "me") query.assigneeId = userId;
  else if (assignee) query.assigneeId = assignee;
  return query;
}

/** Clients raise tickets for their own account; staff raise them on a client's behalf. */
export function NewTicketButton({ canCreate }: { canCreate: boolean }) {
  if (!canCreate) return null;
  return (
    <Button component={Link} to="/tickets/new" leftSection={<IconPlus size={16} aria-hidden="true" />}>
      New Ticket
    </Button>
  );
}

export function TicketsPage() {
  const user = useMe();
  const staff = isStaff(user);
  const canCreate = staff || Boolean(user.accountId);
  const list = useListParams("q");
  const query = toQuery(list, user.id);
  const tickets = useTickets(query);
  const mobile = useMediaQuery("(max-width: 47.99em)", false, { getInitialValueInEffect: false });
  const filtered = Boolean(list.get("q")) || FILTER_KEYS.some((key) => list.get(key));
  const rows = tickets.data?.pages.flatMap((page) => page.data) ?? [];
  const sort: NonNullable<TTicketListQuery["sort"]> = query.sort ?? "activity";

  return (
    <>
      <PageHeader
        title="Support Tickets"
        description={`${staff ? "Support requests from your clients." : "The support tickets you have raised with the team."} ${STATUS_HELP}`}
        actions={<NewTicketButton canCreate={canCreate} />}
      />
      <Paper p={0}>
        <TicketFilters list={list} user={user} />
        {tickets.isPending ? (
          <TableSkeleton />
        ) : tickets.isError ? (
          <Box p="md">
            <QueryError error={tickets.error} onRetry={() => void tickets.refetch()} />
          </Box>
        ) : rows.length === 0 ? (
          <EmptyState
            title={filtered ? "No matching tickets" : "No support tickets yet"}
            icon={<IconHeadset size={26} />}
            withBorder={false}
            action={
              filtered ? (
                <Button variant="default" onClick={() => clearFilters(list)}>
                  Clear filters
                </Button>
              ) : (
                <NewTicketButton canCreate={canCreate} />
              )
            }
          >
            {filtered
              ? "No ticket matches these filters."
              : staff
                ? "Tickets raised by your clients will appear here, newest activity first."
                : "When you need help, click “New Ticket”, describe the issue and attach any screenshots. Your tickets and every reply will appear here."}
          </EmptyState>
        ) : (
          <>
            {mobile ? <TicketCards tickets={rows} staff={staff} sort={sort} /> : <TicketTable tickets={rows} staff={staff} sort={sort} />}
            <Center p="md" style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
              {tickets.hasNextPage ? (
                <Button variant="default" onClick={() => void tickets.fetchNextPage()} loading={tickets.isFetchingNextPage}>
                  Load more tickets
                </Button>
              ) : (
                <Text size="sm" c="dimmed">
                  {rows.length === 1 ? "1 ticket" : `${rows.length} tickets`}
                </Text>
              )}
            </Center>
          </>
        )}
      </Paper>
    </>
  );
}
