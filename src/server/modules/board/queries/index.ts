/*
 * The board module owns `tasks`, `task_comments`, `task_quotes`, `task_approvals`,
 * `task_stage_periods`, `task_templates` and `request_types` (through the shared catalog). Every
 * query on them is here, one file per topic; names of people and accounts come from the accounts
 * and clients modules' joinable sources, file names from the files module.
 */
export * from "./board";
export * from "./tasks";
export * from "./templates";
export * from "./timeline";
