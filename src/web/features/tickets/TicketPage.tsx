import { Anchor, Grid, Stack, Title } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { Link, useParams } from "react-router";
import type { TTicketDetail } from "../../../common/tickets";
import { useReferences } from "../../api/branding";
import { isStaff, useMe } from "../../api/session";
import { detailStates } from "../../components/DetailStates";
import { PageHeader } from "../../components/PageHeader";
import { useMarkReadOnOpen } from "../notifications/api";
import { useTicket } from "./api";
import { CloseTicketButton, ReopenForm } from "./CloseReopen";
import { ReplyBox } from "./ReplyBox";
import { TicketControls, TicketFacts, TicketMeta } from "./TicketDetails";
import { TicketTimeline } from "./Timeline";

const back = (
  <Anchor component={Link} to="/tickets" size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
    <IconArrowLeft size={14} aria-hidden="true" /> Support Tickets
  </Anchor>
);

/**
 * What can be written under the conversation: on a closed ticket the reopen form (a comment
 * is required), otherwise the comment box — each only when the server's policies allow it.
 */
function Composer({ detail, staff }: { detail: TTicketDetail; staff: boolean }) {
  const { ticket } = detail.data;
  const { policies } = detail;
  if (policies.reopen) return <ReopenForm ticketId={ticket.id} number={ticket.number} />;
  if (policies.reply || policies.note) return <ReplyBox key={ticket.id} ticketId={ticket.id} policies={policies} staff={staff} />;
  return null;
}

function Conversation({ detail, staff }: { detail: TTicketDetail; staff: boolean }) {
  return (
    <Stack gap="lg">
      <section aria-labelledby="conversation-heading">
        <Title order={2} fz="md" mb="sm" id="conversation-heading">
          Conversation
        </Title>
        <TicketTimeline data={detail.data} />
      </section>
      <Composer detail={detail} staff={staff} />
    </Stack>
  );
}

export function TicketPage() {
  const { id = "" } = useParams();
  const user = useMe();
  const staff = isStaff(user);
  const detail = useTicket(id);
  useMarkReadOnOpen("ticket", detail.data?.data.ticket.id);
  const references = useReferences();

  const fallback = detailStates({ query: detail, title: "Ticket", noun: "ticket", back: back });
  if (fallback || !detail.data) return fallback;

  const body = detail.data;
  const { ticket } = body.data;
  return (
    <>
      <PageHeader
        title={`${references.ticket(ticket.number)} · ${ticket.subject}`}
        above={back}
        actions={body.policies.close ? <CloseTicketButton ticket={ticket} /> : undefined}
      />
      <TicketMeta ticket={ticket} staff={staff} />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Conversation detail={body} staff={staff} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            {staff && body.policies.update ? <TicketControls ticket={ticket} /> : null}
            <TicketFacts ticket={ticket} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
