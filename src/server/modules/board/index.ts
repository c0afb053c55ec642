import { TASK_EVENTS } from "../../../common/events/board";
import type { ModuleDescriptor } from "../module";
import { boardNextActions } from "./next-actions";
import { taskTopic } from "./notifications";
import { moveAccountTasks, taskById, taskByNumber } from "./queries";
import { boardRoutes } from "./routes";
import { commentFromEmail } from "./tasks";
import { archiveJob } from "./workflow";

/** Website Work Requests: the board, tasks, quotes, the approval gate, templates, the archive. */
export const boardModule: ModuleDescriptor = {
  name: "board",
  accountMerge: moveAccountTasks,
  routes: boardRoutes,
  // Completed work requests leave the board after the admin's number of days; checked hourly.
  jobs: (ctx) => [{ definition: archiveJob(ctx), everyMs: 60 * 60_000 }],
  events: TASK_EVENTS,
  notifications: [taskTopic],
  nextActions: boardNextActions,
  replyTargets: [
    {
      type: "task",
      // "WEB-318" in today's subjects; `[Task #318]` in older ones.
      prefix: (settings) => settings.taskPrefix,
      subjectTag: /\[Task #(\d{1,9})\]/i,
      byId: taskById,
      byNumber: taskByNumber,
      post: (tx, ref, author, reply) => commentFromEmail(tx, { taskId: ref.id, author, ...reply }),
    },
  ],
};
