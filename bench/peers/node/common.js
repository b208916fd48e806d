// What the two Node peers share: the SQLite file (better-sqlite3, one
// connection and its prepared statements per worker process), TechEmpower's
// rules, and the cluster that gives each core a process.
'use strict';

const cluster = require('node:cluster');
const Database = require('better-sqlite3');

const ADDED_FORTUNE = 'Additional fortune added at request time.';

function options() {
  const args = process.argv.slice(2);
  const found = { port: 8080, workers: 1, db: null };
  for (let i = 0; i + 1 < args.length; i += 2) {
    const name = args[i].replace(/^--/, '');
    if (!(name in found)) {
      console.error(`unknown option ${args[i]}: use --port N --workers N --db PATH`);
      process.exit(2);
    }
    found[name] = name === 'db' ? args[i + 1] : Number(args[i + 1]);
  }
  return found;
}

// Port 0 asks for a free port: the primary takes one first, so every worker
// listens on the same one (cluster shares it between them).
function run(makeServer) {
  const opts = options();
  if (cluster.isPrimary) {
    const probe = require('node:net').createServer();
    probe.listen(opts.port, '127.0.0.1', () => {
      const port = probe.address().port;
      probe.close(() => {
        let ready = 0;
        for (let i = 0; i < opts.workers; i++) {
          const worker = cluster.fork({ PEER_PORT: String(port) });
          worker.on('listening', () => {
            if (++ready === opts.workers) {
              console.log(`listening on http://127.0.0.1:${port}`);
            }
          });
        }
      });
    });
    const stop = () => {
      for (const worker of Object.values(cluster.workers)) worker.kill('SIGTERM');
      process.exit(0);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    return;
  }
  const db = opts.db ? openDatabase(opts.db) : null;
  makeServer(db).listen(Number(process.env.PEER_PORT), '127.0.0.1');
}

function openDatabase(path) {
  const db = new Database(path, { fileMustExist: true, timeout: 20000 });
  db.pragma('synchronous = NORMAL'); // as the app's ORM sets it (the file is in WAL mode)
  const world = db.prepare('SELECT id, randomNumber FROM World WHERE id = ?');
  const update = db.prepare('UPDATE World SET randomNumber = ? WHERE id = ?');
  const fortunes = db.prepare('SELECT id, message FROM Fortune');
  const writeAll = db.transaction((rows) => {
    for (const row of rows) update.run(row.randomNumber, row.id);
  });
  return {
    world: (id) => world.get(id),
    worlds: (count) => Array.from({ length: count }, () => world.get(randomId())),
    update: (rows) => writeAll.immediate([...rows].sort((a, b) => a.id - b.id)),
    fortunes: () => {
      const rows = fortunes.all();
      rows.push({ id: 0, message: ADDED_FORTUNE });
      rows.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
      return rows;
    },
  };
}

function randomId() {
  return 1 + Math.floor(Math.random() * 10000);
}

// TechEmpower's rule: clamp to 1..500, and read anything not a number as 1.
function queriesCount(text) {
  const count = /^-?\d+$/.test(text || '') ? Number(text) : 1;
  return Math.min(Math.max(count, 1), 500);
}

// Escaped by hand, as a Node user without a template engine does.
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function fortunesPage(rows) {
  let page = '<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>';
  for (const row of rows) page += `<tr><td>${row.id}</td><td>${escapeHtml(row.message)}</td></tr>`;
  return page + '</table></body></html>';
}

module.exports = { run, randomId, queriesCount, fortunesPage };
