// The history's hash chain: every insert from any code path is sealed; after a long mixed session the
// chain verifies (with our verifier and with an independent Python recomputation from the README's
// definition); one byte changed with the sqlite3 shell is named by `verify`.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/catalog/archive';
import { chainHead, verifyChain } from '../../electron/catalog/custody/chain';
import { openDatabase, readMigrations } from '../../electron/catalog/db';
import { ArchiveSession } from '../../electron/service/session';
import { runCli } from '../helpers/cli';
import { CAMERAS, copyFixtures, listJpegs, tempDir } from '../helpers/fixtures';

const open: ArchiveSession[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
const UNSET = { damageIds: [], severity: null, confidence: null, note: '' };

/** An independent recomputation of the chain, written from the README's definition, in Python. */
function pythonChainCheck(catalog: string): { ok: boolean; entries: number; head: string; firstBad: number | null } {
  const script = `
import hashlib, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT h.id, h.change_set, h.at, h.actor, h.action, h.description, h.photo_id, h.entity_id, h.old_json, h.new_json, h.undoes, c.prev_hash, c.entry_hash FROM history h LEFT JOIN history_chain c ON c.history_id = h.id ORDER BY h.id").fetchall()
prev = "0" * 64
n = 0
bad = None
for r in rows:
    canon = json.dumps(["damage-archive-history/1", prev] + list(r[:11]), ensure_ascii=False, separators=(",", ":"))
    h = hashlib.sha256(canon.encode("utf-8")).hexdigest()
    if r[11] != prev or r[12] != h:
        bad = r[0]
        break
    prev = h
    n += 1
print(json.dumps({"ok": bad is None, "entries": n, "head": prev, "firstBad": bad}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, catalog], { encoding: 'utf8' })) as ReturnType<typeof pythonChainCheck>;
}

describe('history hash chain', () => {
  it('seals every entry of a long mixed session, from every code path, and verify names the one row changed with sqlite3', async () => {
    const dir = tempDir();
    const photos = copyFixtures(listJpegs(CAMERAS).slice(0, 4));
    const session = new ArchiveSession(dir, { host: 'web' });
    open.push(session);
    await session.api.startImport({ paths: [photos], mode: 'reference' });
    await session.idle();
    const list = await session.api.listPhotos({});
    const terms = await session.api.getVocabulary({});
    const building = terms.find((t) => t.key === 'building')!.id;
    const gunfire = terms.find((t) => t.kind === 'damage')!.id;
    // Edits, batch, undo/redo, vocabulary, collections: every kind of entry the app writes.
    for (const [i, p] of list.entries()) {
      const r = await session.api.createRegion({ photoId: p.id, geometry: { type: 'rect', x: 0.1, y: 0.1, w: 0.2, h: 0.2 }, classId: building, ...UNSET });
      await session.api.updateRegion({ id: r.id, damageIds: [gunfire], severity: 3 });
      await session.api.applyBatch({ photoIds: [p.id], addTagIds: [], removeTagIds: [], fields: { countryCode: i % 2 ? 'UA' : 'TJ' } });
    }
    await session.api.undo({});
    await session.api.redo({});
    await session.api.undo({});
    await session.api.addTerm({ kind: 'tag', label: 'Chain test tag', parentId: null, colour: null, shortcut: null });
    await session.api.createCollection({ kind: 'album', name: 'Court bundle', query: null, photoIds: list.map((p) => p.id).slice(0, 2) });

    // A code path that knows nothing about the chain: a raw INSERT on the app's connection, and
    // one through a second connection opened the ordinary way (as another process would).
    session.current.db
      .prepare("INSERT INTO history (change_set, at, actor, action, description) VALUES (999, '2026-01-01T00:00:00Z', 'someone', 'other.module', 'written by code that never heard of the chain')")
      .run();
    const other = openDatabase(path.join(dir, 'catalog.sqlite'));
    other.prepare("INSERT INTO history (change_set, at, actor, action, description) VALUES (1000, '2026-01-01T00:00:01Z', 'someone', 'other.process', 'from a second connection')").run();
    other.close();
    // A rolled-back insert leaves no link behind.
    expect(() =>
      session.current.db.transaction(() => {
        session.current.db.prepare("INSERT INTO history (change_set, at, actor, action, description) VALUES (1001, 'x', 'x', 'x', 'x')").run();
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');

    const db = session.current.db;
    const { total } = db.prepare('SELECT count(*) AS total FROM history').get() as { total: number };
    expect(total).toBeGreaterThan(15);
    expect(db.prepare('SELECT count(*) AS n FROM history_chain').get()).toEqual({ n: total });
    const mine = verifyChain(db);
    expect(mine).toMatchObject({ ok: true, entries: total, firstBad: null });
    const py = pythonChainCheck(path.join(dir, 'catalog.sqlite'));
    expect(py).toEqual({ ok: true, entries: total, head: chainHead(db).hash, firstBad: null });
    await session.close();
    open.pop();

    const good = await runCli('verify', '--archive', dir, '--json');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).chain).toMatchObject({ ok: true, firstBad: null });

    // Tamper: change one byte of one entry's stored text with the sqlite3 shell (the append-only
    // trigger must be dropped there first), leaving every link alone.
    const victim = (new Database(path.join(dir, 'catalog.sqlite'), { readonly: true }).prepare("SELECT id, new_json FROM history WHERE action = 'meta.set' ORDER BY id LIMIT 1").get()) as { id: number; new_json: string };
    expect(victim.new_json).toMatch(/"(UA|TJ)"/);
    const altered = victim.new_json.replace(/"UA"/, '"UB"').replace(/"TJ"/, '"TK"');
    execFileSync('sqlite3', [
      path.join(dir, 'catalog.sqlite'),
      `DROP TRIGGER history_append_only_update; UPDATE history SET new_json = '${altered}' WHERE id = ${victim.id};`,
    ]);
    const bad = await runCli('verify', '--archive', dir);
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain(`HISTORY CHAIN BROKEN at entry ${victim.id} (altered)`);
    expect(pythonChainCheck(path.join(dir, 'catalog.sqlite')).firstBad).toBe(victim.id);
    const json = JSON.parse((await runCli('verify', '--archive', dir, '--json')).stdout);
    expect(json.chain.firstBad).toMatchObject({ historyId: victim.id, problem: 'altered' });
    expect(json.chain.entries).toBe(victim.id - 1);
  });

  it('reports an entry slipped in without the app, and one removed', () => {
    const dir = tempDir();
    const a = openArchive(dir);
    for (let i = 0; i < 5; i++) a.db.prepare("INSERT INTO history (change_set, at, actor, action, description) VALUES (?, 't', 'a', 'x', 'y')").run(i + 1);
    a.close();
    const file = path.join(dir, 'catalog.sqlite');
    // The sqlite3 shell has no history_link(): its insert gets no link.
    execFileSync('sqlite3', [file, "INSERT INTO history (change_set, at, actor, action, description) VALUES (9, 't', 'intruder', 'x', 'slipped in');"]);
    const b = openArchive(dir);
    expect(verifyChain(b.db).firstBad).toMatchObject({ historyId: 6, problem: 'unsealed' });
    b.close();
    execFileSync('sqlite3', [file, 'DROP TRIGGER history_append_only_delete; DELETE FROM history WHERE id = 3;']);
    const c = openArchive(dir);
    expect(verifyChain(c.db).firstBad).toMatchObject({ historyId: 3, problem: 'removed' });
    c.close();
  });

  it('chains the history an archive already had when it is upgraded', () => {
    const dir = tempDir();
    const file = path.join(dir, 'catalog.sqlite');
    const old = openDatabase(file, readMigrations().filter((m) => m.version < 11));
    for (let i = 0; i < 7; i++) old.prepare("INSERT INTO history (change_set, at, actor, action, description, new_json) VALUES (?, 't', 'a', 'x', 'y', '\"é\"')").run(i + 1);
    old.close();
    const a = openArchive(dir);
    expect(verifyChain(a.db)).toMatchObject({ ok: true, entries: 7 });
    a.db.prepare("INSERT INTO history (change_set, at, actor, action, description) VALUES (8, 't', 'a', 'x', 'after upgrade')").run();
    expect(verifyChain(a.db)).toMatchObject({ ok: true, entries: 8 });
    a.close();
    expect(pythonChainCheck(file)).toMatchObject({ ok: true, entries: 8 });
  });
});
