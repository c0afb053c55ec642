import { Anchor, Box, Button, Divider, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { ApiError } from "../../api/client";
import { EmptyState, QueryError } from "../../components/States";
import { formatDateTime } from "../../lib/format";
import { useMail } from "./api";

/** Every http(s) address in a plain-text email, in order, without trailing punctuation. */
export function extractLinks(text: string): string[] {
  const found = text.match(/https?:\/\/[^\s<>"'`]+/g) ?? [];
  const cleaned = found.map((url) => url.replace(/[.,;:!?)\]}>]+$/, ""));
  return [...new Set(cleaned)];
}

function Meta({ label, value }: { label: string; value: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="baseline">
      <Text component="dt" size="sm" c="dimmed" w={48} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} style={{ overflowWrap: "anywhere" }}>
        {value}
      </Text>
    </Group>
  );
}

/** One email: headers, its links as real anchors, the text part, and the HTML part sandboxed. */
export function MailView({ id }: { id: string }) {
  const mail = useMail(id);
  const [showHtml, setShowHtml] = useState(false);
  const articleRef = useRef<HTMLElement>(null);
  const loaded = mail.isSuccess;

  // On narrow screens the message sits below the list: bring it into view once it loads.
  useEffect(() => {
    if (loaded && window.matchMedia("(max-width: 61.99em)").matches) {
      articleRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  }, [loaded]);

  if (mail.isPending) {
    return (
      <Paper p="lg" aria-busy="true" aria-label="Loading email">
        <Stack>
          <Skeleton h={24} w="60%" />
          <Skeleton h={14} w="40%" />
          <Skeleton h={160} />
        </Stack>
      </Paper>
    );
  }
  if (mail.isError) {
    if (mail.error instanceof ApiError && mail.error.status === 404) {
      return <EmptyState title="Email not found">It may have been removed.</EmptyState>;
    }
    return <QueryError error={mail.error} onRetry={() => void mail.refetch()} />;
  }

  const message = mail.data.data;
  const links = extractLinks(message.text);
  return (
    <Paper p="lg" component="article" aria-labelledby="mail-subject" ref={articleRef} style={{ scrollMarginTop: 76 }}>
      <Title order={2} fz="lg" id="mail-subject" style={{ overflowWrap: "anywhere" }}>
        {message.subject}
      </Title>
      <Stack component="dl" gap={2} mt="sm" mb={0}>
        <Meta label="From" value={message.from} />
        <Meta label="To" value={message.to} />
        <Meta label="Sent" value={formatDateTime(message.createdAt)} />
      </Stack>

      {links.length > 0 ? (
        <Box mt="lg" p="md" bg="indigo.0" style={{ borderRadius: "var(--mantine-radius-md)" }}>
          <Title order={3} fz="sm" mb="xs">
            Links in this email
          </Title>
          <Stack component="ul" gap={6} m={0} pl="md">
            {links.map((url) => (
              <li key={url}>
                <Anchor href={url} size="sm" style={{ overflowWrap: "anywhere" }} c="indigo.9">
                  {url}
                </Anchor>
              </li>
            ))}
          </Stack>
        </Box>
      ) : null}

      <Divider my="lg" />
      <Title order={3} fz="sm" mb="xs">
        Text version
      </Title>
      <Box
        component="pre"
        m={0}
        p="md"
        fz="sm"
        bg="gray.0"
        style={{
          whiteSpace: "pre-wrap",
          overflowWrap: "anywhere",
          fontFamily: "var(--mantine-font-family-monospace)",
          borderRadius: "var(--mantine-radius-md)",
          border: "1px solid var(--mantine-color-gray-3)",
        }}
      >
        {message.text}
      </Box>

      {message.html ? (
        <>
          <Group justify="space-between" mt="lg" mb="xs">
            <Title order={3} fz="sm">
              HTML version
            </Title>
            <Button size="xs" variant="default" aria-expanded={showHtml} aria-controls="mail-html" onClick={() => setShowHtml((v) => !v)}>
              {showHtml ? "Hide HTML version" : "Show HTML version"}
            </Button>
          </Group>
          {/* Rendered on request only: the text part above carries the same content and links. */}
          {showHtml ? (
            // Why sandbox="": the email's HTML must not run scripts, submit forms or navigate the app.
            <iframe
              id="mail-html"
              title={`HTML version of “${message.subject}”`}
              sandbox=""
              srcDoc={message.html}
              style={{
                width: "100%",
                height: 420,
                border: "1px solid var(--mantine-color-gray-3)",
                borderRadius: "var(--mantine-radius-md)",
                background: "white",
              }}
            />
          ) : null}
        </>
      ) : null}
    </Paper>
  );
}
