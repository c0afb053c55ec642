import { Anchor, Button, FileButton, Group, NativeSelect, Paper, SegmentedControl, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconArrowLeft, IconPhoto, IconUpload } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { TFile } from "../../../../common/conversations";
import { MAX_HELP_TITLE, MAX_VIDEO_URL, type THelpArticle, type TVideoInput, VIDEO_TYPES } from "../../../../common/help";
import { errorMessage } from "../../../api/client";
import { uploadFile } from "../../../api/files";
import { detailStates } from "../../../components/DetailStates";
import { FormError } from "../../../components/FormError";
import { MarkdownField } from "../../../components/MarkdownField";
import { PageHeader } from "../../../components/PageHeader";
import { formatSize } from "../../../lib/format";
import { applyServerError, focusFirstInvalid } from "../../../lib/forms";
import { useCreateArticle, useHelpArticle, useHelpCategories, useUpdateArticle } from "../api";

type VideoKind = TVideoInput["kind"];

interface Values {
  title: string;
  categoryId: string;
  body: string;
  published: boolean;
  videoKind: VideoKind;
  videoUrl: string;
}

const IMAGE_ACCEPT = "image/png,image/jpeg,image/gif,image/webp";

/** Uploads one file with its progress shown by the caller; null when it failed (the notification says why). */
async function uploadOne(file: File, onProgress: (percent: number) => void): Promise<TFile | null> {
  try {
    return await uploadFile(file, (fraction) => onProgress(Math.round(fraction * 100)));
  } catch (error) {
    notifications.show({ color: "red", title: `${file.name} was not uploaded`, message: errorMessage(error) });
    return null;
  } finally {
    onProgress(-1);
  }
}

function ArticleForm({ article }: { article?: THelpArticle }) {
  const navigate = useNavigate();
  const categories = useHelpCategories();
  const create = useCreateArticle();
  const update = useUpdateArticle();
  const [formError, setFormError] = useState<string | null>(null);
  const [imageIds, setImageIds] = useState<string[]>([]);
  const [videoFile, setVideoFile] = useState<TFile | null>(article?.video?.kind === "file" ? article.video.file : null);
  const [progress, setProgress] = useState(-1);
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: {
      title: article?.title ?? "",
      categoryId: article?.category.id ?? "",
      body: article?.body ?? "",
      published: article?.published ?? false,
      videoKind: article?.video?.kind ?? "none",
      videoUrl: article?.video?.kind === "link" ? article.video.url : "",
    },
    validate: {
      title: (v) => (v.trim() ? null : "Give the article a title."),
      categoryId: (v) => (v ? null : "Choose a category."),
      body: (v) => (v.trim() ? null : "Write the article's answer."),
      videoUrl: (v, values) =>
        values.videoKind === "link" && !/^https:\/\/\S+$/i.test(v.trim()) ? "Enter a video address starting with https://." : null,
    },
  });
  const options = (categories.data?.data ?? []).map((c) => ({ value: c.id, label: c.name }));
  // A new article starts in the first category.
  const first = options[0]?.value;
  useEffect(() => {
    if (!article && first && !form.values.categoryId) form.setFieldValue("categoryId", first);
  }, [article, first, form]);

  const addImage = async (file: File | null) => {
    if (!file) return;
    const uploaded = await uploadOne(file, setProgress);
    if (!uploaded) return;
    setImageIds((ids) => [...ids, uploaded.id]);
    const alt = file.name.replace(/\.[^.]+$/, "").replace(/[[\]]/g, "");
    form.setFieldValue("body", `${form.values.body.trimEnd()}\n\n![${alt}](${uploaded.url})\n`);
  };
  const addVideo = async (file: File | null) => {
    if (!file) return;
    const uploaded = await uploadOne(file, setProgress);
    if (uploaded) setVideoFile(uploaded);
  };

  const video = (values: Values): TVideoInput | null => {
    if (values.videoKind === "link") return { kind: "link", url: values.videoUrl.trim() };
    if (values.videoKind === "file") return videoFile ? { kind: "file", fileId: videoFile.id } : null;
    return { kind: "none" };
  };

  const submit = form.onSubmit((values) => {
    setFormError(null);
    const chosen = video(values);
    if (!chosen) {
      setFormError("Upload the video file, or choose “No video”.");
      return;
    }
    const input = {
      title: values.title.trim(),
      categoryId: values.categoryId,
      body: values.body,
      published: values.published,
      video: chosen,
      ...(imageIds.length ? { imageFileIds: imageIds } : {}),
    };
    const done = (id: string) => {
      notifications.show({
        color: "green",
        title: "Article saved",
        message: values.published ? "Clients can read it now." : "Saved as a draft.",
      });
      void navigate(article ? "/admin/help-articles" : `/admin/help-articles/${id}`);
    };
    const onError = (error: unknown) => setFormError(applyServerError(form, error, { "video.url": "videoUrl" }));
    if (article) update.mutate({ id: article.id, patch: input }, { onSuccess: (b) => done(b.data.id), onError });
    else create.mutate(input, { onSuccess: (b) => done(b.data.id), onError });
  }, focusFirstInvalid);

  const uploading = progress >= 0;
  return (
    <Paper p={{ base: "md", sm: "lg" }} maw={900}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput
            label="Title"
            description="The question, as a client would ask it."
            required
            maxLength={MAX_HELP_TITLE}
            {...form.getInputProps("title")}
          />
          <NativeSelect
            label="Category"
            required
            data={[{ value: "", label: categories.isPending ? "Loading…" : "Choose a category" }, ...options]}
            {...form.getInputProps("categoryId")}
          />
          {options.length === 0 && !categories.isPending ? (
            <Text size="sm" c="red">
              Add a category on the{" "}
              <Anchor component={Link} to="/admin/help-articles" size="sm">
                Help articles
              </Anchor>{" "}
              page first.
            </Text>
          ) : null}
          <MarkdownField
            label="Answer"
            description="Formatted text (Markdown). Use Preview to see it as clients will."
            required
            minRows={10}
            value={form.values.body}
            onChange={(value) => form.setFieldValue("body", value)}
            error={form.errors.body}
          />
          <Group gap="sm">
            <FileButton onChange={(f) => void addImage(f)} accept={IMAGE_ACCEPT}>
              {(props) => (
                <Button
                  {...props}
                  variant="default"
                  size="xs"
                  leftSection={<IconPhoto size={14} aria-hidden="true" />}
                  disabled={uploading}
                >
                  Insert a picture
                </Button>
              )}
            </FileButton>
            {uploading ? (
              <Text size="xs" c="dimmed" aria-live="polite">
                Uploading… {progress}%
              </Text>
            ) : null}
          </Group>
          <Stack gap={6}>
            <Text size="sm" fw={500} id="video-kind">
              Video tutorial
            </Text>
            <SegmentedControl
              aria-labelledby="video-kind"
              data={[
                { value: "none", label: "No video" },
                { value: "file", label: "Upload" },
                { value: "link", label: "Link" },
              ]}
              value={form.values.videoKind}
              onChange={(v) => form.setFieldValue("videoKind", v as VideoKind)}
              style={{ alignSelf: "flex-start" }}
            />
            {form.values.videoKind === "file" ? (
              <Group gap="sm">
                <FileButton onChange={(f) => void addVideo(f)} accept={VIDEO_TYPES.join(",")}>
                  {(props) => (
                    <Button {...props} variant="default" leftSection={<IconUpload size={16} aria-hidden="true" />} disabled={uploading}>
                      {videoFile ? "Replace the video" : "Choose a video file"}
                    </Button>
                  )}
                </FileButton>
                <Text size="sm" c="dimmed">
                  {videoFile ? `${videoFile.name} (${formatSize(videoFile.size)})` : "MP4, WebM or Ogg."}
                </Text>
              </Group>
            ) : null}
            {form.values.videoKind === "link" ? (
              <TextInput
                label="Video address"
                description="An https link. YouTube and Vimeo videos play in the article; other links open the video's own page."
                placeholder="https://www.youtube.com/watch?v=…"
                maxLength={MAX_VIDEO_URL}
                {...form.getInputProps("videoUrl")}
              />
            ) : null}
          </Stack>
          <Switch label="Published: clients can read it on the Help page" {...form.getInputProps("published", { type: "checkbox" })} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" component={Link} to="/admin/help-articles">
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending} disabled={uploading}>
              Save the article
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

const back = (
  <Anchor component={Link} to="/admin/help-articles" size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
    <IconArrowLeft size={14} aria-hidden="true" /> Help articles
  </Anchor>
);

/** /admin/help-articles/new and /admin/help-articles/:id — write or change one article. */
export function HelpArticleEditorPage() {
  const { id } = useParams();
  const isNew = !id || id === "new";
  const article = useHelpArticle(isNew ? null : id);
  if (isNew) {
    return (
      <>
        <PageHeader title="New help article" above={back} />
        <ArticleForm />
      </>
    );
  }
  const states = detailStates({ query: article, title: "Help article", noun: "article", back });
  if (states || !article.data) return states;
  return (
    <>
      <PageHeader
        title={`Edit: ${article.data.data.title}`}
        above={back}
        actions={
          article.data.data.published ? (
            <Anchor component={Link} to={`/help/articles/${article.data.data.id}`} size="sm">
              View as clients see it
            </Anchor>
          ) : undefined
        }
      />
      <ArticleForm key={article.data.data.id} article={article.data.data} />
    </>
  );
}
