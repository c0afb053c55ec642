import { Anchor, Button, Grid, Group, SegmentedControl, Stack, Title } from "@mantine/core";
import { IconArrowLeft, IconNews } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { TUpdateKind } from "../../../common/updates";
import { isStaff, useMe } from "../../api/session";
import { ClientSelect } from "../../components/ClientSelect";
import { PageHeader } from "../../components/PageHeader";
import { Pager } from "../../components/Pager";
import { EmptyState, QueryError, TableSkeleton } from "../../components/States";
import { useAccount } from "../clients/api";
import { useUpdates } from "./api";
import { ClientNotes } from "./ClientNotes";
import { PostUpdateForm } from "./PostUpdateForm";
import { UpdateCard } from "./parts";

type KindFilter = "all" | TUpdateKind;

function Feed({ accountId, staff }: { accountId: string | undefined; staff: boolean }) {
  const [kind, setKind] = useState<KindFilter>("all");
  const [page, setPage] = useState(1);
  const feed = useUpdates({ accountId, kind: kind === "all" ? undefined : kind, page });
  return (
    <Stack gap="md" component="section" aria-labelledby="feed-heading">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} fz="lg" id="feed-heading">
          Updates
        </Title>
        <SegmentedControl
          aria-label="Show"
          value={kind}
          onChange={(value) => {
            setKind(value as KindFilter);
            setPage(1);
          }}
          data={[
            { value: "all", label: "All" },
            { value: "update", label: "Work updates" },
            { value: "draft", label: "Drafts" },
          ]}
        />
      </Group>
      {feed.isPending ? <TableSkeleton rows={4} /> : null}
      {feed.isError ? <QueryError error={feed.error} onRetry={() => void feed.refetch()} /> : null}
      {feed.data && feed.data.data.length === 0 ? (
        <EmptyState
          order={3}
          title={kind === "draft" ? "No drafts yet" : "No updates yet"}
          icon={<IconNews size={28} aria-hidden="true" />}
        >
          {staff ? "Post the first update with the form." : "Your agent's updates and drafts for review will appear here."}
        </EmptyState>
      ) : null}
      {feed.data?.data.length ? (
        <Stack component="ul" gap="sm" p={0} m={0}>
          {feed.data.data.map((update) => (
            <UpdateCard key={update.id} update={update} staff={staff} showAccount={staff && !accountId} />
          ))}
        </Stack>
      ) : null}
      {feed.data ? <Pager page={page} total={feed.data.total} pageSize={feed.data.pageSize} onChange={setPage} noun="updates" /> : null}
    </Stack>
  );
}

/** Staff at /updates: every client's feed in their scope, and a way to one client's feed to post. */
function StaffAllUpdates() {
  const navigate = useNavigate();
  const [client, setClient] = useState("");
  return (
    <Stack gap="lg">
      <PageHeader
        title="Updates"
        description="Work updates and drafts for review across your clients. Choose a client to post an update or add staff notes."
        actions={
          <Group align="flex-end" wrap="wrap">
            <ClientSelect value={client} onChange={setClient} label="Client" w={{ base: "100%", sm: 260 }} />
            <Button disabled={!client} onClick={() => navigate(`/clients/${client}/updates`)}>
              Post an update
            </Button>
          </Group>
        }
      />
      <Feed accountId={undefined} staff />
    </Stack>
  );
}

/** Staff at /clients/:id/updates: the client's feed, the "Post an update" form, and the staff notes beside it. */
function StaffClientUpdates({ accountId }: { accountId: string }) {
  const account = useAccount(accountId);
  const name = account.data?.data.account.name;
  return (
    <Stack gap="lg">
      <PageHeader
        title={name ? `Updates for ${name}` : "Client updates"}
        description="What you post here the client sees on their Updates page; staff notes stay with the team."
        above={
          <Anchor component={Link} to={`/clients/${accountId}`} size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
            <IconArrowLeft size={14} aria-hidden="true" /> {name ?? "Client"}
          </Anchor>
        }
        actions={
          <Button component={Link} to={`/clients/${accountId}/deliverables`} variant="default">
            Deliverables
          </Button>
        }
      />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <PostUpdateForm accountId={accountId} />
            <Feed accountId={accountId} staff />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <ClientNotes accountId={accountId} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** "Stay informed": the client's feed of their agent's updates and drafts (newest first), or the staff's view. */
export function UpdatesPage() {
  const { id } = useParams();
  const me = useMe();
  if (isStaff(me)) return id ? <StaffClientUpdates accountId={id} /> : <StaffAllUpdates />;
  return (
    <Stack gap="lg">
      <PageHeader
        title="Updates"
        description="Stay informed: your agent's work updates and drafts for your review. Open a draft to approve it or request edits."
        actions={
          <Button component={Link} to="/deliverables" variant="default">
            Deliverables
          </Button>
        }
      />
      <Feed accountId={undefined} staff={false} />
    </Stack>
  );
}
