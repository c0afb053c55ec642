import { Anchor, Stack } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { isStaff, useMe } from "../../api/session";
import { detailStates } from "../../components/DetailStates";
import { PageHeader } from "../../components/PageHeader";
import { useSubmission } from "./api";
import { ExportLink, SubmissionFacts, SubmissionView } from "./SubmissionView";

function BackLink({ staff }: { staff: boolean }) {
  return (
    <Anchor
      component={Link}
      to={staff ? "/onboarding/review" : "/onboarding"}
      size="sm"
      display="inline-flex"
      style={{ alignItems: "center", gap: 4 }}
    >
      <IconArrowLeft size={14} aria-hidden="true" /> {staff ? "Onboarding review" : "Onboarding"}
    </Anchor>
  );
}

/** /onboarding/submissions/:id — one submission: the client fills it in, staff review it. */
export function SubmissionPage() {
  const { id = "" } = useParams();
  const staff = isStaff(useMe());
  const query = useSubmission(id);
  const [reloadKey, setReloadKey] = useState(0);
  const back = <BackLink staff={staff} />;
  const fallback = detailStates({ query, title: "Onboarding", noun: "onboarding form", back });
  if (fallback || !query.data) return fallback;
  const detail = query.data;
  const { submission } = detail.data;
  const reload = () => {
    void query.refetch().then(() => setReloadKey((n) => n + 1));
  };
  return (
    <>
      <PageHeader
        title={staff ? `${submission.accountName} · ${submission.formName}` : submission.formName}
        above={back}
        actions={<ExportLink detail={detail} />}
      />
      <Stack gap="lg" mt={-12}>
        <SubmissionFacts detail={detail} />
        <SubmissionView detail={detail} onReload={reload} reloadKey={reloadKey} />
      </Stack>
    </>
  );
}
