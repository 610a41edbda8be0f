import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import SQLite from 'better-sqlite3';
import { connectDatabase } from '../src/db/connection';
import { migrateToLatest } from '../src/db/migrate';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ins-'));
const h = connectDatabase({ dataDir: dir }); await migrateToLatest(h.db); await h.close();
const db = new SQLite(path.join(dir, 'aftercare.sqlite')); db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL');
for (const fk of ['OFF', 'ON']) {
db.pragma(`foreign_keys = ${fk}`);
const cols = db.prepare("select name from pragma_table_info('sla_clocks')").all().map((r: any) => r.name);
const ins = db.prepare(`insert into sla_clocks (${cols.join(',')}) values (${cols.map(() => '?').join(',')})`);
const sample = (i: number) => cols.map((c: string) => c === 'subject_id' ? `${fk}-${i}` : c === 'name' ? 'response' : c.endsWith('_ms') || c === 'pausable' ? 1 : c.endsWith('_at') ? new Date().toISOString() : c === 'excluded' || c === 'requirement' || c==='outlet_id' ? null : 'x');
const N = 20000; const t0 = performance.now();
db.transaction(() => { for (let i = 0; i < N; i++) ins.run(sample(i)); })();
console.log('fk', fk, 'sla_clocks insert µs', ((performance.now() - t0) / N * 1000).toFixed(1));
}
