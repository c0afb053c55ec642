/** Small pieces the ask pages share: the status badge, "is this time past yet", the back link. */
import { Anchor, Badge } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { ASK_STATUS_LABELS, type TAsk, type TAskStatus } from "../../../common/asks";
import { askKeys } from "./api";

/** The longest a browser timer may wait (about 24.8 days); a later deadline is looked at again then. */
const MAX_TIMEOUT = 2_147_483_647;

/** Whether `iso` has passed, turning true at that moment (a re-render, without polling). */
export function usePast(iso: string | null | undefined): boolean {
  const at = iso ? Date.parse(iso) : Number.NaN;
  const [past, setPast] = useState(() => Number.isFinite(at) && at <= Date.now());
  useEffect(() => {
    if (!Number.isFinite(at)) {
      setPast(false);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | null = null;
    const check = () => {
      const left = at - Date.now();
      setPast(left <= 0);
      if (left > 0) timer = setTimeout(check, Math.min(left + 20, MAX_TIMEOUT));
    };
    check();
    return () => {
      if (timer) clearTimeout(timer);
    };
  }, [at]);
  return past;
}

/**
 * The status as the viewer should read it: an open ask whose deadline has passed is expired even
 * before the server's expiry job has marked it so (the server already refuses answers to it).
 */
export function shownStatus(ask: Pick<TAsk, "status">, late: boolean): TAskStatus {
  return ask.status === "open" && late ? "expired" : ask.status;
}

const STATUS_COLORS: Record<TAskStatus, string> = { open: "orange", answered: "green", expired: "gray", cancelled: "gray" };

export function AskStatusBadge({ status, staff }: { status: TAskStatus; staff: boolean }) {
  // The client is the one asked: "Waiting for the client" is the agency's words.
  const label = !staff && status === "open" ? "Waiting for you" : ASK_STATUS_LABELS[status];
  return (
    <Badge color={STATUS_COLORS[status]} variant={status === "cancelled" ? "outline" : "light"} tt="none">
      {label}
    </Badge>
  );
}

/** The link to an answer's uploaded file (the server checks who may download it). */
export const fileUrl = (fileId: string) => `/api/files/${encodeURIComponent(fileId)}/download`;

export function AsksBackLink({ staff }: { staff: boolean }) {
  return (
    <Anchor component={Link} to="/asks" size="sm" display="inline-flex" style={{ alignItems: "center", gap: 4 }}>
      <IconArrowLeft size={14} aria-hidden="true" /> {staff ? "Codes & confirmations" : "Requests from your agent"}
    </Anchor>
  );
}

/**
 * The deadline of an open ask passed while its page is shown: look again, so the page gets the
 * server's word (no more answers; "Ask again" allowed) without waiting for the expiry job's push.
 */
export function useRefetchWhenLate(ask: Pick<TAsk, "id" | "status">, late: boolean) {
  const queryClient = useQueryClient();
  const open = ask.status === "open";
  useEffect(() => {
    if (!late || !open) return;
    // A moment's grace: the server's clock decides, and it may be a little behind this one.
    const timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: askKeys.detail(ask.id) }), 1500);
    return () => clearTimeout(timer);
  }, [late, open, ask.id, queryClient]);
}
