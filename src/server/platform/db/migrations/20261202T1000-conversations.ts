import { type Kysely, sql } from "kysely";

/**
 * One `comments` table for the conversation on any object, instead of one per kind
 * (`ticket_messages`, `task_comments`): a ticket's replies and notes and a task's comments keep
 * their ids (events and files name them), and their files' owner type becomes `comment`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("comments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("object_type", "text", (c) => c.notNull())
    .addColumn("object_id", "text", (c) => c.notNull())
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("author_id", "text", (c) => c.references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("email_message_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("comments_object_idx").on("comments").columns(["object_type", "object_id", "id"]).execute();
  await db.schema.createIndex("comments_email_idx").on("comments").column("email_message_id").execute();
  await sql`
    insert into comments (id, object_type, object_id, account_id, author_id, kind, body, source, email_message_id, created_at)
    select id, 'ticket', ticket_id, account_id, author_id, kind, body, source, email_message_id, created_at from ticket_messages
  `.execute(db);
  await sql`
    insert into comments (id, object_type, object_id, account_id, author_id, kind, body, source, email_message_id, created_at)
    select id, 'task', task_id, account_id, author_id, 'reply', body, source, email_message_id, created_at from task_comments
  `.execute(db);
  await sql`update files set owner_type = 'comment' where owner_type in ('ticket_message', 'task_comment')`.execute(db);
  await db.schema.dropTable("ticket_messages").execute();
  await db.schema.dropTable("task_comments").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("ticket_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("ticket_id", "text", (c) => c.notNull().references("tickets.id"))
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("author_id", "text", (c) => c.references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("email_message_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ticket_messages_ticket_idx").on("ticket_messages").columns(["ticket_id", "id"]).execute();
  await db.schema.createIndex("ticket_messages_email_idx").on("ticket_messages").column("email_message_id").execute();
  await db.schema
    .createTable("task_comments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("task_id", "text", (c) => c.notNull().references("tasks.id"))
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("author_id", "text", (c) => c.references("users.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("email_message_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("task_comments_task_idx").on("task_comments").columns(["task_id", "id"]).execute();
  await db.schema.createIndex("task_comments_email_idx").on("task_comments").column("email_message_id").execute();
  await sql`
    insert into ticket_messages (id, ticket_id, account_id, author_id, kind, body, source, email_message_id, created_at)
    select id, object_id, account_id, author_id, kind, body, source, email_message_id, created_at from comments where object_type = 'ticket'
  `.execute(db);
  // A task's internal notes had no place before conversations: they are dropped with the table.
  await sql`
    insert into task_comments (id, task_id, account_id, author_id, body, source, email_message_id, created_at)
    select id, object_id, account_id, author_id, body, source, email_message_id, created_at from comments
    where object_type = 'task' and kind = 'reply'
  `.execute(db);
  await sql`
    update files set owner_type = case
      when owner_id in (select id from ticket_messages) then 'ticket_message'
      when owner_id in (select id from task_comments) then 'task_comment'
      else owner_type end
    where owner_type = 'comment'
  `.execute(db);
  await db.schema.dropTable("comments").execute();
}
