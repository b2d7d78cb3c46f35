import type { Knex } from 'knex';

// Every API token issued before users existed becomes the token of a service user of its own,
// named after the token (the name the audit log already shows for it), with the token's role. Two
// tokens of the same name, or names differing only in case, get the token id appended to stay
// unique. Irreversible in meaning: down only forgets the link and the users made here.
export async function up(knex: Knex): Promise<void> {
  const tokens: Array<{ id: number; name: string; role: string; created_at: string; created_by: string }> = await knex('api_tokens')
    .whereNull('user_id')
    .select('id', 'name', 'role', 'created_at', 'created_by')
    .orderBy('id');
  const taken = new Set<string>(((await knex('users').select('username_folded')) as Array<{ username_folded: string }>).map((u) => u.username_folded));
  for (const token of tokens) {
    let username = token.name;
    if (taken.has(username.toLowerCase())) username = `${token.name.slice(0, 88)}#${token.id}`;
    taken.add(username.toLowerCase());
    const [row] = await knex('users')
      .insert({
        username,
        username_folded: username.toLowerCase(),
        display_name: token.name,
        role: token.role,
        kind: 'service',
        password_hash: null,
        disabled_at: null,
        created_at: token.created_at,
        created_by: 'migration:token-users',
        updated_at: token.created_at,
      })
      .returning('id');
    const userId = typeof row === 'object' ? (row as { id: number }).id : row;
    await knex('api_tokens').where({ id: token.id }).update({ user_id: userId });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex('api_tokens').update({ user_id: null });
  await knex('users').where({ created_by: 'migration:token-users' }).delete();
}
