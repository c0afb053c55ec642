import { Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconHeadset, IconMail, IconPhone } from "@tabler/icons-react";
import { Link } from "react-router";
import { telHref, useBranding } from "../../api/branding";
import { isAdmin, useMe } from "../../api/session";
import { PageHeader } from "../../components/PageHeader";
import { FaqSection } from "./FaqSection";
import { QuestionBox } from "./QuestionBox";

/**
 * Help (seed 003 §7 "Additional Resources"): the FAQs (search, categories, articles), the video
 * tutorials, the question box, and the support contact in the guide's words, with one-tap email
 * and phone links, and always a way forward — a support ticket — even before the agency has
 * entered a contact.
 */
export function HelpPage() {
  const branding = useBranding();
  const user = useMe();
  const { email, phone, hours } = branding.support;
  const hasContact = Boolean(email || phone);
  // Why clients only: a question becomes a ticket in the asker's own client account.
  const canAsk = user.role === "client" && Boolean(user.accountId);
  return (
    <>
      <PageHeader title="Help" description={`Getting the most out of the ${branding.agencyName} Client Portal.`} />
      <Stack gap="lg" maw={820}>
        <FaqSection canAsk={canAsk} />
        {canAsk ? <QuestionBox /> : null}
        <Paper p="lg">
          <Title order={2} fz="md" mb="xs">
            Support Contact
          </Title>
          <Text size="sm" mb="md">
            If you would like some further help with our Client Portal, please contact us and we can provide a walk-through for you.
          </Text>
          {hasContact ? (
            <Stack gap="xs">
              <Group gap="sm">
                {email ? (
                  <Button component="a" href={`mailto:${email}`} variant="default" leftSection={<IconMail size={16} aria-hidden="true" />}>
                    {email}
                  </Button>
                ) : null}
                {phone ? (
                  <Button component="a" href={telHref(phone)} variant="default" leftSection={<IconPhone size={16} aria-hidden="true" />}>
                    {phone}
                  </Button>
                ) : null}
              </Group>
              {hours ? (
                <Text size="sm" c="dimmed">
                  {hours}
                </Text>
              ) : null}
            </Stack>
          ) : isAdmin(user) ? (
            <Text size="sm" c="dimmed">
              Your clients see your support email and phone here once you add them under{" "}
              <Anchor component={Link} to="/admin/settings" size="sm">
                Settings → Branding
              </Anchor>
              .
            </Text>
          ) : null}
        </Paper>
        <Paper p="lg">
          <Title order={2} fz="md" mb="xs">
            Support Tickets
          </Title>
          <Text size="sm" mb="md">
            For a problem or a question about your website, raise a support ticket: the team answers it there, and you can follow it from
            New to Closed.
          </Text>
          <Button component={Link} to="/tickets/new" leftSection={<IconHeadset size={16} aria-hidden="true" />}>
            New Ticket
          </Button>
        </Paper>
      </Stack>
    </>
  );
}
