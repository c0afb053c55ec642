import { AspectRatio, Badge, Box, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconExternalLink, IconThumbDown, IconThumbUp } from "@tabler/icons-react";
import type { THelpArticle, THelpVideo } from "../../../common/help";
import { errorMessage } from "../../api/client";
import { Markdown } from "../../components/Markdown";
import { formatDate } from "../../lib/format";
import { useVote } from "./api";

/**
 * An article's video tutorial: an uploaded file plays in the browser's own player; a YouTube or
 * Vimeo link in their privacy-friendly players (youtube-nocookie.com, player.vimeo.com — the
 * only frames the page's Content-Security-Policy allows); any other https link is a plain link.
 */
export function ArticleVideo({ video, title }: { video: THelpVideo; title: string }) {
  if (!video) return null;
  if (video.kind === "file") {
    return (
      <Box>
        {/* biome-ignore lint/a11y/useMediaCaption: the article's text says what the tutorial shows; admins upload no caption tracks. */}
        <video
          controls
          preload="metadata"
          src={video.file.url}
          style={{ width: "100%", maxHeight: 480, borderRadius: 8, background: "#000" }}
        >
          <a href={video.file.url}>Download the video ({video.file.name})</a>
        </video>
      </Box>
    );
  }
  if (video.embedUrl) {
    return (
      <AspectRatio ratio={16 / 9}>
        <iframe
          src={video.embedUrl}
          title={`Video tutorial: ${title}`}
          allow="fullscreen; picture-in-picture; encrypted-media"
          allowFullScreen
          referrerPolicy="strict-origin-when-cross-origin"
          loading="lazy"
          style={{ border: 0, borderRadius: 8 }}
        />
      </AspectRatio>
    );
  }
  return (
    <Button
      component="a"
      href={video.url}
      target="_blank"
      rel="noopener noreferrer"
      variant="light"
      leftSection={<IconExternalLink size={16} aria-hidden="true" />}
    >
      Watch the video
    </Button>
  );
}

/** "Was this helpful?" Yes / No: one vote per person, changeable; the counts beside. */
function HelpfulVote({ article }: { article: THelpArticle }) {
  const vote = useVote();
  const cast = (helpful: boolean) =>
    vote.mutate(
      { id: article.id, helpful },
      { onError: (error) => notifications.show({ color: "red", title: "Your answer was not saved", message: errorMessage(error) }) },
    );
  const mine = article.helpful.mine;
  return (
    <Paper p="md" withBorder>
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text fw={600} size="sm" id={`helpful-${article.id}`}>
          Was this helpful?
        </Text>
        <Group gap="xs" role="group" aria-labelledby={`helpful-${article.id}`}>
          <Button
            size="xs"
            variant={mine === true ? "filled" : "default"}
            aria-pressed={mine === true}
            leftSection={<IconThumbUp size={14} aria-hidden="true" />}
            onClick={() => cast(true)}
            loading={vote.isPending && vote.variables?.helpful === true}
          >
            Yes ({article.helpful.yes})
          </Button>
          <Button
            size="xs"
            variant={mine === false ? "filled" : "default"}
            aria-pressed={mine === false}
            leftSection={<IconThumbDown size={14} aria-hidden="true" />}
            onClick={() => cast(false)}
            loading={vote.isPending && vote.variables?.helpful === false}
          >
            No ({article.helpful.no})
          </Button>
        </Group>
      </Group>
      {mine !== null ? (
        <Text size="xs" c="dimmed" mt={6} aria-live="polite">
          Thank you for your answer. You can change it at any time.
        </Text>
      ) : null}
    </Paper>
  );
}

/** One article: category, words, video, pictures (in the words), and the vote. */
export function ArticleView({
  article,
  canVote,
  headingOrder = 2,
  footer,
}: {
  article: THelpArticle;
  canVote: boolean;
  headingOrder?: 2 | 3;
  /** What follows the vote (the article page: a way to ask when the article did not answer). */
  footer?: React.ReactNode;
}) {
  return (
    <Stack gap="md">
      <Group gap="xs">
        <Badge variant="light">{article.category.name}</Badge>
        {!article.published ? (
          <Badge color="gray" variant="outline">
            Draft
          </Badge>
        ) : null}
        <Text size="xs" c="dimmed">
          Updated {formatDate(article.updatedAt)}
        </Text>
      </Group>
      {article.video ? (
        <Stack gap={6}>
          <Title order={headingOrder} fz="md">
            Video tutorial
          </Title>
          <ArticleVideo video={article.video} title={article.title} />
        </Stack>
      ) : null}
      <Markdown>{article.body}</Markdown>
      {canVote ? <HelpfulVote article={article} /> : null}
      {footer}
    </Stack>
  );
}
