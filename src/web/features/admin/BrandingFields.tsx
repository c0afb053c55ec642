import { Button, ColorInput, FileButton, Group, Image, Stack, Switch, Text, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { IconPhoto, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { contrastWithWhite, MIN_TEXT_CONTRAST } from "../../../common/colors";
import { type TSettings, ZSettings } from "../../../common/schemas";
import { useBranding } from "../../api/branding";
import { errorMessage } from "../../api/client";
import { uploadFile } from "../../api/files";
import { patternOf } from "../../lib/limits";

/** Accent colours that carry white text (all at least 4.5:1), as quick choices. */
const SWATCHES = ["#4263eb", "#1971c2", "#0b7285", "#2b8a3e", "#5f3dc4", "#a61e4d", "#c92a2a", "#495057"];

/** #rrggbb, as the settings schema has it. */
const ACCENT_PATTERN = patternOf(ZSettings, "accentColor");

/** "White text on #… is hard to read": the same rule the server applies. */
export function validateAccent(value: string): string | null {
  if (!ACCENT_PATTERN.test(value)) return "Enter a colour as #rrggbb.";
  return contrastWithWhite(value) < MIN_TEXT_CONTRAST ? "White text on this colour is hard to read. Choose a darker colour." : null;
}

type BrandingValues = Pick<
  TSettings,
  "accentColor" | "logoFileId" | "senderName" | "supportEmail" | "supportPhone" | "supportHours" | "poweredBy"
>;

/**
 * Settings → Branding: the logo (an image the admin uploads), the accent colour, the name emails
 * come from, the support contact shown on the log-in page, the Help page and every email.
 */
export function BrandingFields<V extends BrandingValues>({ form }: { form: UseFormReturnType<V> }) {
  const branding = useBranding();
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(branding.logoUrl);
  const values = form.getValues();
  const setLogo = (fileId: string | null, url: string | null) => {
    // Why the cast: a generic form's setFieldValue wants V's own key type.
    (form.setFieldValue as (field: string, value: unknown) => void)("logoFileId", fileId);
    setPreview(url);
  };
  const pick = async (file: File | null) => {
    if (!file) return;
    setUploading(true);
    setUploadError(null);
    try {
      const uploaded = await uploadFile(file, () => {});
      setLogo(uploaded.id, URL.createObjectURL(file));
    } catch (error) {
      setUploadError(errorMessage(error));
    } finally {
      setUploading(false);
    }
  };
  return (
    <Stack gap="md" maw={480}>
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          Logo
        </Text>
        <Text size="xs" c="dimmed">
          PNG, JPEG, WebP or GIF; shown in the header and on the log-in page. Without one, the agency's initials are shown.
        </Text>
        <Group gap="sm">
          {values.logoFileId && preview ? <Image src={preview} alt="Current logo" h={40} w="auto" fit="contain" /> : null}
          <FileButton onChange={(file) => void pick(file)} accept="image/png,image/jpeg,image/webp,image/gif">
            {(props) => (
              <Button {...props} variant="default" loading={uploading} leftSection={<IconPhoto size={16} aria-hidden="true" />}>
                {values.logoFileId ? "Replace logo" : "Upload logo"}
              </Button>
            )}
          </FileButton>
          {values.logoFileId ? (
            <Button
              variant="subtle"
              color="red.9"
              leftSection={<IconTrash size={16} aria-hidden="true" />}
              onClick={() => setLogo(null, null)}
            >
              Remove logo
            </Button>
          ) : null}
        </Group>
        {uploadError ? (
          <Text size="sm" c="red.9" role="alert">
            {uploadError}
          </Text>
        ) : null}
      </Stack>
      <ColorInput
        label="Accent colour"
        description="Buttons, links and the active navigation item. It must be dark enough for white text."
        format="hex"
        eyeDropperButtonProps={{ "aria-label": "Pick a colour from the screen" }}
        swatches={SWATCHES}
        swatchesPerRow={8}
        key={form.key("accentColor")}
        {...form.getInputProps("accentColor")}
      />
      <TextInput
        label="Email sender name"
        description="Optional. The name emails come from; empty: the agency name."
        key={form.key("senderName")}
        {...form.getInputProps("senderName")}
      />
      <TextInput
        label="Support email"
        description="Optional. Shown on the Help page, the log-in page and in every email."
        type="email"
        key={form.key("supportEmail")}
        {...form.getInputProps("supportEmail")}
      />
      <TextInput
        label="Support phone"
        description="Optional."
        type="tel"
        key={form.key("supportPhone")}
        {...form.getInputProps("supportPhone")}
      />
      <TextInput
        label="Support hours"
        description="Optional, in your words, e.g. Mon–Fri 9:00–17:00 AWST."
        key={form.key("supportHours")}
        {...form.getInputProps("supportHours")}
      />
      <Switch
        label="Show “Powered by Portico”"
        description="Under the log-in page and at the foot of emails."
        key={form.key("poweredBy")}
        {...form.getInputProps("poweredBy", { type: "checkbox" })}
      />
    </Stack>
  );
}
