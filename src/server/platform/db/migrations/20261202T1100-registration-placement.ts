import { type Kysely, sql } from "kysely";
import { companyKey } from "../../../../common/accounts";

/**
 * Registrations that land in the right company: a company name is unique whatever its case or
 * spacing (`name_key`), a client account may list the email domains that place new
 * registrations in it (`account_domains`), and a registrant's company as they typed it is kept
 * (`users.company`) for the agency to place them.
 *
 * Existing duplicates are kept apart by a suffix — "Doe Bakery (2)" — so nothing is merged
 * without an admin deciding it (Clients → the account → Merge).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("users").addColumn("company", "text").execute();
  await db.schema.alterTable("client_accounts").addColumn("name_key", "text").execute();
  const rows = (await sql<{ id: string; name: string }>`select id, name from client_accounts order by created_at, id`.execute(db)).rows;
  const taken = new Set<string>();
  for (const row of rows) {
    let name = row.name;
    for (let n = 2; taken.has(companyKey(name)); n++) name = `${row.name} (${n})`;
    taken.add(companyKey(name));
    await sql`update client_accounts set name = ${name}, name_key = ${companyKey(name)} where id = ${row.id}`.execute(db);
  }
  await db.schema.createIndex("client_accounts_name_key_idx").unique().on("client_accounts").column("name_key").execute();
  await db.schema
    .createTable("account_domains")
    .addColumn("domain", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("client_accounts.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("account_domains_account_idx").on("account_domains").column("account_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("account_domains").execute();
  await db.schema.dropIndex("client_accounts_name_key_idx").execute();
  await db.schema.alterTable("client_accounts").dropColumn("name_key").execute();
  await db.schema.alterTable("users").dropColumn("company").execute();
}
