// Imports a Flack export archive into a fresh install (docs/EXPORT-IMPORT.md). Stop Flack first, then:
//   [DATA_DIR=./data] [DATABASE_URL=…] [FILES_DIR=…] npm run import -- flack-export.zip [--dry-run]
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { hashToken, newSessionToken } from '../src/core/tokens.js';
import { importWorkspace } from '../src/export/import.js';
import { importSlack } from '../src/export/slack.js';
import { shortcodeTable } from '../src/shared/markup/shortcodes.js';
import { ADMIN_LIMITS } from '../src/shared/admin.js';
import { openPostgresStorage } from '../src/storage/postgres/postgres-storage.js';
import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { loadConfig } from '../src/server/config.js';
import { DiskFileBytes } from '../src/storage/file-bytes/disk-file-bytes.js';
import { openPostgresSink } from '../src/storage/postgres/table-rows.js';
import { openSqliteSink } from '../src/storage/sqlite/table-rows.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'dry-run': { type: 'boolean', default: false }, from: { type: 'string', default: 'flack' } },
});
const archive = positionals[0];
if (!archive || positionals.length > 1) {
  console.error('Usage: npm run import -- <archive.zip> [--dry-run] [--from flack]');
  process.exit(2);
}
if (values.from !== 'flack' && values.from !== 'slack') {
  console.error(`--from ${values.from}: not supported (flack or slack; see docs/EXPORT-IMPORT.md)`);
  process.exit(2);
}
const config = loadConfig();

/**
 * Nobody has a password after an import: each owner gets a one-time reset link here, and signs in with it; they
 * then make everyone else theirs (admin:reset), as for a forgotten password. Bots need a new token (rotate).
 */
async function ownerResetLinks(): Promise<void> {
  const storage = config.databaseUrl ? await openPostgresStorage(config.databaseUrl) : await openSqliteStorage(join(config.dataDir, 'flack.db'));
  try {
    const origin = config.publicUrl ?? `http://localhost:${config.port}`;
    const now = Date.now();
    const owners = (await storage.listUsers()).filter((u) => u.role === 'owner' && !u.deactivated && !u.bot);
    console.log('Nobody has a password yet. One-time links for the owners (then make everyone else theirs, admin:reset):');
    for (const owner of owners) {
      const token = newSessionToken();
      await storage.createPasswordReset(
        { tokenHash: hashToken(token), userId: owner.id, createdBy: owner.id, createdAt: now, expiresAt: now + ADMIN_LIMITS.resetHours * 3600_000 },
        { at: now, actorId: null, action: 'user.reset', targetUserId: owner.id },
      );
      console.log(`  ${owner.username}: ${origin}/#/reset/${token}`);
    }
    console.log('Bots and webhooks keep their accounts but not their tokens: rotate each one for a new token.');
  } finally {
    await storage.close();
  }
}
if (values.from === 'slack') {
  if (values['dry-run']) {
    console.error('--dry-run is for Flack archives only; a Slack import can be re-run safely instead');
    process.exit(2);
  }
  const storage = config.databaseUrl ? await openPostgresStorage(config.databaseUrl) : await openSqliteStorage(join(config.dataDir, 'flack.db'));
  try {
    const { default: iamcal } = await import('emojibase-data/en/shortcodes/iamcal.json', { with: { type: 'json' } });
    const counts = await importSlack(archive, storage, shortcodeTable(iamcal), { progress: (line) => console.log(`  … ${line}`) });
    console.log(`Imported ${archive} from Slack (re-running it adds only what is new):`);
    for (const [what, count] of Object.entries(counts)) console.log(`  ${what}: ${count}`);
    console.log("Slack's files are links in the messages: a Slack export carries no bytes.");
  } catch (error) {
    console.error(`Import stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await storage.close();
  }
  if (process.exitCode !== 1) await ownerResetLinks();
  process.exit();
}
const dryRun = values['dry-run']!;
const sink = config.databaseUrl ? await openPostgresSink(config.databaseUrl) : openSqliteSink(join(config.dataDir, 'flack.db'));
try {
  const counts = await importWorkspace(archive, sink, await new DiskFileBytes(config.filesDir).open(), {
    dryRun,
    progress: (line) => console.log(`  … ${line}`),
  });
  console.log(dryRun ? `Dry run: ${archive} is valid; importing it would create:` : `Imported ${archive}:`);
  for (const [what, count] of Object.entries(counts)) console.log(`  ${what}: ${count}`);
  if (!dryRun) await ownerResetLinks();

} catch (error) {
  console.error(`Nothing was imported: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await sink.close();
}
