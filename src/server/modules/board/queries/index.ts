/*
 * The board module owns `tasks`, `task_quotes`, `task_approvals`, `task_stage_periods`,
 * `task_templates` and `request_types` (through the shared catalog); a task's comments live in
 * the conversations module's `comments`. Every query on the board's tables is here, one file per topic; names of people and accounts come from the accounts
 * and clients modules' joinable sources, file names from the files module.
 */
export * from "./board";
export * from "./tasks";
export * from "./templates";
export * from "./timeline";
