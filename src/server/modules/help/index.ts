import { HELP_EVENTS } from "../../../common/events/help";
import type { ModuleDescriptor } from "../module";
import { readerOf } from "./policy";
import { findReadableArticle } from "./queries";
import { helpRoutes } from "./routes";
import { ARTICLE_FILE_OWNER } from "./service";

/** Help (FAQs): articles in categories with video tutorials, search, votes, suggestions and the question box. */
export const helpModule: ModuleDescriptor = {
  name: "help",
  routes: helpRoutes,
  events: HELP_EVENTS,
  fileOwners: {
    // An article's pictures and video belong to no client account: whoever may read the article
    // (a published one: everyone signed in; a draft: admins) may download them.
    [ARTICLE_FILE_OWNER]: async (db, actor, file) => Boolean(await findReadableArticle(db, readerOf(actor), file.owner_id)),
  },
};
