import type { ModuleDescriptor } from "../module";
import { COMMENT_FILE_OWNER, commentKind, moveAccountComments } from "./queries";

/** Conversations: the comments (replies and internal notes) every other module's objects carry. */
export const conversationsModule: ModuleDescriptor = {
  name: "conversations",
  accountMerge: moveAccountComments,
  fileOwners: {
    // Why: a client never downloads a file attached to an internal note, on any object.
    [COMMENT_FILE_OWNER]: async (db, actor, file) => actor.role !== "client" || (await commentKind(db, file.owner_id)) === "reply",
  },
};
