import { Button, Group, NativeSelect, NumberInput, Paper, Radio, Skeleton, Stack, Switch, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { Link } from "react-router";
import type { TRegistrationPlacement, TSettings } from "../../../common/schemas";
import { ZSettings } from "../../../common/schemas";
import { FormError } from "../../components/FormError";
import { PageHeader } from "../../components/PageHeader";
import { QueryError } from "../../components/States";
import { applyServerError, validateEmail, validatePhone } from "../../lib/forms";
import { atMost, maxLengthOf, patternOf, rangeOf } from "../../lib/limits";
import { useSettings, useUpdateSettings } from "./api";
import { BrandingFields, validateAccent } from "./BrandingFields";

const ARCHIVE_DAYS = rangeOf(ZSettings, "archiveCompletedAfterDays");
const AGENCY_NAME_MAX = maxLengthOf(ZSettings, "agencyName");
/** The shape the server accepts for a reference prefix (after trimming and upper-casing). */
const PREFIX_PATTERN = patternOf(ZSettings, "ticketPrefix");

/** The currencies agencies quote in most; the saved one is added when it is another code. */
const CURRENCIES: Record<string, string> = {
  AUD: "Australian dollar",
  CAD: "Canadian dollar",
  EUR: "Euro",
  GBP: "British pound",
  NZD: "New Zealand dollar",
  USD: "US dollar",
};

function currencyOptions(current: string) {
  const codes = Object.keys(CURRENCIES);
  if (!codes.includes(current)) codes.push(current);
  return codes.sort().map((code) => ({ value: code, label: CURRENCIES[code] ? `${code} – ${CURRENCIES[code]}` : code }));
}

/** Where a new registration lands, in the words an admin decides by. */
const PLACEMENTS: { value: TRegistrationPlacement; label: string; description: string }[] = [
  {
    value: "agency",
    label: "Wait for the agency to place them",
    description: "An administrator chooses the client account (or creates one) when approving the registration.",
  },
  {
    value: "domain",
    label: "Join the account whose email domain matches",
    description: "List a company's domains on its client account (e.g. doebakery.com); anyone else waits to be placed.",
  },
  {
    value: "own",
    label: "Create their own account",
    description: "A new client account named after the company they give. A name that is already an account's waits to be placed.",
  },
];

function validatePrefix(value: string): string | null {
  return PREFIX_PATTERN.test(value.trim().toUpperCase()) ? null : "Use 2 to 6 letters or digits, starting with a letter (e.g. SUP).";
}

/** The form's values: a NumberInput holds "" while it is empty. */
type Values = Omit<TSettings, "archiveCompletedAfterDays"> & { archiveCompletedAfterDays: number | string };

function validateArchiveDays(value: number | string): string | null {
  if (value === "") return "Enter the number of days after which completed tasks are archived.";
  if (typeof value !== "number" || !Number.isInteger(value)) return "Enter a whole number of days.";
  if (value < ARCHIVE_DAYS.min) return `Archive completed tasks after at least ${ARCHIVE_DAYS.min} day.`;
  return value > ARCHIVE_DAYS.max ? `Use at most ${ARCHIVE_DAYS.max} days (about ten years).` : null;
}

function SettingsForm({ settings }: { settings: TSettings }) {
  const update = useUpdateSettings();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: "uncontrolled",
    initialValues: settings,
    validate: {
      agencyName: (value) =>
        !value.trim() ? "Enter the agency name." : value.trim().length > AGENCY_NAME_MAX ? atMost(AGENCY_NAME_MAX) : null,
      archiveCompletedAfterDays: validateArchiveDays,
      accentColor: validateAccent,
      supportEmail: (value) => (value.trim() && validateEmail(value) ? validateEmail(value) : null),
      supportPhone: (value) => (value.trim() ? (validatePhone(value) ?? null) : null),
      supportAddress: (value) => (value.trim() && validateEmail(value) ? validateEmail(value) : null),
      ticketPrefix: validatePrefix,
      taskPrefix: (value, values) =>
        validatePrefix(value) ??
        (value.trim().toUpperCase() === values.ticketPrefix.trim().toUpperCase()
          ? "Use a different prefix from tickets, so the references cannot be confused."
          : null),
    },
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    update.mutate(
      {
        agencyName: values.agencyName.trim(),
        requireApproval: values.requireApproval,
        registrationPlacement: values.registrationPlacement,
        archiveCompletedAfterDays: Number(values.archiveCompletedAfterDays),
        defaultCurrency: values.defaultCurrency,
        accentColor: values.accentColor,
        logoFileId: values.logoFileId,
        senderName: values.senderName.trim(),
        supportEmail: values.supportEmail.trim(),
        supportPhone: values.supportPhone.trim(),
        supportHours: values.supportHours.trim(),
        poweredBy: values.poweredBy,
        supportAddress: values.supportAddress.trim(),
        acknowledgeNewTickets: values.acknowledgeNewTickets,
        ticketPrefix: values.ticketPrefix.trim().toUpperCase(),
        taskPrefix: values.taskPrefix.trim().toUpperCase(),
      },
      {
        onSuccess: () => {
          form.resetDirty();
          notifications.show({ color: "green", title: "Settings saved", message: "Your changes are live." });
        },
        onError: (error) => setFormError(applyServerError(form, error)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <FormError message={formError} />
        <Paper p="lg">
          <Title order={2} fz="md" mb="md">
            Branding
          </Title>
          <Stack gap="md">
            <TextInput
              label="Agency name"
              description="Shown in the header, on the log-in page and in emails."
              required
              maw={480}
              key={form.key("agencyName")}
              {...form.getInputProps("agencyName")}
            />
            <BrandingFields form={form} />
          </Stack>
        </Paper>
        <Paper p="lg">
          <Title order={2} fz="md" mb="md">
            Registration
          </Title>
          <Stack gap="lg">
            <Radio.Group
              label="New registrations"
              description="Which client account someone who registers joins. Whenever they are not placed, they wait in Users as “Awaiting approval” for an administrator to place them."
              key={form.key("registrationPlacement")}
              {...form.getInputProps("registrationPlacement")}
            >
              <Stack gap="xs" mt="xs">
                {PLACEMENTS.map((option) => (
                  <Radio key={option.value} value={option.value} label={option.label} description={option.description} />
                ))}
              </Stack>
            </Radio.Group>
            <Switch
              label="Require admin approval for new registrations"
              description="When on, people who register and confirm their email wait in Users as “Awaiting approval” until an administrator approves them, even when they joined an account."
              key={form.key("requireApproval")}
              {...form.getInputProps("requireApproval", { type: "checkbox" })}
            />
          </Stack>
        </Paper>
        <Paper p="lg">
          <Title order={2} fz="md" mb="md">
            Mail and references
          </Title>
          <Stack gap="md" maw={480}>
            <TextInput
              label="Support address"
              description="Mail to this address from a client's contact opens a new support ticket; mail from anyone else waits in Inbound email. Leave empty to use the address the portal sends from."
              type="email"
              key={form.key("supportAddress")}
              {...form.getInputProps("supportAddress")}
            />
            <Switch
              label="Acknowledge new tickets by email"
              description="The client gets an email with the ticket's reference as soon as a ticket is raised, in the portal or by email."
              key={form.key("acknowledgeNewTickets")}
              {...form.getInputProps("acknowledgeNewTickets", { type: "checkbox" })}
            />
            <Group grow align="flex-start">
              <TextInput
                label="Ticket prefix"
                description="Support tickets read SUP-1042."
                required
                key={form.key("ticketPrefix")}
                {...form.getInputProps("ticketPrefix")}
              />
              <TextInput
                label="Work request prefix"
                description="Website Work Requests read WEB-318."
                required
                key={form.key("taskPrefix")}
                {...form.getInputProps("taskPrefix")}
              />
            </Group>
          </Stack>
        </Paper>
        <Paper p="lg">
          <Title order={2} fz="md" mb="md">
            Website Work Requests
          </Title>
          <Stack gap="md" maw={480}>
            <NumberInput
              label="Archive completed tasks after (days)"
              description="Completed tasks leave the board for the archive this many days after completion, so they do not clog up the board."
              required
              min={ARCHIVE_DAYS.min}
              max={ARCHIVE_DAYS.max}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              key={form.key("archiveCompletedAfterDays")}
              {...form.getInputProps("archiveCompletedAfterDays")}
            />
            <NativeSelect
              label="Default quote currency"
              description="The currency a new quote starts in."
              data={currencyOptions(settings.defaultCurrency)}
              key={form.key("defaultCurrency")}
              {...form.getInputProps("defaultCurrency")}
            />
          </Stack>
        </Paper>
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SettingsPage() {
  const settings = useSettings();
  return (
    <>
      <PageHeader
        title="Settings"
        description="How the portal presents your agency, who may join it, and how Website Work Requests are archived and quoted."
        actions={
          <Button component={Link} to="/admin/settings/billing" variant="default">
            Billing settings
          </Button>
        }
      />
      {settings.isPending ? (
        <Stack aria-busy="true" aria-label="Loading settings">
          <Skeleton h={120} radius="md" />
          <Skeleton h={100} radius="md" />
        </Stack>
      ) : settings.isError ? (
        <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SettingsForm settings={settings.data.data} />
      )}
    </>
  );
}
