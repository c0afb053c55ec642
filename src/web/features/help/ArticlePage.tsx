import { Anchor, Paper, Text } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useEffect } from "react";
import { Link, useParams } from "react-router";
import { isAdmin, useMe } from "../../api/session";
import { detailStates } from "../../components/DetailStates";
import { PageHeader } from "../../components/PageHeader";
import { ArticleView } from "./ArticleView";
import { sendHelpSignal, useHelpArticle } from "./api";

/** /help/articles/:id — one FAQ article, its video tutorial and "Was this helpful?". */
export function ArticlePage() {
  const { id = "" } = useParams();
  const user = useMe();
  const article = useHelpArticle(id);
  const loaded = article.data?.data.id;
  // Counted once per visit (the server counts clients only).
  useEffect(() => {
    if (loaded) sendHelpSignal({ kind: "viewed", articleIds: [loaded] });
  }, [loaded]);

  const back = (
    <Anchor component={Link} to="/help" size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
      <IconArrowLeft size={14} aria-hidden="true" /> Help
    </Anchor>
  );
  const states = detailStates({ query: article, title: "Help article", noun: "article", back });
  if (states || !article.data) return states;
  const { data, policies } = article.data;
  return (
    <>
      <PageHeader
        title={data.title}
        above={back}
        actions={
          isAdmin(user) ? (
            <Anchor component={Link} to={`/admin/help-articles/${data.id}`} size="sm">
              Edit the article
            </Anchor>
          ) : undefined
        }
      />
      <Paper p={{ base: "md", sm: "lg" }} maw={820}>
        <ArticleView
          article={data}
          canVote={policies.vote}
          footer={
            user.role === "client" && user.accountId ? (
              <Text size="sm">
                Still have a question?{" "}
                <Anchor component={Link} to="/help#question" size="sm">
                  Send us your questions about the Client Portal
                </Anchor>
                .
              </Text>
            ) : undefined
          }
        />
      </Paper>
    </>
  );
}
