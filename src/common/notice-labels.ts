/** A notice's importances and their words, as plain values (no TypeBox): ./notices re-exports them beside the schemas. */
export const NOTICE_IMPORTANCES = ["info", "important"] as const;
export type TNoticeImportance = (typeof NOTICE_IMPORTANCES)[number];
export const NOTICE_IMPORTANCE_LABELS: Record<TNoticeImportance, string> = { info: "Info", important: "Important" };
